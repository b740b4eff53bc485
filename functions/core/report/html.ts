/**
 * The auditor's report (`auditor report`) as one self-contained HTML page: a summary, the findings
 * index (sort, filter, search; each finding with its facts, chart, evidence, status and responses),
 * any extra sections the caller adds (a league table, say), the coverage of the audit, and how to
 * read it all. Its CSS and script are inline, uPlot among them, so the file loads nothing from the
 * network: it can be mailed, opened offline and printed.
 *
 * Pure: the caller supplies the time, the uPlot asset text, the events and the coverage it read.
 * Every string taken from a finding or the caller is escaped; the page's data block is JSON with `<`
 * escaped, so no data can close the script it sits in.
 */
import { capitalise } from '../checks/wording.ts';
import { findingStatuses } from '../lifecycle/status.ts';
import type { FindingEvent } from '../model/finding-events.ts';
import { type Finding, SEVERITIES, type Severity, SIGNATURES } from '../model/findings.ts';
import type { Run } from '../model/runs.ts';
import { type ChartSpec, chartSpec, type SeriesPoint } from './chart-data.ts';
import { type CoverageInput, renderCoverage } from './coverage.ts';
import { escapeHtml } from './escape.ts';
import { type FindingContext, SEVERITY_RANK, signatureLabel } from './finding-html.ts';
import { renderFindingsIndex } from './findings-index.ts';
import { formatNumber } from './format.ts';
import { reportPage } from './page-script.ts';
import { REPORT_CSS } from './styles.ts';

export type { SeriesPoint };

/** A section another part of the project adds to the page (rendered after the findings index). */
export interface ReportSection {
  id: string;
  title: string;
  /** Trusted HTML, built (and escaped) by its own renderer. */
  html: string;
  css?: string;
}

export interface ReportInput {
  findings: readonly Finding[];
  /** The force's whole series for each finding, keyed by finding_id; else the evidence's excerpt is charted. */
  series?: ReadonlyMap<string, readonly SeriesPoint[]>;
  /** The same series of each peer force its evidence names (`peersOf`), keyed by finding_id. */
  peerSeries?: ReadonlyMap<string, readonly (readonly SeriesPoint[])[]>;
  runs?: readonly Run[];
  /** Every finding event (finding_events): the status and responses shown with each finding. */
  events?: readonly FindingEvent[];
  coverage?: CoverageInput;
  sections?: readonly ReportSection[];
  /** uPlot's minified script and stylesheet, read by the caller; without them charts are not drawn. */
  assets?: { uplotScript: string; uplotCss: string };
  /** One-sentence descriptions of the checks, keyed by check_id (shown beside each finding). */
  checkDescriptions?: Readonly<Record<string, string>>;
  /** Who or what the report is for, e.g. "examples/returns" (never an absolute path). */
  generatedFor: string;
  /** When it was generated, as the caller wants it printed (e.g. an ISO timestamp). */
  generatedAt: string;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Most severe first, then the strongest evidence (smallest q, nulls last), then time, then id. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9) ||
    (a.q_value ?? 2) - (b.q_value ?? 2) ||
    compareText(a.period_start, b.period_start) ||
    compareText(a.check_id, b.check_id) ||
    compareText(a.finding_id, b.finding_id)
  );
}

function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

