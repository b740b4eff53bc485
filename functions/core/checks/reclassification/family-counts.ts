/**
 * Counts of one family (serious side, lesser side, and each code) per period of a force's code-level
 * stream, and their sums over a test window and its baseline. Months are paired: a period of the
 * window counts only when the period twelve months earlier is also usable, so seasonality cancels and
 * a missing month removes itself from both sides instead of faking a shift.
 */
import type { ReclassificationFamily } from '#core/reference/reclassification-families.ts';
import { addMonths, monthRange } from '#core/series/months.ts';
import { periodLength } from '#core/series/periods.ts';
import type { Stream } from '#core/series/streams.ts';
import { isUsableCount } from '#core/series/usable-count.ts';
import type { TestWindow } from './windows.ts';

/** A force's family counts by period, with its stream. */
export interface ForceFamily {
  stream: Stream;
  periods: Map<string, PeriodCounts>;
  /** The keys of `periods`, ascending. */
  sorted: string[];
}

export interface PeriodCounts {
  serious: number;
  lesser: number;
  /** Every family code's count in `familyCodes` order (0 for a code without a row that period). */
  byCode: Float64Array;
}

/** The family's codes, serious first: the order of every `byCode` vector. */
export function familyCodes(family: ReclassificationFamily): string[] {
  return [...family.serious.codes, ...family.lesser.codes];
}

/**
 * period_start → the family's counts, for periods in which the force reported at least one family row
 * and every family row is a usable count. Other periods are absent: unknown, not zero.
 */
export function familyPeriods(stream: Stream, family: ReclassificationFamily): Map<string, PeriodCounts> {
  const codes = familyCodes(family);
  const nSerious = family.serious.codes.length;
  const series = codes.map((c) => stream.series.get(c));
  const out = new Map<string, PeriodCounts>();
  if (series.every((s) => s === undefined)) return out;
  for (const period of stream.periods) {
    let any = false;
    let usable = true;
    let serious = 0;
    let lesser = 0;
    const byCode = new Float64Array(codes.length);
    for (let i = 0; i < codes.length; i++) {
      const row = series[i]?.rows.get(period);
      if (row === undefined) continue;
      any = true;
      if (!isUsableCount(row.recorded)) {
        usable = false;
        break;
      }
      byCode[i] = row.recorded;
      if (i < nSerious) serious += row.recorded;
      else lesser += row.recorded;
    }
    if (any && usable) out.set(period, { serious, lesser, byCode });
  }
  return out;
}

export interface WindowCounts {
  seriousWindow: number;
  lesserWindow: number;
  seriousBase: number;
  lesserBase: number;
  /** Per code (familyCodes order), summed over the paired periods. */
  codeWindow: Float64Array;
  codeBase: Float64Array;
  /** Window periods that were paired with a usable baseline period. */
  periods: string[];
}

function addInto(target: Float64Array, from: Float64Array): void {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] ?? 0) + (from[i] ?? 0);
}

/** Zero counts for a family of `width` codes, to add periods (or forces) to. */
export function emptyWindowCounts(width: number): WindowCounts {
  return {
    seriousWindow: 0,
    lesserWindow: 0,
    seriousBase: 0,
    lesserBase: 0,
    codeWindow: new Float64Array(width),
    codeBase: new Float64Array(width),
    periods: [],
  };
}

/**
 * Sums over the window's periods that have a usable partner twelve months earlier; null when fewer
 * than `minPairedMonths` months (counted in months, so three quarters = nine months) could be paired.
 * `width` is the number of family codes.
 */
export function windowCounts(
  periods: ReadonlyMap<string, PeriodCounts>,
  stream: Pick<Stream, 'grain'>,
  window: TestWindow,
  minPairedMonths: number,
  width: number,
): WindowCounts | null {
  const out = emptyWindowCounts(width);
  // Look up the window's months rather than scan every period: a force-family is tested in many windows.
  for (const period of monthRange(window.start, window.end)) {
    const w = periods.get(period);
    if (w === undefined) continue;
    const b = periods.get(addMonths(period, -12));
    if (b === undefined) continue;
    out.seriousWindow += w.serious;
    out.lesserWindow += w.lesser;
    out.seriousBase += b.serious;
    out.lesserBase += b.lesser;
    addInto(out.codeWindow, w.byCode);
    addInto(out.codeBase, b.byCode);
    out.periods.push(period);
  }
  out.periods.sort();
  return out.periods.length * periodLength(stream.grain) >= minPairedMonths ? out : null;
}
