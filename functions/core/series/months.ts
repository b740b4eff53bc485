/**
 * `YYYY-MM` month arithmetic for the checks. A month is handled as an integer index
 * (year·12 + month−1) so that spans and offsets never touch Date, a clock or a time zone.
 */
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

/** year·12 + (month − 1); throws on anything that is not `YYYY-MM`. */
export function monthIndex(month: string): number {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`expected a month as YYYY-MM, got ${JSON.stringify(month)}`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

export function monthFromIndex(index: number): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function addMonths(month: string, n: number): string {
  return monthFromIndex(monthIndex(month) + n);
}

/** Whole months from `a` to `b` (negative when b precedes a). */
export function monthsBetween(a: string, b: string): number {
  return monthIndex(b) - monthIndex(a);
}

/** Every month from start to end inclusive; empty when end precedes start. */
export function monthRange(start: string, end: string): string[] {
  const out: string[] = [];
  const last = monthIndex(end);
  for (let i = monthIndex(start); i <= last; i++) out.push(monthFromIndex(i));
  return out;
}

/** Calendar month 1..12. */
export function calendarMonth(month: string): number {
  return (monthIndex(month) % 12) + 1;
}
