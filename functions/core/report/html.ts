/**
 * The self-contained HTML report for auditors (`auditor report`): totals by severity and signature,
 * then the findings grouped by force (the force with the most severe findings first), each with its
 * numbers, its plain-English summary, a chart of the flagged series and its evidence.
 *
 * One string out, no scripts, no external fonts, styles or images, so the file can be mailed, opened
 * offline and printed. Pure: the caller supplies the time it was generated. Every string taken from a
 * finding or the caller is escaped.
 */

import { capitalise } from '../checks/wording.ts';
import { type Finding, SEVERITIES, type Severity, SIGNATURES } from '../model/findings.ts';
import type { Run } from '../model/runs.ts';
import { forceBySlug } from '../reference/forces.ts';
import { lookupOffence } from '../reference/offence-reference.ts';
import { anchorId, escapeHtml } from './escape.ts';
import { formatChange, formatMeasure, formatNumber, formatProbability, formatSigned } from './format.ts';
import { REPORT_CSS } from './styles.ts';
import { type ChartPoint, renderLineChart } from './svg-chart.ts';

export type SeriesPoint = ChartPoint;

export interface ReportInput {
  findings: readonly Finding[];
  /**
   * The series to chart for each finding, keyed by finding_id. A finding without an entry is charted
   * from the `series` excerpt in its evidence when that has at least two points, else not charted.
   */
  series?: ReadonlyMap<string, readonly SeriesPoint[]>;
  /** Audit runs to list (most recent first). */
  runs?: readonly Run[];
  /** One-sentence descriptions of the checks, keyed by check_id (shown beside each finding). */
  checkDescriptions?: Readonly<Record<string, string>>;
  /** Who or what the report is for, e.g. "All forces, examples/returns". */
  generatedFor: string;
  /** When it was generated, as the caller wants it printed (e.g. an ISO timestamp). */
  generatedAt: string;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { high: 0, medium: 1, low: 2, info: 3 };
const SIGNATURE_LABEL: Readonly<Record<string, string>> = {
  reclassification: 'Reclassification',
  no_crime_spike: 'No-crime spike',
  sudden_drop: 'Sudden drop',
  data_quality: 'Data quality',
};

const signatureLabel = (s: string): string => SIGNATURE_LABEL[s] ?? s.replaceAll('_', ' ');
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Most severe first, then the strongest evidence (smallest q, nulls last), then time, then id. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (a.q_value ?? 2) - (b.q_value ?? 2) ||
    compareText(a.period_start, b.period_start) ||
    compareText(a.check_id, b.check_id) ||
    compareText(a.finding_id, b.finding_id)
  );
}

export interface ForceGroup {
  force_code: string;
  findings: Finding[];
  counts: Record<Severity, number>;
}

/**
 * Findings grouped by force: forces ordered by their most severe finding, then by how many findings
 * they have at each severity from the top down, then by slug; findings within a force by compareFindings.
 */
export function groupByForce(findings: readonly Finding[]): ForceGroup[] {
  const byForce = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byForce.get(f.force_code);
    if (list) list.push(f);
    else byForce.set(f.force_code, [f]);
  }
  const groups = [...byForce].map(([force_code, list]): ForceGroup => {
    const counts = countBySeverity(list);
    return { force_code, findings: [...list].sort(compareFindings), counts };
  });
  return groups.sort((a, b) => {
    const worstA = SEVERITY_RANK[a.findings[0]!.severity];
    const worstB = SEVERITY_RANK[b.findings[0]!.severity];
    if (worstA !== worstB) return worstA - worstB;
    for (const s of SEVERITIES) {
      if (a.counts[s] !== b.counts[s]) return b.counts[s] - a.counts[s];
    }
    return compareText(a.force_code, b.force_code);
  });
}

function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

function forceName(slug: string): string {
  return forceBySlug(slug)?.name ?? slug;
}

function periodText(f: Pick<Finding, 'period_start' | 'period_end'>): string {
  return f.period_start === f.period_end ? f.period_start : `${f.period_start} to ${f.period_end}`;
}

function offenceText(f: Finding): string {
  if (f.offence_code) {
    const info = lookupOffence(f.offence_code);
    const description = info?.description ?? f.offence_subgroup ?? f.offence_group;
    return description ? `${f.offence_code} ${description}` : f.offence_code;
  }
  if (f.offence_subgroup) return `${f.offence_group ?? ''} › ${f.offence_subgroup}`.replace(/^ › /, '');
  return f.offence_group ?? 'All offences';
}

/** Evidence as stored is JSON text; show it indented when it parses, as given when it does not. */
function parseEvidence(text: string): { pretty: string; value: unknown } {
  try {
    const value: unknown = JSON.parse(text);
    return { pretty: JSON.stringify(value, null, 2), value };
  } catch {
    return { pretty: text, value: null };
  }
}

