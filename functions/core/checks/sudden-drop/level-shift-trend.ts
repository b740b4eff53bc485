/**
 * The level-shift check's tested statistic (rule 2.0.0): the broken-trend step of a post window
 * against the force's local trend relative to its peers (trend-step.ts), calibrated across forces as
 * the level DiD is, and the selection-aware p-value of a change PELT chose (stats/scan-bound.ts).
 */

import { periodLength } from '#core/series/periods.ts';
import { normalQuantile } from '#core/stats/distributions.ts';
import { type CalibratedZ, calibratedZ } from '#core/stats/log-odds-ratio.ts';
import type { PoissonSegment } from '#core/stats/pelt-poisson.ts';
import { scanLowerTailBound } from '#core/stats/scan-bound.ts';
import { calibrateSteps, type WindowCalibration } from './calibration.ts';
import type { ComparisonCache, PeerComparison } from './comparison.ts';
import type { SuddenDropConfig } from './config.ts';
import type { Panel, SeriesSpec } from './panel.ts';
import { type TrendStep, trendStep } from './trend-step.ts';

/** The broken-trend step of one post window against the local trend before it, calibrated across forces. */
/** What the step needs of a level-shift run (LevelShiftRun has it). */
interface StepRun {
  cfg: SuddenDropConfig;
  panel: Panel;
  cache: ComparisonCache;
}

/** What the selection-aware p needs of a tested window (TestedWindow has it). */
interface TestedWindow {
  pValue: number;
  trend: TrendOutcome | null;
}

export interface TrendOutcome {
  preWindow: readonly [number, number];
  step: TrendStep;
  cal: WindowCalibration;
  z: CalibratedZ;
  /** One-sided p of this step as if its change had been fixed in advance (before the scan bound). */
  pPoint: number;
}

/** The windows of the broken-trend step, in periods of the panel's grain. */
export function stepWindows(run: StepRun) {
  const ls = run.cfg.levelShift;
  const len = periodLength(run.panel.grain);
  return {
    preCap: Math.max(1, Math.round(ls.trendPreWindowMonths / len)),
    postCap: Math.max(1, Math.round(ls.windowCapMonths / len)),
    minSide: run.panel.grain === 'month' ? ls.minSegmentMonths : ls.minSegmentQuarters,
    minTrendPeriods: Math.max(3, Math.round(ls.minTrendMonths / len)),
  };
}

/** The broken-trend step of `postWindow` against the trend over `trendPre`, calibrated across forces. */
export function trendOver(
  run: StepRun,
  spec: SeriesSpec,
  c: PeerComparison,
  trendPre: readonly [number, number],
  postWindow: readonly [number, number],
): TrendOutcome | null {
  const { minTrendPeriods } = stepWindows(run);
  const step = trendStep(c, trendPre, postWindow, minTrendPeriods);
  if (!step) return null;
  const cal = calibrateSteps(
    run.cache,
    run.panel.forces,
    spec.id,
    c.force,
    { pre: trendPre, post: postWindow },
    {
      prePeriods: step.prePeriods,
      postPeriods: step.postPeriods,
      minForces: run.cfg.levelShift.minPlaceboForces,
      minTrendPeriods,
    },
  );
  const z = calibratedZ(step.fit.step, step.fit.se ** 2, cal.centre, cal.tau2);
  return { preWindow: trendPre, step, cal, z, pPoint: cal.available ? z.pLower : step.fit.pLower };
}

/**
 * The p-value of a change the data chose. PELT places the change where the series moved most, so the
 * step's own p (`pPoint`) is that of the best of many looks. The reported p bounds the chance that
 * *any* candidate change in the series scores as low (stats/scan-bound.ts, Hunter–Worsley), which is
 * valid whatever picked the change; with the intersection–union test the larger statistic is bounded.
 * When the data also chose the window's length among `lengths`, the bound is multiplied by them.
 */
export function selectionAwareP(
  primary: TestedWindow,
  established: TestedWindow | null,
  rhos: readonly number[],
  lengths = 1,
): { pPoint: number; pValue: number; clarity: number } {
  // Probabilities that underflow to 0 stay valid; rounding noise above 1 is trimmed.
  const pPoint = Math.min(1, Math.max(0, Math.max(primary.pValue, established?.pValue ?? 0)));
  const zOf = (o: TestedWindow) =>
    o.trend ? (o.trend.cal.available ? o.trend.z.z : o.trend.step.fit.z) : null;
  const zs = [primary, ...(established ? [established] : [])].map(zOf);
  const u = zs.every((z) => z !== null) ? Math.max(...(zs as number[])) : normalQuantile(pPoint);
  const pValue = Math.min(1, lengths * (rhos.length > 0 ? scanLowerTailBound(u, rhos) : pPoint));
  const clarity = pValue > 0 ? -normalQuantile(Math.min(pValue, 1 - 1e-16)) : 40;
  return { pPoint, pValue, clarity };
}

/**
 * Rule 2.2.0: a lower segment shorter than the cap that ends before the data does sets the window's
 * length as well as its start, so the data chose among `lengths` window lengths too (Bonferroni over
 * them, the scan bound for windows of the segment's length). A window cut by the end of the data, or
 * one the cap fills, had no length to choose.
 */
export function windowChoice(
  run: StepRun,
  c: PeerComparison,
  after: PoissonSegment,
  cap: number,
): { lengths: number; scanCap: number } {
  const periods = Math.min(after.end, after.start + cap - 1) - after.start + 1;
  const chosen = run.cfg.levelShift.scanWindowLengths && periods < cap && after.end < c.index.length;
  return chosen
    ? { lengths: Math.max(1, cap - minSegmentOf(run) + 1), scanCap: periods }
    : { lengths: 1, scanCap: cap };
}

/** PELT's shortest segment in periods of the panel's grain. */
export function minSegmentOf(run: StepRun): number {
  const ls = run.cfg.levelShift;
  return run.panel.grain === 'month' ? ls.minSegmentMonths : ls.minSegmentQuarters;
}
