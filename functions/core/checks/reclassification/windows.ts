/**
 * Test windows of the year-on-year mix-shift test: each financial year (April-March) set against the
 * financial year before it, plus the latest 12 months against the 12 before them when the data does
 * not end in March. So every month is tested about once a year, in the unit forces and the Home
 * Office report in; the extra latest window keeps a recent shift from waiting up to a year. Windows
 * are calendar-fixed, so every force with the same span shares them, and the national median and τ̂²
 * of a window are taken over the same months.
 */
import { addMonths, calendarMonth, monthIndex } from '../../series/months.ts';

export interface TestWindow {
  /** `fy2022` or `latest2024-06`: stable part of a finding's identity. */
  key: string;
  kind: 'financial_year' | 'latest_12_months';
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
export function testWindows(first: string, last: string, slackMonths = 3): TestWindow[] {
  const out: TestWindow[] = [];
  const earliestBase = monthIndex(first) - slackMonths;
  const lastIndex = monthIndex(last);
  const firstYear = Number(first.slice(0, 4)) - 1;
  for (let year = firstYear; ; year++) {
    const w = financialYear(year);
    if (monthIndex(w.end) > lastIndex) break;
    if (monthIndex(w.baseStart) >= earliestBase) out.push(w);
  }
  if (calendarMonth(last) !== 3) {
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
