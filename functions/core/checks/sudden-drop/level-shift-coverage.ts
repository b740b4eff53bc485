/**
 * The coarsest-level outcome of every tested shift of one panel, decided before any draft is
 * rendered (coarsest.ts holds the rule): which finding reports each drop, and what each finding
 * reports besides its own. The evidence and the summary are then each written once from it.
 */
import { periodLength } from '#core/series/periods.ts';
import { applyCoarsestLevel, coveredDescendants, reportedBy, type TestedShift } from './coarsest.ts';
import type { LevelShiftRun } from './level-shift-analyse.ts';

export interface ShiftCoverage {
  /**
   * `reported`: the shift's own finding reports it; `covered`: a coarser drop of the same episode
   * reports it (rule 1.4.0); `explained`: a finer drop that explains it reports it (rule 1.5.0).
   */
  relation: 'reported' | 'covered' | 'explained';
  /** The parent that covers it, or the finer shift that explains it; null when reported. */
  by: TestedShift | null;
  /** The finding that reports it, following the chain to the top; null when reported. */
  reportedBy: TestedShift | null;
  /** Coarser shifts this finding reports because it explains them. */
  explains: readonly TestedShift[];
  /** Finer shifts this finding reports, each with the covered intermediate it was reached through. */
  includes: ReadonlyArray<{ shift: TestedShift; via: TestedShift | null }>;
}

/** Applies the coarsest-level rule to one panel's shifts and returns each one's outcome. */
export function decideCoverage(
  run: LevelShiftRun,
  shifts: readonly TestedShift[],
): ReadonlyMap<TestedShift, ShiftCoverage> {
  // One finding per drop episode at the coarsest level that explains it (rule 1.4.0, coarsest.ts).
  applyCoarsestLevel(shifts, run.cfg.levelShift.coarsestLevel, periodLength(run.panel.grain), (id, force) =>
    run.tested.has(`${force}|${id}`),
  );
  return new Map(shifts.map((s) => [s, coverageOf(s)]));
}

/** The outcome of one shift once applyCoarsestLevel has run. */
export function coverageOf(shift: TestedShift): ShiftCoverage {
  const by = shift.coveredBy;
  return {
    relation: by === null ? 'reported' : by.explains.includes(shift) ? 'explained' : 'covered',
    by,
    reportedBy: by === null ? null : reportedBy(shift),
    explains: shift.explains,
    includes: coveredDescendants(shift),
  };
}
