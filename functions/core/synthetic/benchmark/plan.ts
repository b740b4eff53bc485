/**
 * The benchmark's scenarios: which datasets to generate and what to inject into each. Pure and
 * seeded: the same options give the same plan.
 *
 * - Clean runs: one clean panel per seed; every finding of a detection signature on them is a false flag.
 * - Positive runs: each injects, in distinct forces, one "target" effect per signature into a
 *   median-sized force (20% downgrade of 8N into 105A for 12 months; 2.5× cancellation rate in an
 *   offence group for 3 months; a 20% level drop in an offence group from an April, lasting to the end
 *   of the data and to be found within 12 + 3 months) and `gridPerSignature` effects per signature
 *   drawn from the effect-size grid, balanced over sizes (and durations) and force-size terciles.
 *   Twelve of the 44 forces carry an effect in each run: about 2 manipulated force-years a year of
 *   data, fewer than the ~5 a year assumed for precision, so Benjamini–Hochberg is not made easier.
 * - Shapes (shapes.ts, on by default): every injected run also carries the shapes — year-end
 *   dips, ladder steps, rape recorded as sexual assault, burglary cliffs without compensation,
 *   low-count no-crime rises, and a no-crime rise and a drop just after the national shock — each
 *   in a force of its own and tagged with its `shape`.
 * - Arms and seed sets: the runs above are the tuning seeds over ten years (`ten_year`); `shortArm`
 *   adds clean and injected runs over five years (SHORT_ARM, 2019-04 to 2024-03, the shock inside),
 *   `holdout` the same over a second salt no threshold was tuned on. Each run says its arm, seed set
 *   and span; controls, replays and the record-level arm use the tuning ten-year runs only.
 * - Control runs: the clean panels of the first clean seeds with a negative control applied (a
 *   national counting-rule change in every force; a recording-improvement rise in six forces). Their
 *   hits are compared with the same seed's clean run.
 * - Replays (optional): the three targets injected at one start (April 2022) in median-sized forces,
 *   audited on data truncated 1, 3, 6, 9, 12 and 15 months after it, to measure time to detect directly.
 *
 * Injections are placed only where no known break (detection/known-breaks.ts: COVID, the 2014
 * recording improvements, the 2017 burglary recoding, a force's IT migration) could explain them or
 * empty a check's baseline: the detection window [t0, t0+D+3] must avoid every temporary break and
 * every start of a permanent one (from 24 months before t0), and at least 24 break-free months must
 * precede t0.
 */
import { breaksAffecting, KNOWN_BREAKS, type KnownBreak } from '#core/detection/known-breaks.ts';
import { FORCES } from '#core/reference/forces.ts';
import { lookupOffence } from '#core/reference/offence-reference.ts';
import { addMonths, calendarMonth, monthIndex } from '#core/series/months.ts';
import { FORCE_ANNUAL_THOUSANDS, SYNTHETIC_FORCES } from '../force-sizes.ts';
import { createRng, type Rng } from '../rng.ts';
import { BENCHMARK_DEFAULT_MONTHS, BENCHMARK_DEFAULT_START, benchmarkMonths } from './generator.ts';
import type { InjectionSpec } from './injections.ts';
import { BENCHMARK_OFFENCES, DOWNGRADE_PAIRS, isRapeCode } from './offences.ts';
import { planShapes } from './shapes.ts';

export const S1_SIZES = [0.05, 0.1, 0.2, 0.3] as const;
export const S1_DURATION = 12;
export const S2_RATIOS = [1.5, 2, 2.5, 3] as const;
export const S2_DURATIONS = [1, 3, 12] as const;
export const S3_SIZES = [0.05, 0.1, 0.2, 0.3] as const;
/** An S3 level shift lasts to the end of the data; it must be found within this D (window t0..t0+D+3). */
export const S3_DETECT_WITHIN = 12;

