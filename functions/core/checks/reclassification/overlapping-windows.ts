/**
 * Overlapping windows of one force and family test much the same months, so one shift shows in up to
 * seven of them. All stay tested (they count in Benjamini–Hochberg), but only the window with the
 * smallest p among those overlapping it may be reported: each other one names the window reported
 * instead. Decided before any draft is written, so each draft is rendered once.
 */
import { monthIndex } from '#core/series/months.ts';

export interface WindowTest {
  force: string;
  start: string;
  end: string;
  p: number | null;
}

/**
 * For each test, in the same order: the first test of the same force (in list order) whose window
 * starts less than 12 months from its own and has a smaller p (an absent p counts as 1; ties go to the
 * earlier window), i.e. a window reported instead of it; null when there is none and it may be reported.
 */
export function reportedInstead<T extends WindowTest>(tests: readonly T[]): Array<T | null> {
  const byForce = new Map<string, T[]>();
  for (const t of tests) {
    const list = byForce.get(t.force) ?? [];
    list.push(t);
    byForce.set(t.force, list);
  }
  const p = (t: T) => t.p ?? 1;
  const better = (a: T, b: T) => p(a) < p(b) || (p(a) === p(b) && a.start < b.start);
  return tests.map(
    (t) =>
      byForce
        .get(t.force)!
        .find((e) => e !== t && Math.abs(monthIndex(e.start) - monthIndex(t.start)) < 12 && better(e, t)) ??
      null,
  );
}
