/**
 * Precision on the bundled demo: audits examples/returns in-process with the real engine and the
 * default registry (the same `runAudit` the CLI drives, over a temporary local store), then matches
 * every finding above info to the problems planted in examples/LABELS.json (`monthly_returns.labels`).
 *
 *   npm run bench:demo-precision
 *
 * The targets: every planted problem reported exactly once, and ≥ 90% of the findings above
 * info on a planted problem. It prints whether they are met and always exits 0 (it is a benchmark).
 *
 * A finding above info is on a planted label when it is for the label's force, its period overlaps the
 * label's months [first, last + 3] (a check may need a few months after an effect to see it), and
 * - its signature is the label's expected signature: a hit; or
 * - its signature differs but it is about the label's offences: "also reported under another
 *   signature" (the same event counted twice across signatures, e.g. a reclassification that is also
 *   read as a drop of the serious code). Offences match when the finding's code, related code,
 *   subgroup or group covers one of the label's codes (or its related code); a label with no codes
 *   (missing months, a cancellation spike over all codes) covers every offence, and so does a finding
 *   that names no offence at all.
 * Target for each label: exactly one finding, a hit, and none under another signature.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { listInputFiles } from '#adapters/files/list-input-files.ts';
import { readReturnFile } from '#adapters/files/read-return.ts';
import { openLocalStore } from '#adapters/local/store.ts';
import { runAudit } from '#app/audit.ts';
import { defaultRegistry } from '#core/engine/registry.ts';
import type { Finding } from '#core/model/findings.ts';
import { lookupOffence } from '#core/reference/offence-reference.ts';
import { addMonths } from '#core/series/months.ts';

const REPO = resolve(import.meta.dirname, '../..');
const DEMO_RETURNS = join(REPO, 'examples/returns');
const DEMO_LABELS = join(REPO, 'examples/LABELS.json');

/** Months after a label's last month in which a finding still counts as about it. */
export const GRACE_MONTHS = 3;
/** The target share of findings above info that are on a planted problem. */
export const SHARE_TARGET = 0.9;

/** The finding fields the matching reads. */
export type DemoFinding = Pick<
  Finding,
  | 'signature'
  | 'check_id'
  | 'severity'
  | 'force_code'
  | 'period_start'
  | 'period_end'
  | 'offence_group'
  | 'offence_subgroup'
  | 'offence_code'
  | 'related_offence_code'
  | 'effect_size'
  | 'observed'
  | 'expected'
>;

/** A planted problem as LABELS.json writes it (the fields the matching reads). */
export interface DemoLabel {
  id: string;
  force_code: string;
  months: string[];
  offence_codes: string[];
  related_offence_code: string | null;
  expected_signature: Finding['signature'];
}

export interface LabelResult {
  id: string;
  expected_signature: string;
  /** Findings above info with the expected signature. */
  hits: number;
  /** Findings above info about the same offences under another signature. */
  otherSignature: number;
  /** The check ids of those findings, hits first. */
  checks: string[];
  /** Exactly one finding, a hit, and nothing under another signature. */
  reportedOnce: boolean;
}

export interface UnplantedFinding {
  force: string;
  check: string;
  signature: string;
  period: string;
  offence: string;
  severity: string;
  effect: number | null;
}

export interface DemoPrecisionResult {
  findings: number;
  findingsAboveInfo: number;
  /** Findings above info that hit a planted label, under its signature or another. */
  onPlanted: number;
  /** onPlanted / findingsAboveInfo (NaN when there is none). */
  share: number;
  shareTarget: number;
  labels: LabelResult[];
  unplanted: UnplantedFinding[];
  targets: { everyLabelOnce: boolean; share: boolean };
}

const aboveInfo = (f: DemoFinding) => f.severity !== 'info';

function overlaps(f: DemoFinding, label: DemoLabel, grace: number): boolean {
  const months = [...label.months].sort();
  const first = months[0];
  const last = months[months.length - 1];
  if (first === undefined || last === undefined) return false;
  return f.period_start <= addMonths(last, grace) && f.period_end >= first;
}

/** Whether the finding is about one of the label's offences (see the header for the rule). */
export function aboutLabelOffences(f: DemoFinding, label: DemoLabel): boolean {
  const codes = [...label.offence_codes, ...(label.related_offence_code ? [label.related_offence_code] : [])];
  if (codes.length === 0) return true;
  const findingCodes = [f.offence_code, f.related_offence_code].filter((c): c is string => c !== null);
  if (findingCodes.length > 0) return findingCodes.some((c) => codes.includes(c));
  if (f.offence_subgroup !== null)
    return codes.some((c) => lookupOffence(c)?.subgroup === f.offence_subgroup);
  if (f.offence_group !== null) return codes.some((c) => lookupOffence(c)?.group === f.offence_group);
  return true;
}

export type LabelMatch = 'hit' | 'other_signature' | null;

export function matchFinding(f: DemoFinding, label: DemoLabel, grace = GRACE_MONTHS): LabelMatch {
  if (f.force_code !== label.force_code || !overlaps(f, label, grace)) return null;
  if (f.signature === label.expected_signature) return 'hit';
  return aboutLabelOffences(f, label) ? 'other_signature' : null;
}