/** The targets: recall ≥ 0.9 in a median-sized force for these three effects. */
export const TARGETS = {
  reclassification: { size: 0.2, duration: S1_DURATION, from: '8N', to: '105A' },
  no_crime_spike: { size: 2.5, duration: 3 },
  sudden_drop: { size: 0.2, detect_within: S3_DETECT_WITHIN },
} as const;

/** The replay's common start (every target is eligible then) and its truncations, in months of data. */
export const REPLAY_T0 = '2022-04';
export const REPLAY_MONTHS_OF_DATA = [1, 3, 6, 9, 12, 15] as const;

export const CONTROL_RULE_CHANGE = { from: '8N', to: '105A', size: 0.1, t0: '2018-04' } as const;
export const CONTROL_IMPROVEMENT = { forces: 6, violence: 0.11, rape: 0.3, t0: '2018-04' } as const;

/** Months of break-free history an injection needs before t0, and the detection grace after it. */
const HISTORY_MONTHS = 24;
const GRACE_MONTHS = 3;
/**
 * Post-shock shapes start in the POST_SHOCK_MONTHS months after a national shock ends, with only
 * POST_SHOCK_HISTORY break-free months before them: the case where a force's own baseline is short
 * once the shock is left out (the blind spot 6).
 */
export const POST_SHOCK_MONTHS = 18;
export const POST_SHOCK_HISTORY = 6;

export type Tercile = 1 | 2 | 3;

export interface BenchmarkRun {
  id: string;
  seed: string;
  role: 'clean' | 'positive' | 'control' | 'replay';
  injections: InjectionSpec[];
  /** Replay runs: the audit sees data up to this month only (YYYY-MM). */
  dataEnd?: string;
  /** Replay runs: months of post-change data the audit sees (data through t0 + monthsOfData − 1). */
  monthsOfData?: number;
  /**
   * Record-level arm: every force supplies a record-level extract, so the audit also sees each crime's
   * reclassifications (transitions.ts); only the reclassification checks run. Absent: aggregate returns.
   */
  extract?: 'record_level';
  /** The span of data: `ten_year` (the plan's start and months) or `short` (SHORT_ARM). Default ten_year. */
  arm?: Arm;
  /** Seeds no threshold was tuned on are `holdout`; default `tuning`. */
  seedSet?: SeedSet;
  /** The run's own first month and length when it is not the plan's (the short arm). */
  start?: string;
  months?: number;
}

export type Arm = 'ten_year' | 'short';
export type SeedSet = 'tuning' | 'holdout';

/** The short-history arm: five years of data, the national shock inside it (2019-04 to 2024-03). */
export const SHORT_ARM = { start: '2019-04', months: 60 } as const;
/** Salt of the held-out seed set: no threshold was tuned on these seeds. */
export const HOLDOUT_SALT = 'holdout';

interface Cohort {
  salt: string;
  prefix: string;
  arm: Arm;
  seedSet: SeedSet;
  months: string[];
  cleanSeeds: number;
  positiveRuns: number;
}

export interface CohortSize {
  cleanSeeds: number;
  positiveRuns: number;
}

export interface BenchmarkPlan {
  forces: string[];
  start: string;
  months: number;
  codes: string[];
  clean: BenchmarkRun[];
  positive: BenchmarkRun[];
  controls: BenchmarkRun[];
  /** Time-to-detect replays: the three targets audited on data truncated 1, 3, 6, 9, 12 and 15 months after t0. */
  replays: BenchmarkRun[];
  /**
   * The record-level arm: the clean, positive and counting-rule-change runs again, with record-level
   * extracts (same seeds, same counts, same injections), scored for reclassification only.
   */
  recordLevel: BenchmarkRun[];
  /** Force-size tercile (1 = smallest third) by annual volume. */
  tercile: ReadonlyMap<string, Tercile>;
  /** The nine territorial forces closest to the median size: where target effects are injected. */
  medianBand: string[];
}

