/**
 * One notation for periods and one name for each force in everything the report prints. Calendar
 * months read `Apr 2006` and ranges `Apr 2006 – Jun 2007`; a financial year is named only where the
 * range is exactly one (April to March) and is labelled as such, because UK auditors read
 * `2006-07` as the financial year 2006/07, not as July 2006.
 */
import { FORCES, forceBySlug } from '../reference/forces.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `2006-07` → `Jul 2006`; anything that is not a `YYYY-MM` month is returned as given. */
export function monthText(period: string): string {
  const m = MONTH_KEY.exec(period);
  return m ? `${MONTHS[Number(m[2]) - 1]} ${m[1]}` : period;
}

/** `2006-04`, `2007-03` → `Apr 2006 – Mar 2007 (financial year 2006/07)`; one month → `Apr 2006`. */
export function periodRangeText(start: string, end: string): string {
  if (start === end) return monthText(start);
  const range = `${monthText(start)} – ${monthText(end)}`;
  const s = MONTH_KEY.exec(start);
  const e = MONTH_KEY.exec(end);
  if (s && e && s[2] === '04' && e[2] === '03' && Number(e[1]) === Number(s[1]) + 1) {
    return `${range} (financial year ${s[1]}/${e[1]!.slice(2)})`;
  }
  return range;
}

/** The force's published name, or the slug when the reference does not know it. */
export function forceName(slug: string): string {
  return forceBySlug(slug)?.name ?? slug;
}

// Longest slugs first, so `north-yorkshire` is replaced before a shorter slug could match inside it.
const SLUGS = FORCES.map((f) => f.slug).sort((a, b) => b.length - a.length);
// A slug as a word of prose: not part of a file name (`dorset.csv`), a path or a longer identifier.
const SLUG_IN_PROSE = new RegExp(`(?<![\\w./-])(${SLUGS.join('|')})(?![\\w/-]|\\.\\w)`, 'g');
const MONTH_RANGE = /\b(\d{4}-(?:0[1-9]|1[0-2]))(?:\.\.| to )(\d{4}-(?:0[1-9]|1[0-2]))\b/g;
const ONE_MONTH = /(?<![\w./-])(\d{4}-(?:0[1-9]|1[0-2]))(?![\w/-]|\.\w)/g;

const FY_QUARTER = String.raw`(\d{4})/(\d{2}) Q([1-4])`;
const QUARTER_RANGE = new RegExp(`\\b${FY_QUARTER} to ${FY_QUARTER}\\b`, 'g');
const ONE_QUARTER = new RegExp(`\\b${FY_QUARTER}\\b`, 'g');
const FINANCIAL_YEAR = /(?<!financial year )\b(\d{4})\/(\d{2})\b/g;

/** The first and last month of quarter q of the financial year starting in April of `year`. */
function quarterMonths(year: string, q: string): [string, string] {
  const first = Number(year) * 12 + 3 + (Number(q) - 1) * 3;
  const key = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
  return [key(first), key(first + 2)];
}

/**
 * A check's sentence in the report's notation: force slugs become names; `YYYY-MM` months, `A to B`
 * ranges and financial quarters (`2006/07 Q4`) become calendar months; a bare `2006/07` is called a
 * financial year. The stored summary is untouched; only the page reads so.
 */
export function proseText(text: string): string {
  return text
    .replace(SLUG_IN_PROSE, (slug) => forceName(slug))
    .replace(QUARTER_RANGE, (_, y1: string, _a, q1: string, y2: string, _b, q2: string) =>
      periodRangeText(quarterMonths(y1, q1)[0], quarterMonths(y2, q2)[1]),
    )
    .replace(ONE_QUARTER, (_, y: string, _a, q: string) => {
      const [s, e] = quarterMonths(y, q);
      return `${monthText(s).slice(0, 3)} – ${monthText(e)}`;
    })
    .replace(FINANCIAL_YEAR, (_, a: string, b: string) => `financial year ${a}/${b}`)
    .replace(MONTH_RANGE, (_, a: string, b: string) => `${monthText(a)} – ${monthText(b)}`)
    .replace(ONE_MONTH, (month: string) => monthText(month));
}

/** Months from start to end inclusive, as `YYYY-MM` keys (empty when either is not a month). */
export function monthsBetween(start: string, end: string): string[] {
  const s = MONTH_KEY.exec(start);
  const e = MONTH_KEY.exec(end);
  if (!s || !e) return [];
  const out: string[] = [];
  let y = Number(s[1]);
  let m = Number(s[2]);
  const last = Number(e[1]) * 12 + Number(e[2]);
  while (y * 12 + m <= last) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}
