/**
 * Calibration of a peer difference-in-differences against natural variation between forces
 * (METHODS §0: the central design decision). For the focal force's pre and post windows, every
 * other force's own DiD against its own peers is computed over the same windows (placebo-in-space,
 * Abadie, Diamond & Hainmueller 2010); their spread beyond sampling noise is τ̂² (robust, MAD-matched:
 * stats/robust-tau2.ts), and the focal force's estimate is judged as
 *
 *   z = (ln RR − m) / √(SE² + τ̂²),  p = Φ(z)  (one-sided: a fall),  m = median placebo ln RR.
 *
 * Without this step a plain Poisson (even quasi-Poisson) DiD calls almost every year-on-year change
 * of a large force "significant": forces' recorded crime drifts apart by several per cent a year for
 * reasons that have nothing to do with recording practice (on the real Home Office table most forces
 * would be flagged somewhere). The placebo rank p-value is reported beside it as a distribution-free
 * check.
 */
import { peerDid, placeboInSpaceP } from '#core/stats/did.ts';
import { robustTau2 } from '#core/stats/robust-tau2.ts';
import type { ComparisonCache } from './comparison.ts';
import { windowSums } from './comparison.ts';
import { trendStep } from './trend-step.ts';

/** Inclusive period positions of the two windows. */
export interface DidWindows {
  pre: readonly [number, number];
  post: readonly [number, number];
}

export interface PlaceboEstimate {
  force: string;
  log_rate_ratio: number;
  se: number;
}

export interface WindowCalibration {
  /** False when fewer than the minimum number of comparison forces had both windows. */
  available: boolean;
  tau2: number;
  centre: number;
  placebos: PlaceboEstimate[];
}

/**
 * Placebo DiDs of every force but `focal` over the same windows. A force takes part when it has at
 * least half of the focal force's usable periods in each window and positive totals.
 */
export function calibrateWindows(
  cache: ComparisonCache,
  forces: readonly string[],
  specId: string,
  focal: string,
  w: DidWindows,
  need: { prePeriods: number; postPeriods: number; minForces: number },
): WindowCalibration {
  const placebos: PlaceboEstimate[] = [];
  for (const force of forces) {
    if (force === focal) continue;
    const c = cache.get(specId, force);
    if (!c) continue;
    const pre = windowSums(c, w.pre[0], w.pre[1]);
    const post = windowSums(c, w.post[0], w.post[1]);
    if (pre.periods * 2 < need.prePeriods || post.periods * 2 < need.postPeriods) continue;
    if (!(pre.y > 0 && post.y > 0 && pre.e > 0 && post.e > 0)) continue;
    const d = peerDid({ focalPre: pre.y, focalPost: post.y, peerPre: pre.e, peerPost: post.e }, c.phi);
    placebos.push({ force, log_rate_ratio: d.logRateRatio, se: d.se });
  }
  if (placebos.length < need.minForces) return { available: false, tau2: 0, centre: 0, placebos };
  const r = robustTau2(
    placebos.map((p) => p.log_rate_ratio),
    placebos.map((p) => p.se),
  );
  return { available: true, tau2: r.tau2, centre: r.centre, placebos };
}

/**
 * The same calibration for the broken-trend step (trend-step.ts): every other force's step at the
 * same change, over the same windows, against its own peers and its own trend. A force takes part on
 * the same terms as in `calibrateWindows`; `log_rate_ratio` holds its step δ̂.
 */
export function calibrateSteps(
  cache: ComparisonCache,
  forces: readonly string[],
  specId: string,
  focal: string,
  w: DidWindows,
  need: { prePeriods: number; postPeriods: number; minForces: number; minTrendPeriods: number },
): WindowCalibration {
  const placebos: PlaceboEstimate[] = [];
  for (const force of forces) {
    if (force === focal) continue;
    const c = cache.get(specId, force);
    if (!c) continue;
    const step = trendStep(c, w.pre, w.post, need.minTrendPeriods);
    if (!step || step.prePeriods * 2 < need.prePeriods || step.postPeriods * 2 < need.postPeriods) continue;
    if (!(step.observed > 0)) continue;
    placebos.push({ force, log_rate_ratio: step.fit.step, se: step.fit.se });
  }
  if (placebos.length < need.minForces) return { available: false, tau2: 0, centre: 0, placebos };
  const r = robustTau2(
    placebos.map((p) => p.log_rate_ratio),
    placebos.map((p) => p.se),
  );
  return { available: true, tau2: r.tau2, centre: r.centre, placebos };
}

/** The focal estimate's rank among the placebos: (1 + #placebos at or below it) / (1 + #placebos). */
export function placeboRank(logRateRatio: number, cal: WindowCalibration): number | null {
  if (cal.placebos.length === 0) return null;
  return placeboInSpaceP(
    logRateRatio,
    cal.placebos.map((p) => p.log_rate_ratio),
  );
}
