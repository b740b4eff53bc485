/**
 * The shapes a held-out benchmark found the engine missing (issue 9), placed in each injected run
 * beside the effect-size grid. Each injection is in a force of its own and carries a `shape` tag:
 *
 * - `year_end_dip` (×2 a run): recorded crime 20–30% down in January–March of one financial year,
 *   recovering in April, in violence (the group), residential burglary (28E) or robbery (the group).
 *   Every other one defers half the missing crimes into April (deferred_share .5), the rest none.
 * - `ladder_step` (×2): 10/20/30% of the serious code recorded one step down for 12 months, cycling
 *   5D → 8N, 8N → 105A, 34B → 39 (robbery recorded as theft from the person).
 * - `rape_as_sexual_assault` (×1): 20–25% of 19C recorded as 20A from t0 to the end of the data, in
 *   a medium-sized force (middle size tercile).
 * - `cliff_no_compensation` (×1): residential burglary (28E) 25–30% down from t0 (any month) to the
 *   end of the data, nothing rising elsewhere; to be found within 12 months. A reclassification
 *   finding on it is a wrong attribution.
 * - `low_count_no_crime` (×2): cancellations ×2.8–3.8 for 3–5 months in a single code whose expected
 *   cancellations in the window are 2–6 a month (the generator's own expectation); one of the two is
 *   rape (19C), the other 5D, 34B, 20A, 28E or 8N.
 * - `post_shock_no_crime` and `post_shock_drop` (×1 each): a ×2–3 no-crime rise for 3 months in an
 *   offence group, and a 20–30% lasting drop (burglary 28E or the theft group, found within 12
 *   months), starting in the 18 months after the COVID-19 shock ends with as few as 6 break-free
 *   months before (plan.ts eligibleStarts, postShock).
 * Sizes are drawn uniformly in their ranges and rounded to .01 (ratios to .1).
 */
import { lookupOffence } from '#core/reference/offence-reference.ts';
import { calendarMonth, monthIndex } from '#core/series/months.ts';
import type { Rng } from '../rng.ts';
import { generateBenchmarkPanel } from './generator.ts';
import type { InjectionSpec } from './injections.ts';
import { LADDER_STEPS } from './offences.ts';

export const SHAPES = [
  'year_end_dip',
  'ladder_step',
  'rape_as_sexual_assault',
  'cliff_no_compensation',
  'low_count_no_crime',
  'post_shock_no_crime',
  'post_shock_drop',
] as const;

export const DIP_SIZE = [0.2, 0.3] as const;
export const DIP_DEFERRED_SHARE = 0.5;
export const LADDER_SIZES = [0.1, 0.2, 0.3] as const;
export const RAPE_AS_ASSAULT_SIZE = [0.2, 0.25] as const;
export const CLIFF_SIZE = [0.25, 0.3] as const;
export const LOW_COUNT_RATIO = [2.8, 3.8] as const;
export const LOW_COUNT_DURATION = [3, 5] as const;
export const LOW_COUNT_BASELINE = [2, 6] as const;
export const POST_SHOCK_RATIO = [2, 3] as const;
export const POST_SHOCK_DROP = [0.2, 0.3] as const;
const DETECT_WITHIN = 12;

/** What the plan lends a run's shapes. */
export interface ShapeContext {
  rng: Rng;
  /** Run index (alternates deferral, cycles ladder steps). */
  k: number;
  seed: string;
  start: string;
  months: readonly string[];
  codes: readonly string[];
  /** Takes an unused force from the candidates (throws when none is left). */
  take: (candidates: readonly string[]) => string;
  /** Unused forces now, and those of the middle size tercile. */
  free: () => string[];
  medium: () => string[];
  /** Eligible starts for the groups and duration (plan.ts eligibleStarts). */
  starts: (force: string, groups: readonly string[], duration: number, postShock?: boolean) => string[];
  /** Codes of an offence group in the plan. */
  groupCodes: (group: string) => string[];
  /** Months from t0 to the end of the data. */
  toEnd: (t0: string) => number;
}

