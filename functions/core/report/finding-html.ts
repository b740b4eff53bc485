/**
 * One finding in the report's index: a line that says what, where and when (with its sentence),
 * opening onto its key facts, its chart, its evidence as tables (the raw JSON behind a control, held
 * once in the page's data block rather than in the document), its lifecycle status with the force's
 * and auditors' responses, and links to the findings its evidence names. The element carries
 * `data-finding-id` and `data-force` (the slug), and what the page's filters read.
 */
import type { FindingEvent, FindingStatusName } from '../model/finding-events.ts';
import type { Finding } from '../model/findings.ts';
import { lookupOffence } from '../reference/offence-reference.ts';
import { type ChartSpec, lastMonth } from './chart-data.ts';
import { anchorId, escapeHtml } from './escape.ts';
import { evidenceHtml } from './evidence-tables.ts';
import { formatChange, formatMeasure, formatProbability, formatSigned } from './format.ts';
import { forceName, monthText, periodRangeText, proseText } from './period-text.ts';

export const SEVERITY_RANK: Readonly<Record<string, number>> = { high: 0, medium: 1, low: 2, info: 3 };
const SIGNATURE_LABEL: Readonly<Record<string, string>> = {
  reclassification: 'Reclassification',
  no_crime_spike: 'No-crime spike',
  sudden_drop: 'Sudden drop',
  data_quality: 'Data quality',
};

export const signatureLabel = (s: string): string => SIGNATURE_LABEL[s] ?? s.replaceAll('_', ' ');
export const findingAnchor = (id: string): string => anchorId('finding', id);

export function offenceText(f: Finding): string {
  if (f.offence_code) {
    const info = lookupOffence(f.offence_code);
    const description = info?.description ?? f.offence_subgroup ?? f.offence_group;
    return description ? `${f.offence_code} ${description}` : f.offence_code;
  }
  if (f.offence_subgroup) return `${f.offence_group ?? ''} › ${f.offence_subgroup}`.replace(/^ › /, '');
  return f.offence_group ?? 'All offences';
}

/** What the page needs about a finding beyond its row. */
export interface FindingContext {
  evidence: unknown;
  chart: ChartSpec | null;
  status: FindingStatusName;
  events: readonly FindingEvent[];
  related: readonly Finding[];
  checkDescription?: string | undefined;
  /** Position in the default order (severity, then evidence), for the page's sort to fall back on. */
  order: number;
}

const fact = (label: string, value: string): string => `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`;

/** Counts with their unit; a rate (a share cancelled) as a percentage of the crimes recorded. */
function measure(v: number | null, unit: Finding['unit']): string {
  if (unit === 'rate' && v !== null && Number.isFinite(v))
    return `${Number((v * 100).toPrecision(3))}% of crimes recorded`;
  return `${formatMeasure(v, unit)}${v === null ? '' : ` ${unit}`}`;
}

function factsHtml(f: Finding): string {
  const change = formatChange(f.observed, f.expected);
  const facts = [
    fact('Force', escapeHtml(forceName(f.force_code))),
    fact('Period', escapeHtml(periodRangeText(f.period_start, f.period_end))),
    fact('Offence', escapeHtml(offenceText(f))),
    fact('Observed', escapeHtml(measure(f.observed, f.unit))),
    fact('Expected', escapeHtml(`${measure(f.expected, f.unit)}${change ? ` (observed ${change})` : ''}`)),
    fact('q-value', escapeHtml(formatProbability(f.q_value))),
    fact('p-value', escapeHtml(formatProbability(f.p_value))),
    fact('Effect size', escapeHtml(formatSigned(f.effect_size))),
    fact(
      'Check',
      `<code>${escapeHtml(f.check_id)}</code> <span class="muted">rules ${escapeHtml(f.rule_version)}</span>`,
    ),
  ];
  if (f.offence_group && f.offence_code) facts.push(fact('Offence group', escapeHtml(f.offence_group)));
  if (f.related_offence_code) {
    const related = lookupOffence(f.related_offence_code);
    const text = related ? `${f.related_offence_code} ${related.description}` : f.related_offence_code;
    facts.push(fact('Related offence', escapeHtml(text)));
  }
  return `<dl class="facts">${facts.join('')}</dl>`;
}

function chartHtml(f: Finding, chart: ChartSpec | null): string {
  if (!chart) return '<p class="muted">No series to chart for this finding.</p>';
  const unitName = chart.step === 3 ? 'quarters' : 'months';
  const keys = [
    '<span class="key observed">observed</span>',
    chart.expected ? '<span class="key expected">expected (from the evidence)</span>' : '',
    chart.peerCount
      ? `<span class="key peers">range of ${chart.peerCount} peer forces, on this force's scale</span>`
      : '',
    `<span class="key flagged">tested period, ${escapeHtml(periodRangeText(chart.flagged[0], chart.flagged[1]))}</span>`,
    chart.baseline
      ? `<span class="key baseline">baseline, ${escapeHtml(periodRangeText(chart.baseline[0], chart.baseline[1]))}</span>`
      : '',
    chart.leftOut.length > 0
      ? `<span class="key left-out">${chart.leftOut.length} ${unitName} left out by the check</span>`
      : '',
  ].filter((k) => k !== '');
  const expectedPoints = chart.expected?.filter((v) => v !== null).length ?? 0;
  const observedPoints = chart.observed.filter((v) => v !== null).length;
  const missing = chart.observed.length - observedPoints;
  const caption = `${forceName(f.force_code)}, ${offenceText(f)}: ${chart.unit}, ${monthText(chart.periods[0]!)} – ${monthText(
    lastMonth(chart),
  )}${missing > 0 ? `; ${missing} ${unitName} with no return are gaps in the line` : ''}.`;
  return `<figure class="chart-figure">
<div class="chart" role="img" aria-label="${escapeHtml(caption)}" data-chart-id="${escapeHtml(f.finding_id)}" data-expected-points="${expectedPoints}" data-observed-points="${observedPoints}" data-peer-points="${chart.peerLow?.filter((v) => v !== null).length ?? 0}"></div>
<figcaption>${escapeHtml(caption)}<br>${keys.join(' ')}</figcaption>
</figure>`;
}