function offenceText(f: DemoFinding): string {
  if (f.offence_code !== null)
    return f.related_offence_code ? `${f.offence_code} → ${f.related_offence_code}` : f.offence_code;
  return f.offence_subgroup ?? f.offence_group ?? 'all offences';
}

/** Matches findings above info to planted labels and measures the two demo targets. */
export function scoreDemo(
  findings: readonly DemoFinding[],
  labels: readonly DemoLabel[],
  grace = GRACE_MONTHS,
): DemoPrecisionResult {
  const flagged = findings.filter(aboveInfo);
  const matched = new Set<DemoFinding>();
  const labelResults = labels.map((label): LabelResult => {
    const hits: DemoFinding[] = [];
    const other: DemoFinding[] = [];
    for (const f of flagged) {
      const m = matchFinding(f, label, grace);
      if (m === null) continue;
      matched.add(f);
      (m === 'hit' ? hits : other).push(f);
    }
    return {
      id: label.id,
      expected_signature: label.expected_signature,
      hits: hits.length,
      otherSignature: other.length,
      checks: [...hits, ...other].map((f) => f.check_id),
      reportedOnce: hits.length === 1 && other.length === 0,
    };
  });
  const unplanted = flagged
    .filter((f) => !matched.has(f))
    .map((f) => ({
      force: f.force_code,
      check: f.check_id,
      signature: f.signature,
      period: f.period_start === f.period_end ? f.period_start : `${f.period_start}..${f.period_end}`,
      offence: offenceText(f),
      severity: f.severity,
      effect: f.effect_size,
    }))
    .sort((a, b) => a.force.localeCompare(b.force) || a.period.localeCompare(b.period));
  const share = flagged.length === 0 ? Number.NaN : matched.size / flagged.length;
  return {
    findings: findings.length,
    findingsAboveInfo: flagged.length,
    onPlanted: matched.size,
    share,
    shareTarget: SHARE_TARGET,
    labels: labelResults,
    unplanted,
    targets: {
      everyLabelOnce: labelResults.every((l) => l.reportedOnce),
      share: share >= SHARE_TARGET,
    },
  };
}

/** The planted problems of the demo's monthly returns. */
export async function readDemoLabels(file = DEMO_LABELS): Promise<DemoLabel[]> {
  const json = JSON.parse(await readFile(file, 'utf8')) as { monthly_returns: { labels: DemoLabel[] } };
  return json.monthly_returns.labels;
}

/** A fixed run clock, so the audit reads no clock into its findings. */
const RUN_NOW = new Date('2024-05-01T00:00:00.000Z');

/** Audits the demo's returns through runAudit into a temporary local store; returns the findings. */
export async function auditDemo(dir = DEMO_RETURNS): Promise<Finding[]> {
  const listed = await listInputFiles([dir]);
  const out = await mkdtemp(join(tmpdir(), 'demo-precision-'));
  try {
    const outcome = await runAudit(openLocalStore(out), {
      files: listed.files.map((path) => ({ path, name: basename(path) })),
      runId: 'demo-precision',
      kind: 'local',
      registry: defaultRegistry(),
      clock: () => RUN_NOW,
      read: (file, ctx, onBytes) =>
        readReturnFile(file.path, { ...ctx, displayName: file.name }, { onProgress: onBytes }),
    });
    return outcome.findings;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** The demo's precision, measured now: audit, match, score. */
export async function demoPrecision(): Promise<DemoPrecisionResult> {
  const [findings, labels] = await Promise.all([auditDemo(), readDemoLabels()]);
  return scoreDemo(findings, labels);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const met = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
const effectText = (e: number | null) => (e === null ? '–' : `${e >= 0 ? '+' : ''}${e.toFixed(3)}`);

export function formatDemoPrecision(r: DemoPrecisionResult): string {
  const out: string[] = ['DEMO PRECISION (examples/returns against examples/LABELS.json)'];
  out.push(
    table([
      ['planted problem', 'expected signature', 'hits', 'also under another signature', 'checks', 'once?'],
      ...r.labels.map((l) => [
        l.id,
        l.expected_signature,
        String(l.hits),
        String(l.otherSignature),
        l.checks.join(', ') || '–',
        l.reportedOnce ? 'yes' : 'no',
      ]),
    ]),
    '',
    `findings above info on no planted problem: ${r.unplanted.length}`,
  );
  if (r.unplanted.length > 0)
    out.push(
      table([
        ['force', 'check', 'period', 'offence', 'severity', 'effect'],
        ...r.unplanted.map((u) => [u.force, u.check, u.period, u.offence, u.severity, effectText(u.effect)]),
      ]),
    );
  const share = Number.isNaN(r.share) ? '–' : r.share.toFixed(2);
  out.push(
    '',
    `findings: ${r.findings}, above info: ${r.findingsAboveInfo}, on a planted problem: ${r.onPlanted} (share ${share})`,
    `target: every planted problem reported exactly once: ${met(r.targets.everyLabelOnce)} ` +
      `(${r.labels.filter((l) => l.reportedOnce).length} of ${r.labels.length})`,
    `target: share of findings above info on a planted problem ≥ ${r.shareTarget}: ${met(r.targets.share)}`,
  );
  return out.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  console.log(formatDemoPrecision(await demoPrecision()));
}
