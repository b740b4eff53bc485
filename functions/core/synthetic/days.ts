/**
 * Calendar days for the record-level example (dates as `YYYY-MM-DD` strings, Gregorian, no Date
 * object and no time zone, so the output cannot depend on where or when the generator runs).
 */
import { addMonths, monthIndex } from '../series/months.ts';

export function daysInMonth(month: string): number {
  const index = monthIndex(month);
  const year = Math.floor(index / 12);
  const m = index - year * 12 + 1;
  if (m === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

export function isoDate(month: string, day: number): string {
  return `${month}-${String(day).padStart(2, '0')}`;
}

/** The date `days` (≥ 0) after day `day` of `month`, rolling over month ends. */
export function addDays(month: string, day: number, days: number): string {
  let m = month;
  let d = day + days;
  while (d > daysInMonth(m)) {
    d -= daysInMonth(m);
    m = addMonths(m, 1);
  }
  return isoDate(m, d);
}