const between = (rng: Rng, [lo, hi]: readonly [number, number], step = 0.01) =>
  Number((Math.round((lo + (hi - lo) * rng.uniform()) / step) * step).toFixed(2));

function pickFrom<T>(rng: Rng, xs: readonly T[]): T | undefined {
  return xs.length === 0 ? undefined : xs[rng.int(0, xs.length - 1)];
}

const VIOLENCE = 'Violence against the person';

export function planShapes(ctx: ShapeContext): InjectionSpec[] {
  const out: InjectionSpec[] = [];
  const { rng, k } = ctx;
  const has = (c: string) => ctx.codes.includes(c);

  // Year-end dips.
  const dipUnits = [
    { id: 'violence', codes: ctx.groupCodes(VIOLENCE), groups: [VIOLENCE] },
    { id: '28E', codes: ['28E'], groups: ['Theft offences'] },
    { id: 'robbery', codes: ctx.groupCodes('Robbery'), groups: ['Robbery'] },
  ].filter((u) => u.codes.length > 0);
  for (let j = 0; j < 2; j++) {
    const unit = dipUnits[(2 * k + j) % dipUnits.length]!;
    const force = ctx.take(ctx.free());
    const t0 = pickFrom(
      rng,
      ctx.starts(force, unit.groups, 4).filter((m) => calendarMonth(m) === 1),
    );
    if (!t0) continue;
    out.push({
      kind: 'year_end_dip',
      shape: 'year_end_dip',
      forces: [force],
      codes: unit.codes,
      t0,
      duration: 3,
      size: between(rng, DIP_SIZE),
      deferred_share: j % 2 === 0 ? DIP_DEFERRED_SHARE : 0,
      stratum: 'shape',
      unit: unit.id,
    });
  }

  // Ladder steps.
  for (let j = 0; j < 2; j++) {
    const step = LADDER_STEPS[(2 * k + j) % LADDER_STEPS.length]!;
    if (!has(step.from) || !has(step.to)) continue;
    const force = ctx.take(ctx.free());
    const groups = [...new Set([step.from, step.to].map((c) => lookupOffence(c)!.group))];
    const t0 = pickFrom(rng, ctx.starts(force, groups, 12));
    if (!t0) continue;
    out.push({
      kind: 'reclassification',
      shape: 'ladder_step',
      forces: [force],
      codes: [step.from],
      to_code: step.to,
      t0,
      duration: 12,
      size: LADDER_SIZES[(2 * k + j) % LADDER_SIZES.length]!,
      stratum: 'shape',
      unit: `${step.from}>${step.to}`,
    });
  }

  // Rape recorded as sexual assault, for the rest of the data, in a medium-sized force.
  if (has('19C') && has('20A')) {
    const force = ctx.take(ctx.medium().length > 0 ? ctx.medium() : ctx.free());
    const t0 = pickFrom(rng, ctx.starts(force, ['Sexual offences'], 12));
    if (t0)
      out.push({
        kind: 'reclassification',
        shape: 'rape_as_sexual_assault',
        forces: [force],
        codes: ['19C'],
        to_code: '20A',
        t0,
        duration: ctx.toEnd(t0),
        size: between(rng, RAPE_AS_ASSAULT_SIZE),
        stratum: 'shape',
        unit: '19C>20A',
      });
  }

  // A burglary cliff with nothing rising elsewhere.
  if (has('28E')) {
    const force = ctx.take(ctx.free());
    const t0 = pickFrom(rng, ctx.starts(force, ['Theft offences'], DETECT_WITHIN));
    if (t0)
      out.push({
        kind: 'sudden_drop',
        shape: 'cliff_no_compensation',
        forces: [force],
        codes: ['28E'],
        t0,
        duration: ctx.toEnd(t0),
        detect_within: DETECT_WITHIN,
        size: between(rng, CLIFF_SIZE),
        stratum: 'shape',
        unit: '28E',
      });
  }

  out.push(...lowCountSpikes(ctx));
  out.push(...postShock(ctx));
  return out;
}

const LOW_COUNT_OTHERS = ['5D', '34B', '20A', '28E', '8N'];

