/**
 * What a force's data team is told, as plain text: new findings (what to look at, the Athena query
 * that lists them, how to respond), or an upload that was rejected (where the report is, what to
 * fix), or a lifecycle notice (lifecycle-notice.ts: a refused response, a dispute or reopening, the
 * weekly digest). One notice is about one force only; the SNS message attribute `force_code` carries its slug
 * so that each force's subscription (a filter policy on force_code) receives its own notices only.
 *
 * Wording follows the findings' own: a finding requires explanation, it is not an accusation.
 */
import { type Finding, SEVERITIES, type Severity } from '#core/model/findings.ts';
import type { ValidationReport } from '#core/model/validation.ts';
import { formatIssue } from '#core/model/validation.ts';
import { forceBySlug } from '#core/reference/forces.ts';
import { keys, PREFIXES } from '#store/layout.ts';
import { quoteLiteral } from '#store/sql-quote.ts';
import { type LifecycleNotice, lifecycleText } from './lifecycle-notice.ts';

export type ForceNotice =
  | {
      kind: 'findings';
      force: string;
      runId: string;
      /** The findings this run raised for the first time, all for `force`. */
      findings: readonly Finding[];
      /** How many findings the force has now (new and earlier, still unexplained). */
      currentTotal: number;
      /** What started the run: the upload's key, or null for the scheduled national audit. */
      uploadKey: string | null;
    }
  | {
      kind: 'upload_rejected';
      force: string;
      uploadKey: string;
      /** Where the rejected file and its report.json are kept. */
      location: string;
      report: ValidationReport;
    }
  | LifecycleNotice;

export interface ComposedNotice {
  /** SNS subject: at most 100 printable ASCII characters. */
  subject: string;
  message: string;
  attributes: Record<string, string>;
}

/** Findings listed in the message; the query lists the rest. */
export const TOP_FINDINGS = 10;
const TOP_ISSUES = 10;
const SUMMARY_CHARS = 400;

export function composeNotice(notice: ForceNotice): ComposedNotice {
  if (notice.kind === 'findings') return composeFindings(notice);
  if (notice.kind === 'upload_rejected') return composeRejected(notice);
  const text = lifecycleText(notice);
  return {
    subject: subject(text.subject),
    message: `${text.lines.join('\n')}\n`,
    attributes: { force_code: notice.force, notice: text.notice },
  };
}

function forceLabel(slug: string): string {
  const force = forceBySlug(slug);
  return force ? `${force.name} (${slug})` : slug;
}

function composeFindings(n: Extract<ForceNotice, { kind: 'findings' }>): ComposedNotice {
  const stray = n.findings.find((f) => f.force_code !== n.force);
  if (stray)
    throw new Error(
      `a notice for ${n.force} must not include ${stray.force_code}'s finding ${stray.finding_id}`,
    );
  const counts = countBySeverity(n.findings);
  const ordered = [...n.findings].sort(compareForAttention);
  const top = ordered.slice(0, TOP_FINDINGS);
  const trigger = n.uploadKey ? `after the upload ${n.uploadKey}` : 'in the scheduled national audit';
  const lines = [
    `The crime-recording audit raised ${n.findings.length} new finding(s) for ${forceLabel(n.force)} ${trigger} (run ${n.runId}).`,
    '',
    `By severity: ${SEVERITIES.map((s) => `${s} ${counts[s]}`).join(', ')}. The force now has ${n.currentTotal} current finding(s) in all.`,
    '',
    'What to look at first:',
    ...top.flatMap((f, i) => [
      `${i + 1}. [${f.severity}] ${f.check_id}, ${period(f)}${f.offence_code ? `, offence ${f.offence_code}` : f.offence_group ? `, ${f.offence_group}` : ''}`,
      `   ${clip(f.summary, SUMMARY_CHARS)}`,
      `   finding_id ${f.finding_id}`,
    ]),
    ...(ordered.length > top.length
      ? [`   ... and ${ordered.length - top.length} more (see the query below).`]
      : []),
    '',
    'To see them all in Athena (or locally: auditor query --out <dir> "<SQL>"):',
    '',
    findingsQuery(n.force, n.runId),
    '',
    'How to respond:',
    '- Each finding requires explanation; it is not an accusation. Its evidence column holds the method, the baseline and the series it was computed from.',
    `- If the return was wrong, upload a corrected file to ${PREFIXES.uploads}${n.force}/. It supersedes the earlier revision (both are kept) and the findings are recomputed.`,
    `- If the figures are right, explain them: put a JSON file per finding under ${keys.forceResponses(n.force)}, e.g. {"finding_id": "…", "force_code": "${n.force}", "action": "explain", "actor": "<your name>", "note": "<why>"}.`,
  ];
  const high = counts.high > 0 ? `, ${counts.high} high` : '';
  return {
    subject: subject(`Crime-recording audit: ${n.findings.length} new finding(s) for ${n.force}${high}`),
    message: `${lines.join('\n')}\n`,
    attributes: { force_code: n.force, notice: 'findings', max_severity: maxSeverity(counts) },
  };
}

