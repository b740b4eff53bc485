import { describe, expect, it } from 'vitest';
import { reportedInstead, type WindowTest } from '#core/checks/reclassification/overlapping-windows.ts';

describe('overlapping mix-shift windows', () => {
  const test = (force: string, start: string, end: string, p: number): WindowTest => ({
    force,
    start,
    end,
    p,
  });
  // A window may be reported when no other window is reported instead of it.
  const reportable = (tests: readonly WindowTest[]) => reportedInstead(tests).map((r) => r === null);

  it('leaves only the smallest p of overlapping windows reportable, keeping every test', () => {
    const tests = [
      test('a', '2021-04', '2022-03', 1e-3),
      test('a', '2021-07', '2022-06', 1e-6),
      test('a', '2021-10', '2022-09', 1e-4),
      // Twelve months on: its baseline is the best window, so a lasting change shows in both.
      test('a', '2022-07', '2023-06', 5e-2),
      // Fifteen months on from every better window: it stands on its own.
      test('a', '2023-01', '2023-12', 1e-2),
      // Another force is never compared with force a.
      test('b', '2021-04', '2022-03', 1e-3),
    ];
    const out = reportedInstead(tests);
    expect(out).toHaveLength(tests.length);
    expect(reportable(tests)).toEqual([false, true, false, false, true, true]);
    expect(out[0]).toEqual({ force: 'a', start: '2021-07', end: '2022-06', p: 1e-6 });
  });

  it('breaks a tie in favour of the earlier window', () => {
    expect(
      reportable([test('a', '2021-07', '2022-06', 0.01), test('a', '2021-04', '2022-03', 0.01)]),
    ).toEqual([false, true]);
  });
});
