/**
 * Periods as the three input formats write them, turned into the months the model keys on:
 * financial years and quarters (Home Office tables), `YYYY-MM` months (monthly returns) and record
 * dates or timestamps (record-level extracts). Every parser returns null for text it does not accept,
 * so callers turn that into a validation issue naming the cell.
 */

export type Quarter = 1 | 2 | 3 | 4;

/** Years outside this window are typing errors in crime data ("0219-07"), not history. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2099;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function formatMonth(year: number, month: number): string {
  return `${year}-${pad2(month)}`;
}

/**
 * The first calendar year of a financial year: "2019/20" → 2019. Also accepted: "2019-20" and
 * "2019/2020". The second year must follow the first ("2019/21" is rejected: a typo could otherwise
 * file a quarter a year out).
 */
export function parseFinancialYear(text: string): number | null {
  const m = /^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$/.exec(text.trim());
  if (!m) return null;
  const start = Number(m[1]);
  const endText = m[2]!;
  if (start < MIN_YEAR || start > MAX_YEAR) return null;
  const expectedEnd = start + 1;
  const ok = endText.length === 2 ? Number(endText) === expectedEnd % 100 : Number(endText) === expectedEnd;
  return ok ? start : null;
}

/** "1".."4", also "Q1".."Q4" (any case). */
export function parseFinancialQuarter(text: string): Quarter | null {
  const m = /^q?([1-4])$/i.exec(text.trim());
  return m ? (Number(m[1]) as Quarter) : null;
}

/**
 * The months of financial quarter q of a financial year (contract §1b): q1 = April–June of the first
 * year, q2 = July–September, q3 = October–December, q4 = January–March of the following year.
 */
export function quarterMonths(startYear: number, quarter: Quarter): { start: string; end: string } {
  const firstMonth = 4 + (quarter - 1) * 3; // 4, 7, 10, 13
  const year = firstMonth > 12 ? startYear + 1 : startYear;
  const month = firstMonth > 12 ? firstMonth - 12 : firstMonth;
  return { start: formatMonth(year, month), end: formatMonth(year, month + 2) };
}

/** As quarterMonths, from the published text; throws RangeError naming what was wrong. */
export function financialQuarterToMonths(
  financialYear: string,
  quarter: number | string,
): { start: string; end: string } {
  const startYear = parseFinancialYear(financialYear);
  if (startYear === null) {
    throw new RangeError(`financial year ${JSON.stringify(financialYear)}: expected YYYY/YY, e.g. 2019/20`);
  }
  const q = parseFinancialQuarter(String(quarter));
  if (q === null) throw new RangeError(`financial quarter ${JSON.stringify(quarter)}: expected 1, 2, 3 or 4`);
  return quarterMonths(startYear, q);
}

/** Strict `YYYY-MM` (month 01–12); returns it unchanged, or null. */
export function parseMonth(text: string): string | null {
  const t = text.trim();
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(t);
  if (!m) return null;
  const year = Number(m[1]);
  return year >= MIN_YEAR && year <= MAX_YEAR ? t : null;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Last Sunday of a month at 01:00 UTC: when British Summer Time starts (March) and ends (October). */
function lastSundayOneAmUtc(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month, 0, 1));
  return last.getTime() - last.getUTCDay() * 86_400_000;
}

/** The calendar date in the UK (GMT/BST, rules in force since 1996) of an instant. */
function ukDate(utcMs: number): { year: number; month: number; day: number } {
  const year = new Date(utcMs).getUTCFullYear();
  const bst = utcMs >= lastSundayOneAmUtc(year, 3) && utcMs < lastSundayOneAmUtc(year, 10);
  const local = new Date(utcMs + (bst ? 3_600_000 : 0));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

const DATE_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * The UK calendar date and month of a record-level date: `YYYY-MM-DD`, or an ISO 8601 timestamp.
 * A timestamp without an offset is taken as UK local time, as written; one with `Z` or an offset is
 * converted to UK time first, because crimes are counted in the month they were recorded in the UK
 * (23:30Z on 30 June is 00:30 BST on 1 July: a July crime).
 */
export function parseRecordDate(text: string): { date: string; month: string } | null {
  const m = DATE_RE.exec(text.trim());
  if (!m) return null;
  let year = Number(m[1]);
  let month = Number(m[2]);
  let day = Number(m[3]);
  if (
    year < MIN_YEAR ||
    year > MAX_YEAR ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month)
  ) {
    return null;
  }
  if (m[4] !== undefined) {
    const hour = Number(m[4]);
    const minute = Number(m[5]);
    const second = m[6] === undefined ? 0 : Number(m[6]);
    if (hour > 23 || minute > 59 || second > 59) return null;
    const zone = m[7];
    if (zone !== undefined) {
      let offsetMinutes = 0;
      if (zone.toUpperCase() !== 'Z') {
        const sign = zone.startsWith('-') ? -1 : 1;
        const digits = zone.slice(1).replace(':', '');
        const oh = Number(digits.slice(0, 2));
        const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
        if (oh > 14 || om > 59) return null;
        offsetMinutes = sign * (oh * 60 + om);
      }
      const utc = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
      ({ year, month, day } = ukDate(utc));
    }
  }
  return { date: `${year}-${pad2(month)}-${pad2(day)}`, month: formatMonth(year, month) };
}