export interface PlanOptions {
  cleanSeeds?: number;
  positiveRuns?: number;
  gridPerSignature?: number;
  controlSeeds?: number;
  /** Seeds of the time-to-detect replay (default 0: none). */
  replaySeeds?: number;
  forces?: readonly string[];
  start?: string;
  months?: number;
  codes?: readonly string[];
  /** Salt of every seed in the plan (default 'bench'). */
  salt?: string;
  /** Add the record-level arm (default true). */
  recordLevelArm?: boolean;
  /** Add the shapes to every injected run (shapes.ts; default true). */
  shapes?: boolean;
  /** The short-history arm's runs (tuning seeds); absent: none. */
  shortArm?: CohortSize;
  /** The held-out seed set's runs over ten years, and optionally over the short span. */
  holdout?: CohortSize & { salt?: string; short?: CohortSize };
}

/** Every run of a plan, in the order a driver executes them (workers index into this list). */
export function allRuns(plan: BenchmarkPlan): BenchmarkRun[] {
  return [...plan.clean, ...plan.controls, ...plan.replays, ...plan.positive, ...plan.recordLevel];
}

/** Forces ordered by size, split into thirds (the extra forces go to the outer thirds). */
export function forceSizeTerciles(forces: readonly string[]): Map<string, Tercile> {
  const sorted = [...forces].sort((a, b) => size(a) - size(b) || (a < b ? -1 : 1));
  const n = sorted.length;
  const cut1 = Math.ceil(n / 3);
  const cut2 = n - Math.ceil(n / 3);
  return new Map(sorted.map((f, i) => [f, (i < cut1 ? 1 : i < cut2 ? 2 : 3) as Tercile]));
}

/**
 * The `count` territorial forces closest to the median size (BTP polices the railways, not an area,
 * and is nobody's typical force).
 */
export function medianSizedForces(forces: readonly string[], count = 9): string[] {
  const territorial = forces.filter((f) => FORCES.find((x) => x.slug === f)?.onsCode != null);
  const sorted = territorial.sort((a, b) => size(a) - size(b) || (a < b ? -1 : 1));
  const from = Math.max(0, Math.floor((sorted.length - count) / 2));
  return sorted.slice(from, from + count);
}

function size(force: string): number {
  return FORCE_ANNUAL_THOUSANDS[force] ?? 0;
}

/** A set of codes an S2/S3 injection acts on, with the offence groups it belongs to. */
interface Unit {
  id: string;
  codes: string[];
  groups: string[];
}

function groupUnit(id: string, group: string, codes: readonly string[]): Unit {
  return { id, codes: codes.filter((c) => lookupOffence(c)?.group === group), groups: [group] };
}

function unitsFor(codes: readonly string[]) {
  const vap = groupUnit('violence', 'Violence against the person', codes);
  const sexual = groupUnit('sexual', 'Sexual offences', codes);
  const theft = groupUnit('theft', 'Theft offences', codes);
  const robbery = groupUnit('robbery', 'Robbery', codes);
  const damage = groupUnit('damage', 'Criminal damage and arson', codes);
  const rape: Unit = { id: 'rape', codes: codes.filter(isRapeCode), groups: ['Sexual offences'] };
  const assault: Unit = {
    id: '8N',
    codes: codes.filter((c) => c === '8N'),
    groups: ['Violence against the person'],
  };
  const keep = (us: Unit[]) => us.filter((u) => u.codes.length > 0);
  return {
    s2Target: keep([vap, sexual, theft]),
    s2Grid: keep([vap, sexual, theft, rape, assault]),
    s3Target: keep([vap, theft, robbery]),
    s3Grid: keep([vap, theft, robbery, damage, sexual]),
  };
}

function conflicts(b: KnownBreak, from: number, to: number): boolean {
  const start = monthIndex(b.start);
  if (b.end === null) return start >= from - HISTORY_MONTHS && start <= to;
  return start <= to && monthIndex(b.end) >= from;
}