/** Two single-code no-crime rises where the expected cancellations are 2–6 a month (one in rape). */
function lowCountSpikes(ctx: ShapeContext): InjectionSpec[] {
  const { rng } = ctx;
  const others = LOW_COUNT_OTHERS.filter((c) => ctx.codes.includes(c));
  const slots: string[][] = [ctx.codes.includes('19C') ? ['19C'] : [], others].filter((s) => s.length > 0);
  const candidates = ctx.free();
  if (slots.length === 0 || candidates.length === 0) return [];
  const codes = [...new Set(slots.flat())];
  const panel = generateBenchmarkPanel({
    seed: ctx.seed,
    forces: candidates,
    codes,
    start: ctx.start,
    months: ctx.months.length,
  });
  const out: InjectionSpec[] = [];
  for (const slot of slots) {
    const duration = rng.int(LOW_COUNT_DURATION[0], LOW_COUNT_DURATION[1]);
    const tried = shuffledPairs(rng, ctx.free(), slot);
    for (const [force, code] of tried) {
      const group = panel.offences.find((o) => o.code === code)!.group;
      const t0 = pickFrom(rng, ctx.starts(force, [group], duration));
      if (!t0) continue;
      const fi = panel.forces.indexOf(force);
      const cell = panel.cells[fi]?.find((c) => c.offence.code === code);
      if (!cell) continue;
      const at = monthIndex(t0) - monthIndex(panel.months[0]!);
      let sum = 0;
      for (let i = 0; i < duration; i++) sum += cell.expected[at + i]! * cell.cancelProbability[at + i]!;
      const perMonth = sum / duration;
      if (perMonth < LOW_COUNT_BASELINE[0] || perMonth > LOW_COUNT_BASELINE[1]) continue;
      ctx.take([force]);
      out.push({
        kind: 'no_crime_spike',
        shape: 'low_count_no_crime',
        forces: [force],
        codes: [code],
        t0,
        duration,
        size: between(rng, LOW_COUNT_RATIO, 0.1),
        stratum: 'shape',
        unit: code,
      });
      break;
    }
  }
  return out;
}

function shuffledPairs(
  rng: Rng,
  forces: readonly string[],
  codes: readonly string[],
): Array<[string, string]> {
  const pairs = forces.flatMap((f) => codes.map((c) => [f, c] as [string, string]));
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
  }
  return pairs;
}

/** A no-crime rise and a lasting drop starting just after the national shock. */
function postShock(ctx: ShapeContext): InjectionSpec[] {
  const { rng } = ctx;
  const out: InjectionSpec[] = [];
  const groups = [VIOLENCE, 'Sexual offences', 'Theft offences'].filter((g) => ctx.groupCodes(g).length > 0);
  const group = pickFrom(rng, groups);
  if (group) {
    const force = ctx.take(ctx.free());
    const t0 = pickFrom(rng, ctx.starts(force, [group], 3, true));
    if (t0)
      out.push({
        kind: 'no_crime_spike',
        shape: 'post_shock_no_crime',
        forces: [force],
        codes: ctx.groupCodes(group),
        t0,
        duration: 3,
        size: between(rng, POST_SHOCK_RATIO, 0.1),
        stratum: 'shape',
        unit: group,
      });
  }
  const drop = ctx.k % 2 === 0 && ctx.codes.includes('28E') ? ['28E'] : ctx.groupCodes('Theft offences');
  if (drop.length > 0) {
    const force = ctx.take(ctx.free());
    const t0 = pickFrom(rng, ctx.starts(force, ['Theft offences'], DETECT_WITHIN, true));
    if (t0)
      out.push({
        kind: 'sudden_drop',
        shape: 'post_shock_drop',
        forces: [force],
        codes: drop,
        t0,
        duration: ctx.toEnd(t0),
        detect_within: DETECT_WITHIN,
        size: between(rng, POST_SHOCK_DROP),
        stratum: 'shape',
        unit: drop.length === 1 ? drop[0]! : 'theft',
      });
  }
  return out;
}
