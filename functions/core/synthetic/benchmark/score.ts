/**
 * Scoring of the detection benchmark (METHODS §6, "Scoring"). Pure: labels and findings in, numbers out.
 *
 * Definitions
 * - A finding is a hit for a label when it has the label's signature (any detection signature for a
 *   negative control), is for one of the label's forces, is about the label's family or codes (its
 *   related_offence_code or offence_code is one of them; or, when it names no offence code — a
 *   subgroup-level family finding — its subgroup is one of theirs; or, when it names neither, its
 *   group is one of theirs or it names no group at all), and its period overlaps the detection window
 *   [t0, t0 + D + grace] (grace 3 months; D is the label's detect_within when set, else its duration).
 * - A label is detected when at least one finding hits it. Recall = detected / labels.
 * - Time to detect: months from t0 to the earliest period_end among the hits (clamped at 0) — the
 *   first month whose data the flag needed, i.e. the earliest monthly audit that could have raised it.
 *   Hits running to the end of the data are left out (their period_end is the data's end, not the
 *   alarm's). The replay (replayDelay) measures it directly: audit data truncated month by month.
 * - Localisation: |period_start − t0| of the closest hit.
 * - False flags: findings of a detection signature on clean data, per force-year audited.
 * - Precision at a prevalence of M manipulated forces a year among F:
 *   M·recall / (M·recall + F·false-flags-per-force-year).
 * - Smallest effect detected with ≥ 80% recall: the smallest size from which recall stays ≥ 0.8 at
 *   every larger size of the grid (null when even the largest size falls short).
 */
import type { Finding, Signature } from '#core/model/findings.ts';
import { addMonths, monthsBetween } from '#core/series/months.ts';
import type { InjectionLabel } from './injections.ts';

export const DETECTION_SIGNATURES = ['reclassification', 'no_crime_spike', 'sudden_drop'] as const;
export type DetectionSignature = (typeof DETECTION_SIGNATURES)[number];

export const DEFAULT_GRACE_MONTHS = 3;

/** The finding fields scoring reads (so tests and other tools can score hand-made findings). */
export type ScoredFinding = Pick<
  Finding,
  | 'signature'
  | 'check_id'
  | 'force_code'
  | 'period_start'
  | 'period_end'
  | 'offence_group'
  | 'offence_subgroup'
  | 'offence_code'
  | 'related_offence_code'
> &
  Partial<Pick<Finding, 'severity'>>;

/** Above info: what counts as a flag (a finding without a severity counts as one). */
export function aboveInfo(f: ScoredFinding): boolean {
  return f.severity !== 'info';
}

/** The label fields scoring reads. */
export type ScoredLabel = Pick<
  InjectionLabel,
  | 'id'
  | 'signature'
  | 'forces'
  | 't0'
  | 'duration'
  | 'detect_within'
  | 'size'
  | 'match_codes'
  | 'match_subgroups'
  | 'match_groups'
>;

export function isDetectionSignature(s: Signature): s is DetectionSignature {
  return (DETECTION_SIGNATURES as readonly string[]).includes(s);
}

/** Last month of a label's detection window: t0 + D + grace. */
export function detectionWindowEnd(
  label: Pick<ScoredLabel, 't0' | 'duration' | 'detect_within'>,
  grace = DEFAULT_GRACE_MONTHS,
) {
  return addMonths(label.t0, (label.detect_within ?? label.duration) + grace);
}

function aboutLabelOffences(f: ScoredFinding, label: ScoredLabel): boolean {
  if (f.related_offence_code !== null && label.match_codes.includes(f.related_offence_code)) return true;
  if (f.offence_code !== null) return label.match_codes.includes(f.offence_code);
  if (f.offence_subgroup !== null) return label.match_subgroups.includes(f.offence_subgroup);
  return f.offence_group === null || label.match_groups.includes(f.offence_group);
}

export function findingHitsLabel(
  f: ScoredFinding,
  label: ScoredLabel,
  grace = DEFAULT_GRACE_MONTHS,
): boolean {
  const signatureOk =
    label.signature === null ? isDetectionSignature(f.signature) : f.signature === label.signature;
  return (
    signatureOk &&
    label.forces.includes(f.force_code) &&
    f.period_start <= detectionWindowEnd(label, grace) &&
    f.period_end >= label.t0 &&
    aboutLabelOffences(f, label)
  );
}

export interface LabelOutcome<L extends ScoredLabel = ScoredLabel> {
  label: L;
  detected: boolean;
  /** Findings that hit the label. */
  hits: number;
  /**
   * Months from t0 to the earliest period_end among the hits (≥ 0), counting only hits whose period
   * ends before the last month of data when that is given: a finding that runs to the end of the data
   * (a level-shift segment) does not say when it could first have been raised. Null when no hit counts.
   */
  timeToDetect: number | null;
  /** Smallest |period_start − t0| among the hits: how well the flag places the start. */
  localisation: number | null;
  /** check_id of the earliest-ending hit. */
  detectedBy: string | null;
}

export interface RunScore<L extends ScoredLabel = ScoredLabel> {
  outcomes: LabelOutcome<L>[];
  /** Findings of a detection signature that hit no label. */
  unmatched: ScoredFinding[];
}

export interface ScoreOptions {
  grace?: number;
  /** Last month of the audited data (YYYY-MM). */
  dataEnd?: string;
}