/** Start months where an injection of `duration` months in these groups is not entangled with a known break. */
export function eligibleStarts(args: {
  months: readonly string[];
  force: string;
  groups: readonly string[];
  duration: number;
  aprilOnly?: boolean;
  breaks?: readonly KnownBreak[];
  /** Only starts in the POST_SHOCK_MONTHS after a national shock, with POST_SHOCK_HISTORY months before. */
  postShock?: boolean;
}): string[] {
  const breaks = (args.breaks ?? KNOWN_BREAKS).filter((b) =>
    args.groups.some(
      (g) =>
        breaksAffecting([b], { force_code: args.force, offence_group: g, start: '0000-01', end: '9999-12' })
          .length > 0,
    ),
  );
  const first = monthIndex(args.months[0]!);
  const last = monthIndex(args.months[args.months.length - 1]!);
  const shockEnds = breaks
    .filter((b) => b.kind === 'national_shock' && b.end !== null)
    .map((b) => monthIndex(b.end!));
  const history = args.postShock ? POST_SHOCK_HISTORY : HISTORY_MONTHS;
  const out: string[] = [];
  for (const month of args.months) {
    const t0 = monthIndex(month);
    const windowEnd = t0 + args.duration + GRACE_MONTHS;
    if (windowEnd > last) break;
    if (args.aprilOnly && calendarMonth(month) !== 4) continue;
    if (args.postShock && !shockEnds.some((e) => t0 > e && t0 <= e + POST_SHOCK_MONTHS)) continue;
    if (breaks.some((b) => conflicts(b, t0, windowEnd))) continue;
    let clean = 0;
    for (let m = first; m < t0; m++) {
      const inBreak = breaks.some((b) =>
        b.end === null ? monthIndex(b.start) > m : monthIndex(b.start) <= m && monthIndex(b.end) >= m,
      );
      if (!inBreak) clean++;
    }
    if (clean >= history) out.push(month);
  }
  return out;
}

function pick<T>(rng: Rng, xs: readonly T[]): T {
  if (xs.length === 0) throw new RangeError('nothing to pick from');
  return xs[rng.int(0, xs.length - 1)]!;
}

