/**
 * Turns the benchmark's run results into the numbers it reports, per detection signature: recall at
 * the targets and over the grid (by effect size, duration and force-size tercile), time to detect,
 * false flags per force-year on clean data, precision at a realistic prevalence, the smallest effect
 * found with ≥ 80% recall, the negative controls, and the data-quality findings. All arithmetic is in
 * functions/core/synthetic/benchmark/score.ts; this file only groups.
 */
import type { CheckRegistry } from '#core/engine/registry.ts';
import { addMonths, calendarMonth, monthIndex } from '#core/series/months.ts';
import type { InjectionLabel } from '#core/synthetic/benchmark/injections.ts';
import type { BenchmarkPlan, Tercile } from '#core/synthetic/benchmark/plan.ts';
import {
  DETECTION_SIGNATURES,
  type DetectionSignature,
  detectionWindowEnd,
  falseFlagsPerForceYear,
  findingHitsLabel,
  type LabelOutcome,
  minEffectAtRecall,
  precisionAtPrevalence,
  quantile,
  type RecallCell,
  recallBy,
  recallOf,
  replayDelay,
  scoreRun,
  timeToDetect,
  wilsonInterval,
} from '#core/synthetic/benchmark/score.ts';
import type { RunResult } from './execute.ts';
import { type OracleSummary, type PowerPoint, summariseOracle } from './summarise-oracle.ts';

export const RECALL_TARGET = 0.9;
export const FALSE_FLAG_BUDGET = 0.1;
export const MANIPULATED_FORCES_PER_YEAR = 5;

export interface SignatureSummary {
  signature: DetectionSignature;
  checks: string[];
  target: RecallCell & { ci: [number, number] };
  all: RecallCell;
  byTercile: Map<Tercile, RecallCell>;
  /** size → tercile → cell, plus 'all'. */
  bySize: Map<number, Map<Tercile | 'all', RecallCell>>;
  /** S2 only: duration → size → cell. */
  byDurationSize: Map<number, Map<number, RecallCell>>;
  /** From the finding periods of the grid's hits (bounded hits only, see score.ts). */
  ttd: { n: number; median: number; p90: number };
  /** Median |period_start − t0| of the grid's hits. */
  localisationMedian: number;
  /** Replay of the target: delay per replay seed (null: not flagged with 15 months of data). */
  replayDelays: Array<number | null>;
  /** Recall by unit: the downgrade pair's family, or the offence group / code set an S2/S3 acted on. */
  byUnit: Map<string, RecallCell>;
  /** Recall of the grid by whether t0 is an April (financial-year aligned) or not. */
  byAlignment: Map<'april' | 'other', RecallCell>;
  falseFlags: ReturnType<typeof falseFlagsPerForceYear>;
  precisionAtTarget: number;
  precisionOverall: number;
  minEffect: number | null;
  minEffectMedianTercile: number | null;
  /** S2: min effect per duration. */
  minEffectByDuration: Map<number, number | null>;
  /** Flags of this signature in injected runs that hit no label of their signature. */
  unmatchedInPositiveRuns: number;
  /** Of those, flags on another signature's injection (its force, codes and window): cross-signature hits. */
  crossSignatureInPositiveRuns: number;
  detectedBy: Map<string, number>;
}

export interface ControlSummary {
  id: string;
  description: string;
  hits: number;
  cleanHits: number;
  affectedForceYears: number;
  excessPerForceYear: number;
  pass: boolean;
}

/**
 * The record-level arm: reclassification scored again when every force supplies a record-level
 * extract (same seeds, counts and injections as the aggregate arm).
 */
export interface RecordLevelSummary {
  checks: string[];
  target: RecallCell & { ci: [number, number] };
  all: RecallCell;
  bySize: Map<number, RecallCell>;
  byUnit: Map<string, RecallCell>;
  falseFlags: ReturnType<typeof falseFlagsPerForceYear>;
  forceYearsClean: number;
  precisionAtTarget: number;
  detectedBy: Map<string, number>;
  /** The national counting-rule change: reclassification hits with extracts, and on the same seed's clean run. */
  ruleChange: { description: string; hits: number; cleanHits: number } | null;
}

