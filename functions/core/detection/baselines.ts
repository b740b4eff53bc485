/**
 * Baseline windows that respect the known breaks (known-breaks.ts).
 *
 * A baseline is the run of periods just before a test window that the check compares against. Two
 * kinds of break change which periods may serve:
 * - a temporary break (COVID-19, a recording drive, an IT migration) makes its periods unlike the
 *   normal level, so they are skipped and the window reaches further back instead;
 * - a permanent break (a counting-rule change) makes everything before it incomparable with what
 *   follows, so the window never reaches back across one that starts at or before the test window.
 * Periods the series lacks are skipped too. Everything skipped is listed, so evidence shows it.
 */
import type { Evidence } from '../model/findings.ts';
import { addMonths } from '../series/months.ts';
import { type Grain, periodEndOf, periodLength } from '../series/periods.ts';
import { breaksAffecting, KNOWN_BREAKS, type KnownBreak } from './known-breaks.ts';

export interface BaselineOptions {
  force_code: string;
  /** The series' offence group; null (all offences, or unknown) lets every group's breaks apply. */
  offence_group: string | null;
  grain: Grain;
  /** Period start of the first period of the test window; the baseline ends before it. */
  before: string;
  /** Periods wanted in the baseline. */
  length: number;
  /** Periods left out between the baseline and the test window (a guard band); default 0. */
  gap?: number;
  /**
   * How many periods outside known breaks to examine at most (chosen or missing); default 3 × length.
   * Periods inside temporary breaks do not count, so a short baseline can still reach across COVID-19.
   */
  maxLookback?: number;
  /** Default KNOWN_BREAKS. */
  breaks?: readonly KnownBreak[];
}

export interface BaselineWindow {
  /** Chosen period starts, ascending. */
  periods: string[];
  /** The series value of each chosen period. */
  values: number[];
  /** First month of the first chosen period and last month of the last; null when nothing was chosen. */
  start: string | null;
  end: string | null;
  /** Periods skipped because they lie in a temporary break, with the break ids, ascending. */
  excluded: Array<{ period: string; breaks: string[] }>;
  /** Periods skipped because the series has no value for them, ascending. */
  missing: string[];
  /** The permanent break the window stopped at, if any. */
  truncated_by: string | null;
  /** True when fewer than `length` periods could be found. */
  short: boolean;
}

/** The baseline window of `series` before `opts.before`, skipping breaks and gaps (see the file header). */
export function baselineWindow(series: ReadonlyMap<string, number>, opts: BaselineOptions): BaselineWindow {
  const breaks = opts.breaks ?? KNOWN_BREAKS;
  const step = periodLength(opts.grain);
  const gap = opts.gap ?? 0;
  const lookback = opts.maxLookback ?? 3 * opts.length;
  const q = { force_code: opts.force_code, offence_group: opts.offence_group };
  // The latest permanent break starting at or before the test window bounds the baseline from below.
  let floor: KnownBreak | null = null;
  for (const b of breaksAffecting(breaks, { ...q, start: '0000-01', end: opts.before })) {
    if (b.end === null && b.start <= opts.before && (floor === null || b.start > floor.start)) floor = b;
  }
  const periods: string[] = [];
  const excluded: BaselineWindow['excluded'] = [];
  const missing: string[] = [];
  let truncatedBy: string | null = null;
  let examined = 0;
  for (let back = gap + 1; examined < lookback && periods.length < opts.length; back++) {
    const period = addMonths(opts.before, -back * step);
    if (floor && period < floor.start) {
      truncatedBy = floor.id;
      break;
    }
    const end = periodEndOf(period, opts.grain);
    const temporary = breaksAffecting(breaks, { ...q, start: period, end }).filter((b) => b.end !== null);
    if (temporary.length > 0) {
      excluded.push({ period, breaks: temporary.map((b) => b.id) });
      continue;
    }
    examined++;
    if (!series.has(period)) {
      missing.push(period);
      continue;
    }
    periods.push(period);
  }
  periods.reverse();
  excluded.reverse();
  missing.reverse();
  const first = periods[0];
  const last = periods[periods.length - 1];
  return {
    periods,
    values: periods.map((p) => series.get(p)!),
    start: first ?? null,
    end: last === undefined ? null : periodEndOf(last, opts.grain),
    excluded,
    missing,
    truncated_by: truncatedBy,
    short: periods.length < opts.length,
  };
}

/** `Evidence.baseline` for a window: its span and, in words, what was left out and why. */
export function baselineEvidence(w: BaselineWindow): Evidence['baseline'] | undefined {
  if (w.start === null || w.end === null) return undefined;
  const parts = [`${w.periods.length} periods`];
  if (w.excluded.length > 0) {
    const ids = [...new Set(w.excluded.flatMap((e) => e.breaks))].sort();
    parts.push(`${w.excluded.length} skipped for known breaks (${ids.join(', ')})`);
  }
  if (w.missing.length > 0) parts.push(`${w.missing.length} skipped as not reported`);
  if (w.truncated_by !== null) parts.push(`starts after the permanent break ${w.truncated_by}`);
  return { start: w.start, end: w.end, description: parts.join('; ') };
}

/** Ids of the temporary breaks covering any month of a period (for one force and offence group). */
export function temporaryBreaksAt(
  period: string,
  opts: { force_code: string; offence_group: string | null; grain: Grain; breaks?: readonly KnownBreak[] },
): string[] {
  const end = addMonths(period, periodLength(opts.grain) - 1);
  return breaksAffecting(opts.breaks ?? KNOWN_BREAKS, {
    force_code: opts.force_code,
    offence_group: opts.offence_group,
    start: period,
    end,
  })
    .filter((b) => b.end !== null)
    .map((b) => b.id);
}
