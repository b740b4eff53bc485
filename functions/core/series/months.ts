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
  // Read by character: a national audit calls this for every row several times, and a regex match
  // allocates its array and strings. Anything the fast path does not accept goes to the regex.
  if (typeof month === 'string' && month.length === 7 && month.charCodeAt(4) === 45) {
    const y = digit(month, 0) * 1000 + digit(month, 1) * 100 + digit(month, 2) * 10 + digit(month, 3);
    const mo = digit(month, 5) * 10 + digit(month, 6);
    if (y >= 0 && mo >= 1 && mo <= 12) return y * 12 + mo - 1;
  }
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`expected a month as YYYY-MM, got ${JSON.stringify(month)}`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

/** The decimal digit at `i`, or a large negative number (so any sum with it is negative) if none. */
function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1e6;
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