export interface BenchmarkSummary {
  forceYearsClean: number;
  recordLevel: RecordLevelSummary | null;
  signatures: SignatureSummary[];
  controls: ControlSummary[];
  dqClean: Map<string, number>;
  dqInjected: Map<string, number>;
  errors: string[];
  engineMs: number[];
  /** Oracle-relative figures per arm × seed set, signature and shape (summarise-oracle.ts). */
  oracle: OracleSummary;
  /** One point per injection: its signature, shape, arm, oracle z and whether a flag above info found it. */
  powerPoints: PowerPoint[];
}

type Outcome = LabelOutcome<InjectionLabel>;

export function summarise(
  plan: BenchmarkPlan,
  registry: CheckRegistry,
  everything: RunResult[],
): BenchmarkSummary {
  // The fixed-effect figures below are those of the tuning seeds over ten years, as before the arms.
  const results = everything.filter(
    (r) =>
      r.run.extract === undefined &&
      (r.run.arm ?? 'ten_year') === 'ten_year' &&
      (r.run.seedSet ?? 'tuning') === 'tuning',
  );
  const oracle = summariseOracle(everything, plan.forces.length);
  const clean = results.filter((r) => r.run.role === 'clean');
  const positive = results.filter((r) => r.run.role === 'positive');
  const controls = results.filter((r) => r.run.role === 'control');
  const forceYearsClean = clean.length * plan.forces.length * (plan.months / 12);
  const cleanFindings = clean.flatMap((r) => r.findings);

  const dataEnd = addMonths(plan.start, plan.months - 1);
  const outcomes: Outcome[] = [];
  const unmatched: Array<{ signature: string; cross: boolean }> = [];
  for (const r of positive) {
    const s = scoreRun(r.labels, r.findings, { dataEnd });
    // The grid and the targets; the shapes are reported against the oracle (summarise-oracle.ts).
    outcomes.push(...s.outcomes.filter((o) => o.label.stratum !== 'shape'));
    // A drop flagged where a downgrade emptied a code is not a false flag, but not a hit of its own signature either.
    const anySignature = r.labels.map((l) => ({ ...l, signature: null }));
    for (const f of s.unmatched)
      unmatched.push({ signature: f.signature, cross: anySignature.some((l) => findingHitsLabel(f, l)) });
  }
  const tercileOf = (o: Outcome) => plan.tercile.get(o.label.forces[0]!)!;

  // Replays: per seed and label, the truncations at which it was flagged.
  const replayPoints = new Map<
    string,
    { signature: string; points: Array<{ monthsOfData: number; detected: boolean }> }
  >();
  for (const r of results.filter((x) => x.run.role === 'replay')) {
    for (const o of scoreRun(r.labels, r.findings).outcomes) {
      const key = `${r.run.seed}|${o.label.id}`;
      const entry = replayPoints.get(key) ?? { signature: o.label.signature ?? '', points: [] };
      entry.points.push({ monthsOfData: r.run.monthsOfData ?? 0, detected: o.detected });
      replayPoints.set(key, entry);
    }
  }

  const signatures = DETECTION_SIGNATURES.map((signature): SignatureSummary => {
    const checks = registry
      .list()
      .filter((c) => c.signature === signature)
      .map((c) => `${c.id}@${c.ruleVersion}`);
    const own = outcomes.filter((o) => o.label.signature === signature);
    const target = recallOf(own.filter((o) => o.label.stratum === 'target'));
    const all = recallOf(own);
    const bySize = new Map<number, Map<Tercile | 'all', RecallCell>>();
    for (const size of [...new Set(own.map((o) => o.label.size))].sort((a, b) => a - b)) {
      const ofSize = own.filter((o) => o.label.size === size);
      const cells = new Map<Tercile | 'all', RecallCell>();
      for (const t of [1, 2, 3] as const) cells.set(t, recallOf(ofSize.filter((o) => tercileOf(o) === t)));
      cells.set('all', recallOf(ofSize));
      bySize.set(size, cells);
    }
    const byDurationSize = new Map<number, Map<number, RecallCell>>();
    if (signature === 'no_crime_spike') {
      for (const d of [...new Set(own.map((o) => o.label.duration))].sort((a, b) => a - b)) {
        const ofD = own.filter((o) => o.label.duration === d);
        byDurationSize.set(d, new Map([...recallBy(ofD, (o) => o.label.size)].sort((a, b) => a[0] - b[0])));
      }
    }
    const sizeRows = (cells: Map<number, RecallCell>) =>
      [...cells].map(([size, c]) => ({ size, recall: c.recall, n: c.n }));
    const overallBySize = new Map([...bySize].map(([s, m]) => [s, m.get('all')!]));
    const medianBySize = new Map([...bySize].map(([s, m]) => [s, m.get(2)!]));
    const falseFlags = falseFlagsPerForceYear(cleanFindings, signature, forceYearsClean);
    const detectedBy = new Map<string, number>();
    for (const o of own)
      if (o.detectedBy) detectedBy.set(o.detectedBy, (detectedBy.get(o.detectedBy) ?? 0) + 1);
    return {
      signature,
      checks,
      target: { ...target, ci: wilsonInterval(target.detected, target.n) },
      all,
      byTercile: new Map(
        ([1, 2, 3] as const).map((t) => [t, recallOf(own.filter((o) => tercileOf(o) === t))]),
      ),
      bySize,
      byDurationSize,
      ttd: timeToDetect(own),
      localisationMedian: quantile(
        own.flatMap((o) => (o.localisation === null ? [] : [o.localisation])),
        0.5,
      ),
      replayDelays: [...replayPoints.values()]
        .filter((e) => e.signature === signature)
        .map((e) => replayDelay(e.points)),
      byUnit: new Map([...recallBy(own, (o) => o.label.unit ?? '?')].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
      byAlignment: new Map([
        ['april', recallOf(own.filter((o) => calendarMonth(o.label.t0) === 4))],
        ['other', recallOf(own.filter((o) => calendarMonth(o.label.t0) !== 4))],
      ]),
      falseFlags,
      precisionAtTarget: precisionAtPrevalence({
        recall: target.recall,
        falseFlagsPerForceYear: falseFlags.rate,
        manipulatedPerYear: MANIPULATED_FORCES_PER_YEAR,
        forces: plan.forces.length,
      }),
      precisionOverall: precisionAtPrevalence({
        recall: all.recall,
        falseFlagsPerForceYear: falseFlags.rate,
        manipulatedPerYear: MANIPULATED_FORCES_PER_YEAR,
        forces: plan.forces.length,
      }),
      minEffect: minEffectAtRecall(sizeRows(overallBySize)),
      minEffectMedianTercile: minEffectAtRecall(sizeRows(medianBySize)),
      minEffectByDuration: new Map(
        [...byDurationSize].map(([d, cells]) => [d, minEffectAtRecall(sizeRows(cells))]),
      ),
      unmatchedInPositiveRuns: unmatched.filter((f) => f.signature === signature).length,
      crossSignatureInPositiveRuns: unmatched.filter((f) => f.signature === signature && f.cross).length,
      detectedBy,
    };
  });

  const controlSummaries = controls.flatMap((r) => {
    const cleanRun = clean.find((c) => c.run.seed === r.run.seed);
    if (!cleanRun) return [];
    const lastMonth = monthIndex(plan.start) + plan.months - 1;
    return r.labels.map((label): ControlSummary => {
      const hits = scoreRun([label], r.findings).outcomes[0]!.hits;
      const cleanHits = scoreRun([label], cleanRun.findings).outcomes[0]!.hits;
      const windowMonths =
        Math.min(lastMonth, monthIndex(detectionWindowEnd(label))) - monthIndex(label.t0) + 1;
      const affectedForceYears = (label.forces.length * windowMonths) / 12;
      const excessPerForceYear = (hits - cleanHits) / affectedForceYears;
      return {
        id: `${r.run.id}: ${label.id}`,
        description: describeControl(label),
        hits,
        cleanHits,
        affectedForceYears,
        excessPerForceYear,
        pass: excessPerForceYear <= FALSE_FLAG_BUDGET,
      };
    });
  });

  const dqCount = (rs: RunResult[]) => {
    const m = new Map<string, number>();
    for (const f of rs.flatMap((r) => r.findings))
      if (f.signature === 'data_quality') m.set(f.check_id, (m.get(f.check_id) ?? 0) + 1);
    return m;
  };

  return {
    forceYearsClean,
    recordLevel: summariseRecordLevel(
      plan,
      registry,
      everything.filter((r) => r.run.extract === 'record_level'),
    ),
    signatures,
    controls: controlSummaries,
    dqClean: dqCount(clean),
    dqInjected: dqCount([...positive, ...controls]),
    errors: [...new Set(everything.flatMap((r) => r.errors))],
    engineMs: results.map((r) => r.engineMs),
    oracle,
    powerPoints: oracle.powerPoints,
  };
}

function summariseRecordLevel(
  plan: BenchmarkPlan,
  registry: CheckRegistry,
  results: RunResult[],
): RecordLevelSummary | null {
  if (results.length === 0) return null;
  const signature = 'reclassification';
  const clean = results.filter((r) => r.run.role === 'clean');
  const forceYearsClean = clean.length * plan.forces.length * (plan.months / 12);
  const dataEnd = addMonths(plan.start, plan.months - 1);
  const own = results
    .filter((r) => r.run.role === 'positive')
    .flatMap((r) => scoreRun(r.labels, r.findings, { dataEnd }).outcomes)
    .filter((o) => o.label.signature === signature && o.label.stratum !== 'shape');
  const target = recallOf(own.filter((o) => o.label.stratum === 'target'));
  const falseFlags = falseFlagsPerForceYear(
    clean.flatMap((r) => r.findings),
    signature,
    forceYearsClean,
  );
  const detectedBy = new Map<string, number>();
  for (const o of own)
    if (o.detectedBy) detectedBy.set(o.detectedBy, (detectedBy.get(o.detectedBy) ?? 0) + 1);
  const control = results.find((r) => r.run.role === 'control');
  const controlClean = control && clean.find((c) => c.run.seed === control.run.seed);
  const ruleChange =
    control && controlClean && control.labels[0]
      ? {
          description: describeControl(control.labels[0]),
          hits: scoreRun([control.labels[0]], control.findings).outcomes[0]!.hits,
          cleanHits: scoreRun([control.labels[0]], controlClean.findings).outcomes[0]!.hits,
        }
      : null;
  return {
    checks: registry
      .list()
      .filter((c) => c.signature === signature)
      .map((c) => `${c.id}@${c.ruleVersion}`),
    target: { ...target, ci: wilsonInterval(target.detected, target.n) },
    all: recallOf(own),
    bySize: new Map([...recallBy(own, (o) => o.label.size)].sort((a, b) => a[0] - b[0])),
    byUnit: new Map([...recallBy(own, (o) => o.label.unit ?? '?')].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
    falseFlags,
    forceYearsClean,
    precisionAtTarget: precisionAtPrevalence({
      recall: target.recall,
      falseFlagsPerForceYear: falseFlags.rate,
      manipulatedPerYear: MANIPULATED_FORCES_PER_YEAR,
      forces: plan.forces.length,
    }),
    detectedBy,
    ruleChange,
  };
}

function describeControl(label: InjectionLabel): string {
  if (label.kind === 'national_rule_change')
    return `national counting-rule change: ${Math.round(label.size * 100)}% of ${label.codes[0]} recorded as ${label.to_code} in all ${label.forces.length} forces from ${label.t0}`;
  return `recording improvement: +${Math.round(label.size * 100)}% ${label.unit} (ramped over 12 months) in ${label.forces.length} forces from ${label.t0}`;
}
