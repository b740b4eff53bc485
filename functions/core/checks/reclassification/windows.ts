/**
 * Test windows of the year-on-year mix-shift test: each financial year (April-March) set against the
 * financial year before it, plus the latest 12 months against the 12 before them when the data does
 * not end at a window's end. With `rolling`, also the 12 months ending June, September and December:
 * a 12-month shift then lies within a month and a half of some window's start, so at least 10/12 of
 * it is compared against a clean baseline instead of as little as half of it split across two
 * financial years (each year-on-year comparison subtracts whatever of the shift fell in its baseline).
 * Windows are calendar-fixed, so every force with the same span shares them, and the national median
 * and τ̂² of a window are taken over the same months.
 */
import { addMonths, calendarMonth, monthIndex } from '#core/series/months.ts';

export interface TestWindow {
  /** `fy2022` or `latest2024-06`: stable part of a finding's identity. */
  key: string;
  kind: 'financial_year' | 'rolling_12_months' | 'latest_12_months';
  /** First and last month of the test window W. */
  start: string;
  end: string;
  /** First and last month of the baseline B: the same months a year earlier. */
  baseStart: string;
  baseEnd: string;
  /** `2022/23` or `the 12 months to 2024-06`. */
  label: string;
  /** `2021/22` or `the 12 months before`. */
  baseLabel: string;
}

function financialYearLabel(aprilOf: number): string {
  return `${aprilOf}/${String((aprilOf + 1) % 100).padStart(2, '0')}`;
}

function financialYear(aprilOf: number): TestWindow {
  const start = `${aprilOf}-04`;
  return {
    key: `fy${aprilOf}`,
    kind: 'financial_year',
    start,
    end: addMonths(start, 11),
    baseStart: addMonths(start, -12),
    baseEnd: addMonths(start, -1),
    label: financialYearLabel(aprilOf),
    baseLabel: financialYearLabel(aprilOf - 1),
  };
}

/**
 * The windows a span of data (first and last month with data, inclusive) supports. A window is
 * offered when it ends inside the span and its baseline starts no more than `slackMonths` before the
 * span (the pairing of months then decides whether enough of it is usable).
 */
export function testWindows(first: string, last: string, slackMonths = 3, rolling = false): TestWindow[] {
  const out: TestWindow[] = [];
  const earliestBase = monthIndex(first) - slackMonths;
  const lastIndex = monthIndex(last);
  const firstYear = Number(first.slice(0, 4)) - 1;
  for (let year = firstYear; ; year++) {
    const w = financialYear(year);
    if (monthIndex(w.end) > lastIndex) break;
    if (monthIndex(w.baseStart) >= earliestBase) out.push(w);
    if (!rolling) continue;
    // The 12 months ending June, September and December after this financial year's start.
    for (const shift of [3, 6, 9]) {
      const start = addMonths(w.start, shift);
      const end = addMonths(start, 11);
      if (monthIndex(end) > lastIndex || monthIndex(start) - 12 < earliestBase) continue;
      out.push({
        key: `r${end}`,
        kind: 'rolling_12_months',
        start,
        end,
        baseStart: addMonths(start, -12),
        baseEnd: addMonths(start, -1),
        label: `the 12 months to ${end}`,
        baseLabel: 'the 12 months before',
      });
    }
  }
  if ((!rolling || calendarMonth(last) % 3 !== 0) && calendarMonth(last) !== 3) {
    const start = addMonths(last, -11);
    if (monthIndex(start) - 12 >= earliestBase) {
      out.push({
        key: `latest${last}`,
        kind: 'latest_12_months',
        start,
        end: last,
        baseStart: addMonths(start, -12),
        baseEnd: addMonths(start, -1),
        label: `the 12 months to ${last}`,
        baseLabel: 'the 12 months before',
      });
    }
  }
  return out;
}

/** True when a month lies in [start, end]. */
export function inSpan(month: string, start: string, end: string): boolean {
  return month >= start && month <= end;
}
