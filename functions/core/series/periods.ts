/**
 * Reporting periods: a month, or a financial quarter (three months starting April, July, October or
 * January — contract §1b). A period is identified by its first month; its last month follows from
 * the grain. Everything here is pure month arithmetic.
 */
import type { ReturnRow } from '../model/returns.ts';
import { addMonths, calendarMonth, monthIndex, monthRange } from './months.ts';

export type Grain = ReturnRow['grain'];

export function periodLength(grain: Grain): 1 | 3 {
  return grain === 'quarter' ? 3 : 1;
}

export function periodEndOf(periodStart: string, grain: Grain): string {
  return addMonths(periodStart, periodLength(grain) - 1);
}

export function nextPeriod(periodStart: string, grain: Grain): string {
  return addMonths(periodStart, periodLength(grain));
}

export function previousPeriod(periodStart: string, grain: Grain): string {
  return addMonths(periodStart, -periodLength(grain));
}

/**
 * Every period from `first` to `last` inclusive (both period starts). Quarters step by three months
 * from `first`, so financial-quarter alignment is kept as long as `first` is aligned.
 */
export function expectedPeriods(first: string, last: string, grain: Grain): string[] {
  if (grain === 'month') return monthRange(first, last);
  const out: string[] = [];
  const end = monthIndex(last);
  for (let p = first; monthIndex(p) <= end; p = nextPeriod(p, grain)) out.push(p);
  return out;
}

/** Number of periods from a to b (b after a → positive). */
export function periodsBetween(a: string, b: string, grain: Grain): number {
  return Math.round((monthIndex(b) - monthIndex(a)) / periodLength(grain));
}

/** `2022/23 Q3` for the financial quarter that starts in `periodStart`. */
export function financialQuarterLabel(periodStart: string): string {
  const month = calendarMonth(periodStart);
  const year = Number(periodStart.slice(0, 4));
  const fyStart = month >= 4 ? year : year - 1;
  const q = Math.floor(((month + 8) % 12) / 3) + 1;
  return `${fyStart}/${String((fyStart + 1) % 100).padStart(2, '0')} Q${q}`;
}

/** How a period reads in a summary: `2019-07`, or `2022/23 Q3` for a quarter. */
export function periodLabel(periodStart: string, grain: Grain): string {
  return grain === 'quarter' ? financialQuarterLabel(periodStart) : periodStart;
}

/** `2019-07`, `2019-07 to 2019-09`, or `2022/23 Q3 to 2023/24 Q2`. */
export function spanLabel(firstStart: string, lastStart: string, grain: Grain): string {
  const a = periodLabel(firstStart, grain);
  const b = periodLabel(lastStart, grain);
  return a === b ? a : `${a} to ${b}`;
}