export function scoreRun<L extends ScoredLabel>(
  labels: readonly L[],
  findings: readonly ScoredFinding[],
  options: ScoreOptions = {},
): RunScore<L> {
  const grace = options.grace ?? DEFAULT_GRACE_MONTHS;
  const matched = new Set<ScoredFinding>();
  const outcomes = labels.map((label) => {
    let hits = 0;
    let earliest: ScoredFinding | null = null;
    let bounded: ScoredFinding | null = null;
    let localisation: number | null = null;
    for (const f of findings) {
      if (!findingHitsLabel(f, label, grace)) continue;
      hits++;
      matched.add(f);
      if (earliest === null || f.period_end < earliest.period_end) earliest = f;
      const isBounded = options.dataEnd === undefined || f.period_end < options.dataEnd;
      if (isBounded && (bounded === null || f.period_end < bounded.period_end)) bounded = f;
      const lag = Math.abs(monthsBetween(label.t0, f.period_start));
      if (localisation === null || lag < localisation) localisation = lag;
    }
    return {
      label,
      detected: hits > 0,
      hits,
      timeToDetect: bounded ? Math.max(0, monthsBetween(label.t0, bounded.period_end)) : null,
      localisation,
      detectedBy: earliest ? earliest.check_id : null,
    };
  });
  const unmatched = findings.filter((f) => isDetectionSignature(f.signature) && !matched.has(f));
  return { outcomes, unmatched };
}

/**
 * Time to detect by replay: the label was audited on data ending `monthsOfData` months into the
 * effect (data through t0 + monthsOfData − 1) at several truncations; the delay is the months from t0
 * to the end of the data of the first audit that flagged it (monthsOfData − 1), null if none did.
 */
export function replayDelay(
  points: ReadonlyArray<{ monthsOfData: number; detected: boolean }>,
): number | null {
  const hits = points.filter((p) => p.detected).map((p) => p.monthsOfData);
  return hits.length === 0 ? null : Math.min(...hits) - 1;
}

export interface RecallCell {
  n: number;
  detected: number;
  recall: number;
}

export function recallOf(outcomes: readonly LabelOutcome<ScoredLabel>[]): RecallCell {
  const detected = outcomes.filter((o) => o.detected).length;
  return {
    n: outcomes.length,
    detected,
    recall: outcomes.length === 0 ? Number.NaN : detected / outcomes.length,
  };
}

/** Recall per key (e.g. effect size, tercile), keys in first-seen order unless sorted by the caller. */
export function recallBy<L extends ScoredLabel, K>(
  outcomes: readonly LabelOutcome<L>[],
  key: (o: LabelOutcome<L>) => K,
): Map<K, RecallCell> {
  const groups = new Map<K, LabelOutcome<L>[]>();
  for (const o of outcomes) {
    const k = key(o);
    const list = groups.get(k) ?? [];
    list.push(o);
    groups.set(k, list);
  }
  return new Map([...groups].map(([k, list]) => [k, recallOf(list)]));
}

/** Linear-interpolation quantile (type 7); NaN for an empty list. */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function timeToDetect(outcomes: readonly LabelOutcome<ScoredLabel>[]): {
  n: number;
  median: number;
  p90: number;
} {
  const ttd = outcomes.flatMap((o) => (o.timeToDetect === null ? [] : [o.timeToDetect]));
  return { n: ttd.length, median: quantile(ttd, 0.5), p90: quantile(ttd, 0.9) };
}

/** Flags of one signature per force-year audited. */
export function falseFlagsPerForceYear(
  findings: readonly ScoredFinding[],
  signature: Signature,
  forceYears: number,
): { flags: number; forceYears: number; rate: number; flaggedForceYears: number } {
  if (!(forceYears > 0)) throw new RangeError('force-years must be positive');
  const own = findings.filter((f) => f.signature === signature);
  // A force-year (the financial year in which the flagged period begins) with at least one flag: a
  // second, coarser reading. period_start, because the end depends on how long a check's window is.
  const flagged = new Set(own.map((f) => `${f.force_code}|${financialYear(f.period_start)}`));
  return { flags: own.length, forceYears, rate: own.length / forceYears, flaggedForceYears: flagged.size };
}

function financialYear(month: string): number {
  const year = Number(month.slice(0, 4));
  return Number(month.slice(5, 7)) >= 4 ? year : year - 1;
}

export function precisionAtPrevalence(args: {
  recall: number;
  falseFlagsPerForceYear: number;
  manipulatedPerYear?: number;
  forces?: number;
}): number {
  const m = args.manipulatedPerYear ?? 5;
  const forces = args.forces ?? 44;
  const tp = m * args.recall;
  const fp = forces * args.falseFlagsPerForceYear;
  return tp + fp === 0 ? Number.NaN : tp / (tp + fp);
}

/** The smallest size from which every larger size has recall ≥ threshold; null when none does. */
export function minEffectAtRecall(
  bySize: ReadonlyArray<{ size: number; recall: number; n: number }>,
  threshold = 0.8,
): number | null {
  const sizes = bySize.filter((r) => r.n > 0).sort((a, b) => a.size - b.size);
  let best: number | null = null;
  for (let i = sizes.length - 1; i >= 0; i--) {
    if (sizes[i]!.recall >= threshold) best = sizes[i]!.size;
    else break;
  }
  return best;
}

/** Wilson score interval for a proportion (95% by default): honest bounds for small n. */
export function wilsonInterval(successes: number, n: number, z = 1.959963984540054): [number, number] {
  if (n === 0) return [Number.NaN, Number.NaN];
  const p = successes / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