/** The `series` excerpt of parsed evidence, when it has the expected shape. */
function seriesFromEvidence(value: unknown): ChartPoint[] | null {
  if (typeof value !== 'object' || value === null) return null;
  const raw = (value as { series?: unknown }).series;
  if (!Array.isArray(raw)) return null;
  const points: ChartPoint[] = [];
  for (const item of raw) {
    if (typeof item !== 'object' || item === null) return null;
    const { period, value: v, expected } = item as Record<string, unknown>;
    if (typeof period !== 'string') return null;
    points.push({
      period,
      value: typeof v === 'number' ? v : null,
      expected: typeof expected === 'number' ? expected : null,
    });
  }
  return points;
}

function chartPoints(f: Finding, input: ReportInput, evidence: unknown): readonly ChartPoint[] | null {
  const given = input.series?.get(f.finding_id);
  if (given && given.length > 0) return given;
  const excerpt = seriesFromEvidence(evidence);
  return excerpt && excerpt.filter((p) => p.value !== null).length >= 2 ? excerpt : null;
}

function fact(label: string, value: string): string {
  return `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`;
}

function renderFinding(f: Finding, input: ReportInput): string {
  const { pretty, value } = parseEvidence(f.evidence);
  const points = chartPoints(f, input, value);
  const change = formatChange(f.observed, f.expected);
  const checkDescription = input.checkDescriptions?.[f.check_id];
  const offence = offenceText(f);

  const facts = [
    fact('Period', escapeHtml(periodText(f))),
    fact('Offence', escapeHtml(offence)),
    fact(
      'Observed',
      escapeHtml(`${formatMeasure(f.observed, f.unit)}${f.observed === null ? '' : ` ${f.unit}`}`),
    ),
    fact(
      'Expected',
      escapeHtml(
        `${formatMeasure(f.expected, f.unit)}${f.expected === null ? '' : ` ${f.unit}`}${change ? ` (observed ${change})` : ''}`,
      ),
    ),
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
    facts.push(
      fact(
        'Related offence',
        escapeHtml(related ? `${f.related_offence_code} ${related.description}` : f.related_offence_code),
      ),
    );
  }

  const chart = points
    ? `<figure>${renderLineChart({
        points,
        highlight: { start: f.period_start, end: f.period_end },
        title: `${forceName(f.force_code)}: ${offence}, ${signatureLabel(f.signature).toLowerCase()}`,
        description: `Monthly series with the finding's period (${periodText(f)}) shaded${
          points.some((p) => typeof p.expected === 'number') ? ' and expected values dashed' : ''
        }.`,
      })}<figcaption>${escapeHtml(offence)}: the shaded band is the period of the finding.</figcaption></figure>`
    : '';

  return `<article class="finding sev-${escapeHtml(f.severity)}" id="${anchorId('finding', f.finding_id)}">
<header><span class="badge sev-${escapeHtml(f.severity)}">${escapeHtml(f.severity)}</span> <span class="tag">${escapeHtml(
    signatureLabel(f.signature),
  )}</span>${f.near_target ? ' <span class="tag">near a target window</span>' : ''} <h3>${escapeHtml(offence)} · ${escapeHtml(
    periodText(f),
  )}</h3></header>
<p class="summary">${escapeHtml(f.summary)}</p>
${checkDescription ? `<p class="muted">${escapeHtml(checkDescription)}</p>` : ''}
<dl class="facts">${facts.join('')}</dl>
${chart}
<details><summary>Evidence</summary><pre>${escapeHtml(pretty)}</pre><p class="muted">Finding <code>${escapeHtml(
    f.finding_id,
  )}</code> · run <code>${escapeHtml(f.run_id)}</code> · input <code>${escapeHtml(f.input_sha256)}</code></p></details>
</article>`;
}