function shuffled<T>(rng: Rng, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function planBenchmark(options: PlanOptions = {}): BenchmarkPlan {
  const forces = [...(options.forces ?? SYNTHETIC_FORCES)];
  const start = options.start ?? BENCHMARK_DEFAULT_START;
  const monthCount = options.months ?? BENCHMARK_DEFAULT_MONTHS;
  const months = benchmarkMonths(start, monthCount);
  const codes = options.codes ? [...options.codes] : BENCHMARK_OFFENCES.map((o) => o.code);
  const salt = options.salt ?? 'bench';
  const cleanSeeds = options.cleanSeeds ?? 5;
  const positiveRuns = options.positiveRuns ?? 40;
  const perSignature = options.gridPerSignature ?? 3;
  const controlSeeds = Math.min(options.controlSeeds ?? 1, cleanSeeds);
  const tercile = forceSizeTerciles(forces);
  const medianBand = medianSizedForces(forces);
  if (forces.length < 3 * (perSignature + 1) + 1)
    throw new RangeError(`a positive run needs at least ${3 * (perSignature + 1) + 1} forces`);
  for (const c of ['8N', '105A', ...DOWNGRADE_PAIRS.flatMap((p) => [p.from, p.to])]) {
    if (!codes.includes(c)) throw new RangeError(`the benchmark's code list must include ${c}`);
  }
  const units = unitsFor(codes);

  /** One cohort's clean and injected runs: a seed set (salt) over one span of data (arm). */
  const cohort = (c: Cohort): { clean: BenchmarkRun[]; positive: BenchmarkRun[] } => {
    const tag = { arm: c.arm, seedSet: c.seedSet, start: c.months[0]!, months: c.months.length };
    const clean: BenchmarkRun[] = Array.from({ length: c.cleanSeeds }, (_, i) => ({
      id: `${c.prefix}clean-${i + 1}`,
      seed: `${c.salt}-clean-${i + 1}`,
      role: 'clean',
      injections: [],
      ...tag,
    }));
    const lastMonth = c.months[c.months.length - 1]!;
    const toEnd = (t0: string) => monthIndex(lastMonth) - monthIndex(t0) + 1;
    const positive: BenchmarkRun[] = [];
    for (let r = 0; r < c.positiveRuns; r++) {
      const rng = createRng(`plan:${c.salt}:positive-${r + 1}`);
      const used = new Set<string>();
      const injections: InjectionSpec[] = [];
      const take = (candidates: readonly string[]) => {
        const f = pick(
          rng,
          candidates.filter((x) => !used.has(x)),
        );
        used.add(f);
        return f;
      };
      const place = (
        force: string,
        groups: readonly string[],
        duration: number,
        aprilOnly = false,
      ): string | null => {
        const starts = eligibleStarts({ months: c.months, force, groups, duration, aprilOnly });
        return starts.length === 0 ? null : pick(rng, starts);
      };

      // Targets, in median-sized forces.
      {
        const force = take(medianBand);
        const t = TARGETS.reclassification;
        const t0 = place(force, ['Violence against the person'], t.duration);
        if (t0)
          injections.push({
            kind: 'reclassification',
            forces: [force],
            codes: [t.from],
            to_code: t.to,
            t0,
            duration: t.duration,
            size: t.size,
            stratum: 'target',
            unit: 'violence-injury',
          });
      }
      {
        const force = take(medianBand);
        const t = TARGETS.no_crime_spike;
        for (const unit of shuffled(rng, units.s2Target)) {
          const t0 = place(force, unit.groups, t.duration);
          if (!t0) continue;
          injections.push({
            kind: 'no_crime_spike',
            forces: [force],
            codes: unit.codes,
            t0,
            duration: t.duration,
            size: t.size,
            stratum: 'target',
            unit: unit.id,
          });
          break;
        }
      }
      {
        const force = take(medianBand);
        const t = TARGETS.sudden_drop;
        for (const unit of shuffled(rng, units.s3Target)) {
          const t0 = place(force, unit.groups, t.detect_within, true);
          if (!t0) continue;
          injections.push({
            kind: 'sudden_drop',
            forces: [force],
            codes: unit.codes,
            t0,
            duration: toEnd(t0),
            detect_within: t.detect_within,
            size: t.size,
            stratum: 'target',
            unit: unit.id,
          });
          break;
        }
      }

      // The grid: a running counter k read in mixed radix, so that every combination of size (and
      // duration) with force-size tercile comes up equally often — 12 combinations for S1 and S3, 36 for S2.
      for (let j = 0; j < perSignature; j++) {
        const k = r * perSignature + j;
        const inTercile = (t: number) => forces.filter((f) => tercile.get(f) === t);
        {
          const force = take(inTercile((Math.floor(k / S1_SIZES.length) % 3) + 1));
          const pair = pick(rng, DOWNGRADE_PAIRS);
          const group = lookupOffence(pair.from)!.group;
          const t0 = place(force, [group], S1_DURATION);
          if (t0)
            injections.push({
              kind: 'reclassification',
              forces: [force],
              codes: [pair.from],
              to_code: pair.to,
              t0,
              duration: S1_DURATION,
              size: S1_SIZES[k % S1_SIZES.length]!,
              stratum: 'grid',
              unit: pair.family,
            });
        }
        {
          const force = take(inTercile((Math.floor(k / (S2_RATIOS.length * S2_DURATIONS.length)) % 3) + 1));
          const ratio = S2_RATIOS[k % S2_RATIOS.length]!;
          const duration = S2_DURATIONS[Math.floor(k / S2_RATIOS.length) % S2_DURATIONS.length]!;
          for (const unit of shuffled(rng, units.s2Grid)) {
            const t0 = place(force, unit.groups, duration);
            if (!t0) continue;
            injections.push({
              kind: 'no_crime_spike',
              forces: [force],
              codes: unit.codes,
              t0,
              duration,
              size: ratio,
              stratum: 'grid',
              unit: unit.id,
            });
            break;
          }
        }
        {
          const force = take(inTercile(((Math.floor(k / S3_SIZES.length) + 1) % 3) + 1));
          for (const unit of shuffled(rng, units.s3Grid)) {
            const t0 = place(force, unit.groups, S3_DETECT_WITHIN, true);
            if (!t0) continue;
            injections.push({
              kind: 'sudden_drop',
              forces: [force],
              codes: unit.codes,
              t0,
              duration: toEnd(t0),
              detect_within: S3_DETECT_WITHIN,
              size: S3_SIZES[k % S3_SIZES.length]!,
              stratum: 'grid',
              unit: unit.id,
            });
            break;
          }
        }
      }
      if (options.shapes !== false) {
        const shapeRng = rng.derive('shapes');
        injections.push(
          ...planShapes({
            rng: shapeRng,
            k: r,
            seed: `${c.salt}-positive-${r + 1}`,
            start: c.months[0]!,
            months: c.months,
            codes,
            take: (candidates) => take(candidates),
            free: () => forces.filter((f) => !used.has(f)),
            medium: () => forces.filter((f) => !used.has(f) && tercile.get(f) === 2),
            starts: (force, groups, duration, postShock) =>
              eligibleStarts({ months: c.months, force, groups, duration, postShock }),
            groupCodes: (group) => codes.filter((x) => lookupOffence(x)?.group === group),
            toEnd,
          }),
        );
      }
      positive.push({
        id: `${c.prefix}positive-${r + 1}`,
        seed: `${c.salt}-positive-${r + 1}`,
        role: 'positive',
        injections,
        ...tag,
      });
    }
    return { clean, positive };
  };

  const main = cohort({
    salt,
    prefix: '',
    arm: 'ten_year',
    seedSet: 'tuning',
    months,
    cleanSeeds,
    positiveRuns,
  });
  const clean = main.clean;
  const shortMonths = benchmarkMonths(SHORT_ARM.start, SHORT_ARM.months);
  const extra: Array<{ clean: BenchmarkRun[]; positive: BenchmarkRun[] }> = [];
  const shortArm = options.shortArm;
  if (shortArm)
    extra.push(
      cohort({
        salt: `${salt}-short`,
        prefix: 'short-',
        arm: 'short',
        seedSet: 'tuning',
        months: shortMonths,
        ...shortArm,
      }),
    );
  const holdout = options.holdout;
  if (holdout) {
    const hs = holdout.salt ?? HOLDOUT_SALT;
    extra.push(
      cohort({ salt: hs, prefix: 'holdout-', arm: 'ten_year', seedSet: 'holdout', months, ...holdout }),
    );
    if (holdout.short)
      extra.push(
        cohort({
          salt: `${hs}-short`,
          prefix: 'holdout-short-',
          arm: 'short',
          seedSet: 'holdout',
          months: shortMonths,
          ...holdout.short,
        }),
      );
  }
  const lastMonth = months[months.length - 1]!;
  const toEnd = (t0: string) => monthIndex(lastMonth) - monthIndex(t0) + 1;
  const positive = main.positive;
  const cohortClean = extra.flatMap((e) => e.clean);
  const cohortPositive = extra.flatMap((e) => e.positive);

  const controls: BenchmarkRun[] = [];
  for (let i = 0; i < controlSeeds; i++) {
    const seed = clean[i]!.seed;
    const rule = CONTROL_RULE_CHANGE;
    controls.push({
      id: `control-rule-change-${i + 1}`,
      seed,
      role: 'control',
      injections: [
        {
          kind: 'national_rule_change',
          forces,
          codes: [rule.from],
          to_code: rule.to,
          t0: rule.t0,
          duration: toEnd(rule.t0),
          size: rule.size,
          stratum: 'control',
          unit: 'violence-injury',
        },
      ],
    });
    const rng = createRng(`plan:${salt}:control-${i + 1}`);
    const imp = CONTROL_IMPROVEMENT;
    const chosen = shuffled(rng, forces).slice(0, imp.forces).sort();
    const vap = codes.filter((c) => lookupOffence(c)?.group === 'Violence against the person');
    controls.push({
      id: `control-improvement-${i + 1}`,
      seed,
      role: 'control',
      injections: [
        {
          kind: 'recording_improvement',
          forces: chosen,
          codes: vap,
          t0: imp.t0,
          duration: toEnd(imp.t0),
          size: imp.violence,
          stratum: 'control',
          unit: 'violence',
        },
        {
          kind: 'recording_improvement',
          forces: chosen,
          codes: codes.filter(isRapeCode),
          t0: imp.t0,
          duration: toEnd(imp.t0),
          size: imp.rape,
          stratum: 'control',
          unit: 'rape',
        },
      ],
    });
  }
  const replays: BenchmarkRun[] = [];
  for (let r = 0; r < (options.replaySeeds ?? 0); r++) {
    const rng = createRng(`plan:${salt}:replay-${r + 1}`);
    const [f1, f2, f3] = shuffled(rng, medianBand);
    const s2unit = pick(rng, units.s2Target);
    const s3unit = pick(rng, units.s3Target);
    const t = TARGETS;
    const injections: InjectionSpec[] = [
      {
        kind: 'reclassification',
        forces: [f1!],
        codes: [t.reclassification.from],
        to_code: t.reclassification.to,
        t0: REPLAY_T0,
        duration: t.reclassification.duration,
        size: t.reclassification.size,
        stratum: 'target',
        unit: 'violence-injury',
      },
      {
        kind: 'no_crime_spike',
        forces: [f2!],
        codes: s2unit.codes,
        t0: REPLAY_T0,
        duration: t.no_crime_spike.duration,
        size: t.no_crime_spike.size,
        stratum: 'target',
        unit: s2unit.id,
      },
      {
        kind: 'sudden_drop',
        forces: [f3!],
        codes: s3unit.codes,
        t0: REPLAY_T0,
        duration: toEnd(REPLAY_T0),
        detect_within: t.sudden_drop.detect_within,
        size: t.sudden_drop.size,
        stratum: 'target',
        unit: s3unit.id,
      },
    ];
    for (const inj of injections) {
      const groups = [...new Set(inj.codes.map((c) => lookupOffence(c)!.group))];
      const within = inj.detect_within ?? inj.duration;
      if (!eligibleStarts({ months, force: inj.forces[0]!, groups, duration: within }).includes(REPLAY_T0))
        throw new RangeError(
          `the replay start ${REPLAY_T0} is not eligible for ${inj.kind} in ${groups.join(', ')}`,
        );
    }
    for (const m of REPLAY_MONTHS_OF_DATA) {
      replays.push({
        id: `replay-${r + 1}-m${String(m).padStart(2, '0')}`,
        seed: `${salt}-replay-${r + 1}`,
        role: 'replay',
        injections,
        dataEnd: addMonths(REPLAY_T0, m - 1),
        monthsOfData: m,
      });
    }
  }

  const recordLevel: BenchmarkRun[] =
    options.recordLevelArm === false
      ? []
      : [...clean, ...controls.filter((c) => c.id.startsWith('control-rule-change')), ...positive].map(
          (r) => ({
            ...r,
            id: `rl-${r.id}`,
            extract: 'record_level' as const,
          }),
        );

  return {
    forces,
    start,
    months: monthCount,
    codes,
    clean: [...clean, ...cohortClean],
    positive: [...positive, ...cohortPositive],
    controls,
    replays,
    recordLevel,
    tercile,
    medianBand,
  };
}