function parseEvidence(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

const FINDING_ID = /f_[0-9a-f]{32}/g;

function contextsOf(sorted: readonly Finding[], input: ReportInput, charts: Record<string, ChartSpec>) {
  const byId = new Map(sorted.map((f) => [f.finding_id, f]));
  const statuses = findingStatuses(input.events ?? []);
  const eventsOf = new Map<string, FindingEvent[]>();
  for (const e of input.events ?? []) eventsOf.set(e.finding_id, [...(eventsOf.get(e.finding_id) ?? []), e]);
  const contexts = new Map<string, FindingContext>();
  sorted.forEach((f, order) => {
    const evidence = parseEvidence(f.evidence);
    const chart = chartSpec(
      f,
      evidence,
      input.series?.get(f.finding_id),
      input.peerSeries?.get(f.finding_id),
    );
    if (chart) charts[f.finding_id] = chart;
    const related = [...new Set(f.evidence.match(FINDING_ID) ?? [])]
      .filter((id) => id !== f.finding_id)
      .flatMap((id) => byId.get(id) ?? []);
    const events = (eventsOf.get(f.finding_id) ?? []).sort(
      (a, b) => a.created_at.getTime() - b.created_at.getTime() || compareText(a.event_id, b.event_id),
    );
    contexts.set(f.finding_id, {
      evidence,
      chart,
      status: statuses.get(f.finding_id)?.status ?? 'open',
      events,
      related,
      checkDescription: input.checkDescriptions?.[f.check_id],
      order,
    });
  });
  return contexts;
}

function renderTotals(findings: readonly Finding[]): string {
  const counts = countBySeverity(findings);
  const forces = new Set(findings.map((f) => f.force_code)).size;
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
  return `<section id="summary" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<p>${formatNumber(findings.length)} finding${findings.length === 1 ? '' : 's'} in ${formatNumber(forces)} force${forces === 1 ? '' : 's'}.</p>
<div class="cards">${cards}</div>
<div class="scroll"><table><thead><tr><th scope="col">Signature</th>${SEVERITIES.map(
    (s) => `<th scope="col" class="num">${capitalise(s)}</th>`,
  ).join('')}<th scope="col" class="num">Total</th></tr></thead><tbody>${rows}</tbody></table></div>
</section>`;
}

const HOW_TO_READ = `<section id="how" aria-labelledby="how-h">
<h2 id="how-h">How to read this report</h2>
<p>Each finding is a statistical signature in a force's own returns that <strong>requires explanation</strong>:
a change in how crimes were classified, a rise in cancellations, a sudden fall, or a problem with the data
itself. It is not an accusation and not a conclusion that crimes were mis-recorded; changes in policing,
in crime, in systems or in counting rules can all produce the same pattern, and the force is best placed to
explain it.</p>
<p>Severity reflects how large and how clear-cut the pattern is, as the rules of the check (named, with
its rule version, on each finding) define it. The q-value is the p-value adjusted for the many series
tested in the same run (a false discovery rate): small values mean the pattern is unlikely to be chance
alone. Open a finding to see its chart: the force's series by month (a month with no return is a gap),
the expected values where the check computed them (dashed), the range of the peer forces it was
compared with (grey band; counts scaled to the force's own baseline level), the tested period shaded orange, the baseline
it was compared with shaded blue and the months left out of that baseline in grey. Its evidence lists the
method, parameters, baseline and peers used, so the result can be reproduced. Periods are calendar
months (<em>Apr 2006 – Jun 2007</em>); a financial year is named as one.</p>
</section>`;

/** uPlot's banner names its home page; the page must carry no address, so it is replaced. */
function inlineScript(text: string): string {
  return text.replace(/^\/\*![^*]*\*\//, '/* uPlot (MIT licence) */').replaceAll('</script', '<\\/script');
}

const jsonForScript = (value: unknown): string => JSON.stringify(value).replaceAll('<', '\\u003c');

function emptyText(input: ReportInput): string {
  const coverage = input.coverage;
  if (coverage && coverage.inputFiles.length === 0) {
    return coverage.quarantined.length > 0
      ? 'No returns were audited: every input file was quarantined (their reasons are under Coverage).'
      : 'No returns were audited: no input file was accepted.';
  }
  return 'No findings: nothing in the audited returns met the thresholds of any check.';
}

export function renderReport(input: ReportInput): string {
  const sorted = [...input.findings].sort(compareFindings);
  const charts: Record<string, ChartSpec> = {};
  const contexts = contextsOf(sorted, input, charts);
  const sections = input.sections ?? [];
  const nav = [
    ['summary', 'Summary'],
    ['findings', 'Findings'],
    ...sections.map((s) => [s.id, s.title] as const),
    ['coverage', 'Coverage'],
    ['how', 'How to read this report'],
  ]
    .map(([id, title]) => `<li><a href="#${escapeHtml(id)}">${escapeHtml(title)}</a></li>`)
    .join('');
  const extra = sections
    .map(
      (s) =>
        `<section id="${escapeHtml(s.id)}" aria-labelledby="${escapeHtml(s.id)}-h"><h2 id="${escapeHtml(s.id)}-h">${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`,
    )
    .join('\n');
  const data = {
    charts,
    evidence: Object.fromEntries(
      sorted.map((f) => {
        const parsed = contexts.get(f.finding_id)?.evidence ?? null;
        return [f.finding_id, parsed === null ? f.evidence : JSON.stringify(parsed)];
      }),
    ),
  };
  const forcesWithFindings = new Set(sorted.map((f) => f.force_code));
  const script = input.assets
    ? `<script>${inlineScript(input.assets.uplotScript)}</script>
<script>var __name = function (f) { return f; };
(${reportPage.toString()})(document, window, uPlot);</script>`
    : '';
  const title = `Recording-integrity audit: ${input.generatedFor}`;
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${input.assets?.uplotCss ?? ''}
${REPORT_CSS}
${sections.map((s) => s.css ?? '').join('\n')}</style>
</head>
<body>
<a class="skip" href="#findings">Skip to the findings</a>
<header class="page-head">
<h1>Recording-integrity audit</h1>
<p class="meta">For ${escapeHtml(input.generatedFor)} · generated ${escapeHtml(input.generatedAt)}</p>
<nav aria-label="Sections"><ul>${nav}</ul></nav>
</header>
<main class="page">
${renderTotals(sorted)}
${renderFindingsIndex(sorted, contexts, emptyText(input))}
${extra}
${renderCoverage(input.coverage, input.runs ?? [], forcesWithFindings)}
${HOW_TO_READ}
</main>
<footer class="page">Police-recorded crime recording-integrity auditor. This file is self-contained: it loads nothing from the network.</footer>
<script type="application/json" id="report-data">${jsonForScript(data)}</script>
${script}
</body>
</html>
`;
}