function renderTotals(findings: readonly Finding[], groups: readonly ForceGroup[]): string {
  const counts = countBySeverity(findings);
  const cards = SEVERITIES.map(
    (s) =>
      `<div class="card sev-${s}"><div class="n">${formatNumber(counts[s])}</div><div>${capitalise(s)}</div></div>`,
  ).join('');
  const signatures = [...new Set([...SIGNATURES, ...findings.map((f) => f.signature)])];
  const rows = signatures
    .map((sig) => {
      const of = findings.filter((f) => f.signature === sig);
      const c = countBySeverity(of);
      return `<tr><th scope="row">${escapeHtml(signatureLabel(sig))}</th>${SEVERITIES.map(
        (s) => `<td class="num">${formatNumber(c[s])}</td>`,
      ).join('')}<td class="num"><strong>${formatNumber(of.length)}</strong></td></tr>`;
    })
    .join('');
  return `<section class="totals" aria-labelledby="totals-h">
<h2 id="totals-h">Summary</h2>
<p>${formatNumber(findings.length)} finding${findings.length === 1 ? '' : 's'} in ${formatNumber(groups.length)} force${
    groups.length === 1 ? '' : 's'
  }.</p>
<div class="cards">${cards}</div>
<table><thead><tr><th scope="col">Signature</th>${SEVERITIES.map(
    (s) => `<th scope="col" class="num">${capitalise(s)}</th>`,
  ).join('')}<th scope="col" class="num">Total</th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
}

function renderRuns(runs: readonly Run[]): string {
  if (runs.length === 0) return '';
  const sorted = [...runs].sort(
    (a, b) => b.started_at.getTime() - a.started_at.getTime() || compareText(a.run_id, b.run_id),
  );
  const rows = sorted
    .map(
      (r) =>
        `<tr><td><code>${escapeHtml(r.run_id)}</code></td><td>${escapeHtml(r.kind)}</td><td>${escapeHtml(
          r.started_at.toISOString(),
        )}</td><td>${escapeHtml(r.status)}</td><td class="num">${formatNumber(r.files_seen)}</td><td class="num">${formatNumber(
          r.files_ingested,
        )}</td><td class="num">${formatNumber(r.files_unchanged)}</td><td class="num">${formatNumber(
          r.files_quarantined,
        )}</td><td class="num">${formatNumber(r.forces_audited)}</td><td class="num">${formatNumber(
          r.findings_total,
        )}</td><td>${escapeHtml(r.message)}</td></tr>`,
    )
    .join('');
  return `<section class="runs" aria-labelledby="runs-h">
<h2 id="runs-h">Audit runs</h2>
<table><thead><tr><th scope="col">Run</th><th scope="col">Kind</th><th scope="col">Started (UTC)</th><th scope="col">Status</th><th scope="col" class="num">Files</th><th scope="col" class="num">Ingested</th><th scope="col" class="num">Unchanged</th><th scope="col" class="num">Quarantined</th><th scope="col" class="num">Forces</th><th scope="col" class="num">Findings</th><th scope="col">Message</th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
}

const HOW_TO_READ = `<section class="notice" aria-labelledby="how-h">
<h2 id="how-h">How to read this report</h2>
<p>Each finding is a statistical signature in a force's own returns that <strong>requires explanation</strong>:
a change in how crimes were classified, a rise in cancellations, a sudden fall, or a problem with the data
itself. It is not an accusation and not a conclusion that crimes were mis-recorded; changes in policing,
in crime, in systems or in counting rules can all produce the same pattern, and the force is best placed to
explain it.</p>
<p>Severity reflects how large and how clear-cut the pattern is, as the rules of the check (named, with
its rule version, on each finding) define it. The q-value is the p-value
adjusted for the many series tested in the same run (a false discovery rate): small values mean the
pattern is unlikely to be chance alone. Charts show the flagged series with the finding's period shaded
and, where the check computed one, the expected value as a dashed line. Each finding's evidence lists the
method, parameters, baseline and peers used, so the result can be reproduced.</p>
</section>`;

export function renderReport(input: ReportInput): string {
  const groups = groupByForce(input.findings);
  const usedIds = new Set<string>();
  const forceAnchors = new Map<string, string>();
  for (const g of groups) {
    let id = anchorId('force', g.force_code);
    for (let k = 2; usedIds.has(id); k++) id = `${anchorId('force', g.force_code)}-${k}`;
    usedIds.add(id);
    forceAnchors.set(g.force_code, id);
  }

  const countsText = (c: Record<Severity, number>) =>
    SEVERITIES.filter((s) => c[s] > 0)
      .map((s) => `${c[s]} ${s}`)
      .join(', ');

  const toc =
    groups.length === 0
      ? ''
      : `<nav class="toc" aria-labelledby="toc-h"><h2 id="toc-h">Forces</h2><ol>${groups
          .map(
            (g) =>
              `<li><a href="#${forceAnchors.get(g.force_code)}">${escapeHtml(forceName(g.force_code))}</a> <span class="muted">(${escapeHtml(
                countsText(g.counts),
              )})</span></li>`,
          )
          .join('')}</ol></nav>`;

  const sections =
    groups.length === 0
      ? '<p>No findings: nothing in the audited returns met the thresholds of any check.</p>'
      : groups
          .map(
            (g) => `<section class="force" id="${forceAnchors.get(g.force_code)}">
<h2>${escapeHtml(forceName(g.force_code))} <small><code>${escapeHtml(g.force_code)}</code> · ${escapeHtml(
              countsText(g.counts),
            )}</small></h2>
${g.findings.map((f) => renderFinding(f, input)).join('\n')}
</section>`,
          )
          .join('\n');

  const title = `Recording-integrity audit: ${input.generatedFor}`;
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<div class="page">
<header>
<h1>Recording-integrity audit</h1>
<p class="meta">For ${escapeHtml(input.generatedFor)} · generated ${escapeHtml(input.generatedAt)}</p>
</header>
${HOW_TO_READ}
${renderTotals(input.findings, groups)}
${renderRuns(input.runs ?? [])}
${toc}
<main>
${sections}
</main>
<footer>Police-recorded crime recording-integrity auditor. This file is self-contained: it loads nothing from the network.</footer>
</div>
</body>
</html>
`;
}