function composeRejected(n: Extract<ForceNotice, { kind: 'upload_rejected' }>): ComposedNotice {
  const r = n.report;
  const lines = [
    `The upload ${n.uploadKey} for ${forceLabel(n.force)} was rejected: nothing in it was applied.`,
    `${r.issue_count} problem(s) were found${r.truncated ? ` (the first ${r.issues.length} are in the report)` : ''}:`,
    '',
    ...r.issues.slice(0, TOP_ISSUES).map((i) => `- ${clip(formatIssue(i), SUMMARY_CHARS)}`),
    ...(r.issues.length > TOP_ISSUES ? [`- ... and ${r.issue_count - TOP_ISSUES} more in the report.`] : []),
    '',
    `The file and its full validation report (report.json) are kept at ${n.location.replace(/[^/]+$/, '')}`,
    '',
    'How to respond:',
    `- Fix the problems listed and upload the corrected file to ${PREFIXES.uploads}${n.force}/. A file may hold rows for ${n.force} only.`,
  ];
  return {
    subject: subject(`Crime-recording audit: upload rejected for ${n.force}`),
    message: `${lines.join('\n')}\n`,
    attributes: { force_code: n.force, notice: 'upload_rejected' },
  };
}

/** The Athena (Trino) SQL listing the force's new findings; also valid in DuckDB. */
export function findingsQuery(force: string, runId: string): string {
  return [
    'SELECT finding_id, severity, signature, check_id, period_start, period_end,',
    '       offence_group, offence_code, observed, expected, q_value, summary',
    'FROM findings',
    `WHERE force_code = ${quoteLiteral(force)} AND run_id = ${quoteLiteral(runId)}`,
    "ORDER BY CASE severity WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END,",
    '         CASE WHEN q_value IS NULL THEN 1 ELSE 0 END, q_value, period_start;',
  ].join('\n');
}

function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

function maxSeverity(counts: Record<Severity, number>): Severity {
  return SEVERITIES.find((s) => counts[s] > 0) ?? 'info';
}

/** Most severe first, then the strongest evidence (smallest q), then the oldest period. */
function compareForAttention(a: Finding, b: Finding): number {
  const bySeverity = SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);
  if (bySeverity !== 0) return bySeverity;
  const qa = a.q_value ?? Number.POSITIVE_INFINITY;
  const qb = b.q_value ?? Number.POSITIVE_INFINITY;
  if (qa !== qb) return qa < qb ? -1 : 1;
  if (a.period_start !== b.period_start) return a.period_start < b.period_start ? -1 : 1;
  return a.finding_id < b.finding_id ? -1 : a.finding_id > b.finding_id ? 1 : 0;
}

function period(f: Finding): string {
  return f.period_start === f.period_end ? f.period_start : `${f.period_start} to ${f.period_end}`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** SNS subjects: printable ASCII, no line breaks, at most 100 characters. */
function subject(text: string): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length > 100 ? `${ascii.slice(0, 99)}.` : ascii;
}
