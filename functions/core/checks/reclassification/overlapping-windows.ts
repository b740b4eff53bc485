/**
 * Overlapping windows of one force and family test much the same months, so one shift shows in up to
 * seven of them; and a window starting twelve months after another is compared with that window's
 * months, so a lasting change inside the earlier window shows in both (rule 2.0.0: up to 1.1.0 only
 * windows less than twelve months apart were one move, and a cliff in mid-window was reported twice). All stay tested (they count in Benjamini–Hochberg), but only the window with the
 * smallest p among those overlapping it may be reported: each other one names the window reported
 * instead. Decided before any draft is written, so each draft is rendered once.
 */
import { monthIndex } from '#core/series/months.ts';

export interface WindowTest {
  force: string;
  start: string;
  end: string;
  p: number | null;
  /** A year-on-year window (default) or a whole-run scan, which overlaps whatever its months meet. */
  kind?: 'window' | 'scan';
}

/** One move: two windows at most 12 months apart, or a scan and any test whose months it meets. */
function sameMove(a: WindowTest, b: WindowTest): boolean {
  if ((a.kind ?? 'window') === 'window' && (b.kind ?? 'window') === 'window')
    return Math.abs(monthIndex(a.start) - monthIndex(b.start)) <= 12;
  return a.start <= b.end && b.start <= a.end;
}

/**
 * For each test, in the same order: the first test of the same force (in list order) whose window
 * starts at most 12 months from its own and has a smaller p (an absent p counts as 1; ties go to the
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
    (t) => byForce.get(t.force)!.find((e) => e !== t && sameMove(e, t) && better(e, t)) ?? null,
  );
}