function lifecycleHtml(status: FindingStatusName, events: readonly FindingEvent[]): string {
  const responses = events.filter((e) => e.role !== 'system');
  const rows = events
    .map(
      (e) =>
        `<tr><td>${escapeHtml(e.created_at.toISOString().slice(0, 16).replace('T', ' '))}</td><td>${escapeHtml(
          e.action,
        )}</td><td>${escapeHtml(e.role)}</td><td>${escapeHtml(e.actor)}</td><td>${escapeHtml(e.note ?? '')}</td></tr>`,
    )
    .join('');
  const table =
    events.length > 0
      ? `<div class="scroll"><table><thead><tr><th scope="col">When (UTC)</th><th scope="col">Action</th><th scope="col">Role</th><th scope="col">By</th><th scope="col">Note</th></tr></thead><tbody>${rows}</tbody></table></div>`
      : '';
  return `<h4>Status: <span class="status st-${escapeHtml(status)}">${escapeHtml(status)}</span></h4>
<p class="muted">${responses.length === 0 ? 'No response from the force or an auditor yet.' : `${responses.length} response${responses.length === 1 ? '' : 's'} recorded.`}</p>${table}`;
}

function relatedHtml(related: readonly Finding[]): string {
  if (related.length === 0) return '';
  const items = related
    .map(
      (r) =>
        `<li><a href="#${findingAnchor(r.finding_id)}">${escapeHtml(
          `${signatureLabel(r.signature)}, ${forceName(r.force_code)}, ${offenceText(r)}, ${periodRangeText(r.period_start, r.period_end)}`,
        )}</a> <span class="muted">(${escapeHtml(r.severity)})</span></li>`,
    )
    .join('');
  return `<h4>Related findings</h4><ul class="related">${items}</ul>`;
}

/** The text the page's search box matches: names, not slugs, and what the line says. */
function searchText(f: Finding, summary: string): string {
  return [
    forceName(f.force_code),
    f.force_code,
    signatureLabel(f.signature),
    f.check_id,
    offenceText(f),
    summary,
  ]
    .join(' ')
    .toLowerCase();
}

export function renderFinding(f: Finding, c: FindingContext): string {
  const summary = proseText(f.summary);
  const id = escapeHtml(f.finding_id);
  const attrs = [
    `id="${findingAnchor(f.finding_id)}"`,
    `data-finding-id="${id}"`,
    `data-force="${escapeHtml(f.force_code)}"`,
    `data-force-name="${escapeHtml(forceName(f.force_code))}"`,
    `data-signature="${escapeHtml(f.signature)}"`,
    `data-severity="${escapeHtml(f.severity)}"`,
    `data-status="${escapeHtml(c.status)}"`,
    `data-near-target="${f.near_target}"`,
    `data-rank="${SEVERITY_RANK[f.severity] ?? 9}"`,
    `data-order="${c.order}"`,
    `data-period-start="${escapeHtml(f.period_start)}"`,
    `data-search="${escapeHtml(searchText(f, summary))}"`,
  ].join(' ');
  return `<li class="finding sev-${escapeHtml(f.severity)}" ${attrs}>
<details class="finding-body"><summary><span class="line"><span class="badge sev-${escapeHtml(f.severity)}">${escapeHtml(
    f.severity,
  )}</span> <span class="tag">${escapeHtml(signatureLabel(f.signature))}</span> <strong>${escapeHtml(
    forceName(f.force_code),
  )}</strong> · ${escapeHtml(offenceText(f))} · ${escapeHtml(periodRangeText(f.period_start, f.period_end))} <span class="status st-${escapeHtml(
    c.status,
  )}">${escapeHtml(c.status)}</span>${f.near_target ? ' <span class="tag">near a target</span>' : ''}</span>
<span class="sentence">${escapeHtml(summary)}</span></summary>
<div class="body">
${c.checkDescription ? `<p class="muted">${escapeHtml(c.checkDescription)}</p>` : ''}${factsHtml(f)}
${chartHtml(f, c.chart)}
<details class="evidence"><summary>Evidence: method, parameters, baseline, peers and the numbers tested</summary>
${evidenceHtml(c.evidence, f.evidence)}
</details>
<p class="raw-controls"><button type="button" data-raw="${id}">Show raw JSON</button> <button type="button" data-download="${id}">Download JSON</button> <span class="muted">finding <code>${id}</code> · run <code>${escapeHtml(
    f.run_id,
  )}</code></span></p>
<pre id="raw-${id}" class="raw" hidden></pre>
${lifecycleHtml(c.status, c.events)}
${relatedHtml(c.related)}
</div>
</details>
</li>`;
}
