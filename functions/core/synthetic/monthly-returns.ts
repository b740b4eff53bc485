/**
 * Deterministic example monthly aggregate returns (contract §1a) for every force: realistic-looking
 * baselines (force sizes spread over two orders of magnitude, a per-force offence mix, seasonality,
 * mild trends, over-dispersed noise, cancellations as a small binomial fraction of recorded) with a
 * few labelled problems planted (see injections.ts). Same options → same rows, on any machine.
 */

import { calendarMonth, monthRange } from '../series/months.ts';
import { FORCE_ANNUAL_THOUSANDS, forceShare, SYNTHETIC_FORCES } from './force-sizes.ts';
import { type InjectedProblem, planInjections } from './injections.ts';
import {
  FORCE_MIX_OVERRIDES,
  SYNTHETIC_OFFENCES,
  type SyntheticOffence,
  seasonalFactor,
} from './offence-profile.ts';
import { createRng, type Rng } from './rng.ts';

/** One line of a monthly aggregate return, as contract §1a spells its columns. */
export interface MonthlyReturnRow {
  force_code: string;
  month: string;
  offence_code: string;
  recorded: number;
  cancelled: number;
}

export interface MonthlyReturnsOptions {
  /** Seed of every random draw (default 20190401). */
  seed?: number | string;
  /** First month, YYYY-MM (default 2019-04). */
  start?: string;
  /** Last month, YYYY-MM (default 2024-03: five financial years). */
  end?: string;
  /** Force slugs to generate (default all 43 territorial forces plus BTP). */
  forces?: readonly string[];
  /** Plant the labelled problems (default true). */
  inject?: boolean;
  /**
   * Negative-binomial size parameter: variance = mean + mean²/size. Smaller is noisier. The default
   * (400) gives a large series about 5 % month-to-month noise beyond its seasonality.
   */
  dispersion?: number;
}

export interface MonthlyReturns {
  rows: MonthlyReturnRow[];
  /** The problems planted, where and what an audit should report for each. */
  labels: InjectedProblem[];
  forces: string[];
  months: string[];
  offenceCodes: string[];
}

export const DEFAULT_SEED = 20190401;
export const DEFAULT_START = '2019-04';
export const DEFAULT_END = '2024-03';

/** Per-force parameters drawn once from the force's own stream. */
interface ForceParameters {
  cancelRate: number;
  trendOffset: number;
  mix: Map<string, number>;
}

function forceParameters(root: Rng, force: string): ForceParameters {
  const rng = root.derive(`force:${force}`);
  const cancelRate = 0.02 + 0.02 * rng.uniform();
  const trendOffset = rng.normal(0, 0.015);
  const overrides = FORCE_MIX_OVERRIDES[force] ?? {};
  const mix = new Map<string, number>();
  for (const offence of SYNTHETIC_OFFENCES) {
    // Log-normal spread of each force's mix around the national one (sd ≈ 15 %).
    const local = Math.exp(root.derive(`mix:${force}:${offence.code}`).normal(0, 0.15));
    mix.set(offence.code, local * (overrides[offence.code] ?? 1));
  }
  return { cancelRate, trendOffset, mix };
}

function expectedMonthly(
  offence: SyntheticOffence,
  force: string,
  params: ForceParameters,
  month: string,
  monthsFromStart: number,
): number {
  const base = (offence.nationalAnnual * forceShare(force) * (params.mix.get(offence.code) ?? 1)) / 12;
  const growth = Math.exp(Math.log1p(offence.annualTrend + params.trendOffset) * (monthsFromStart / 12));
  return base * seasonalFactor(offence, calendarMonth(month)) * growth;
}

/** The planted problem of a kind in a force, if there is one. */
function labelFor(labels: readonly InjectedProblem[], force: string, kind: InjectedProblem['kind']) {
  return labels.find((l) => l.force_code === force && l.kind === kind);
}

export function generateMonthlyReturns(options: MonthlyReturnsOptions = {}): MonthlyReturns {
  const seed = options.seed ?? DEFAULT_SEED;
  const months = monthRange(options.start ?? DEFAULT_START, options.end ?? DEFAULT_END);
  if (months.length === 0) throw new RangeError('the span has no months: end precedes start');
  const forces = [...(options.forces ?? SYNTHETIC_FORCES)];
  for (const f of forces) {
    if (FORCE_ANNUAL_THOUSANDS[f] === undefined)
      throw new RangeError(`unknown force slug ${JSON.stringify(f)}`);
  }
  const dispersion = options.dispersion ?? 400;
  const labels = options.inject === false ? [] : planInjections(months, forces);
  const root = createRng(seed);
  const rows: MonthlyReturnRow[] = [];

  for (const force of forces) {
    const params = forceParameters(root, force);
    const drop = labelFor(labels, force, 'sudden_drop');
    const reclass = labelFor(labels, force, 'reclassification');
    const zeros = labelFor(labels, force, 'zero_run');
    const spike = labelFor(labels, force, 'no_crime_spike');

    // recorded[code][monthIndex], drawn before any count-level problem is applied.
    const recorded = new Map<string, number[]>();
    for (const offence of SYNTHETIC_OFFENCES) {
      const noise = root.derive(`counts:${force}:${offence.code}`);
      recorded.set(
        offence.code,
        months.map((month, i) => {
          let mean = expectedMonthly(offence, force, params, month, i);
          if (drop?.months.includes(month) && drop.offence_codes.includes(offence.code))
            mean *= drop.magnitude ?? 1;
          return noise.negativeBinomial(mean, dispersion);
        }),
      );
    }

    if (reclass?.related_offence_code) {
      // Move a binomial share of each month's crimes from the code to its related code.
      const from = recorded.get(reclass.offence_codes[0]!)!;
      const to = recorded.get(reclass.related_offence_code)!;
      const moveRng = root.derive(`reclassification:${force}`);
      months.forEach((month, i) => {
        if (!reclass.months.includes(month)) return;
        const moved = moveRng.binomial(from[i]!, reclass.magnitude ?? 0);
        from[i] = from[i]! - moved;
        to[i] = to[i]! + moved;
      });
    }
    if (zeros) {
      const series = recorded.get(zeros.offence_codes[0]!)!;
      months.forEach((month, i) => {
        if (zeros.months.includes(month)) series[i] = 0;
      });
    }

    for (const [i, month] of months.entries()) {
      for (const offence of SYNTHETIC_OFFENCES) {
        const count = recorded.get(offence.code)![i]!;
        let rate = Math.min(0.5, params.cancelRate * offence.cancellationFactor);
        if (spike?.months.includes(month)) rate = Math.min(0.9, rate * (spike.magnitude ?? 1));
        // A stream per cell keeps every other cell's cancellations fixed when one rate changes.
        const cancelled = root.derive(`cancel:${force}:${offence.code}:${month}`).binomial(count, rate);
        rows.push({ force_code: force, month, offence_code: offence.code, recorded: count, cancelled });
      }
    }
  }

  return {
    rows: applyRowProblems(rows, labels, root),
    labels,
    forces,
    months,
    offenceCodes: SYNTHETIC_OFFENCES.map((x) => x.code),
  };
}

/** Problems that are about the rows themselves rather than the counts: gaps, duplicates, bad values. */
function applyRowProblems(
  rows: MonthlyReturnRow[],
  labels: readonly InjectedProblem[],
  root: Rng,
): MonthlyReturnRow[] {
  const matches = (row: MonthlyReturnRow, label: InjectedProblem) =>
    row.force_code === label.force_code &&
    label.months.includes(row.month) &&
    (label.offence_codes.length === 0 || label.offence_codes.includes(row.offence_code));

  const out: MonthlyReturnRow[] = [];
  for (const row of rows) {
    const gap = labels.find((l) => l.kind === 'missing_months' && matches(row, l));
    if (gap) continue;
    const negative = labels.find((l) => l.kind === 'negative_count' && matches(row, l));
    const current = negative ? { ...row, recorded: negative.magnitude ?? -1, cancelled: 0 } : row;
    out.push(current);
    if (labels.some((l) => l.kind === 'duplicate_row' && matches(row, l))) out.push({ ...current });

    const unknown = labels.find(
      (l) =>
        l.kind === 'unknown_offence_code' && l.force_code === row.force_code && l.months.includes(row.month),
    );
    // The unknown code's row goes after the month's last known code, as a force's export would put it.
    if (unknown && row.offence_code === SYNTHETIC_OFFENCES[SYNTHETIC_OFFENCES.length - 1]!.code) {
      const rng = root.derive(`unknown:${row.force_code}:${row.month}`);
      const count = rng.int(20, 60);
      out.push({
        force_code: row.force_code,
        month: row.month,
        offence_code: unknown.offence_codes[0]!,
        recorded: count,
        cancelled: rng.binomial(count, 0.03),
      });
    }
  }
  return out;
}
