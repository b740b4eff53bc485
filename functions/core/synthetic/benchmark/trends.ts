/**
 * Gradual trends of the detection benchmark's clean data (real forces trend: a detector must not take
 * a drift for a manipulation). The log-mean of force f, code c at month t (t = 0 at the panel's
 * start) carries
 *
 *   τ_fc(t) = β_c·t/12 + (γ_f + β_fc)·(t − t̄)/12 + γ_{f,g(c)}·(t − t̄)/12 + κ_{f,g(c)}·max(0, t − t*)/12 − κ·max(0, t̄ − t*)/12
 *
 * - β_c: the code's national trend, ∈ [−.10, .10] a year (drawn with the code's parameters);
 * - γ_f ~ N(0, .02²) a year, clipped to ±.05: the force's own trend (all its codes);
 * - γ_fg ~ N(0, .02²) a year: the force × offence-group trend;
 * - β_fc ~ N(0, .03²) a year: the force × code trend (drawn in the generator's force × code stream);
 * - κ_fg ~ N(0, .03²) a year from a month t*_fg uniform over the panel: the force × group trend bends
 *   once, so a trend is not a straight line a detector can fit once and forget.
 * t̄ is the panel's middle month and c_fg centres the group term on it, so the force's own trends tilt
 * its series about the middle of the data rather than raising or lowering the national total (lognormal
 * slopes uncentred would inflate it by ~8% over ten years).
 * A force × code slope has SD ≈ 4% a year around its national trend (±13% over three years at 1 SD),
 * all continuous: no step anywhere. Every term comes from a stream keyed by force and group, so a
 * subset of codes or forces keeps its trends.
 */
import type { Rng } from '../rng.ts';

export const FORCE_TREND_SD = 0.02;
export const FORCE_TREND_CLIP = 0.05;
export const FORCE_GROUP_TREND_SD = 0.02;
export const FORCE_CODE_TREND_SD = 0.03;
export const FORCE_GROUP_BEND_SD = 0.03;

/** γ_f, a year. */
export function forceTrend(root: Rng, force: string): number {
  const g = root.derive(`trend-force:${force}`).normal(0, FORCE_TREND_SD);
  return Math.max(-FORCE_TREND_CLIP, Math.min(FORCE_TREND_CLIP, g));
}

/** γ_fg·(t − t̄)/12 + κ_fg·(max(0, t − t*) − max(0, t̄ − t*))/12 for t = 0 … T − 1 (log scale). */
export function forceGroupTrend(root: Rng, force: string, group: string, T: number): Float64Array {
  const rng = root.derive(`trend-group:${force}:${group}`);
  const slope = rng.normal(0, FORCE_GROUP_TREND_SD);
  const bend = rng.normal(0, FORCE_GROUP_BEND_SD);
  const at = rng.int(0, Math.max(0, T - 1));
  const out = new Float64Array(T);
  const mid = (T - 1) / 2;
  const pivot = (bend * Math.max(0, mid - at)) / 12;
  for (let t = 0; t < T; t++) out[t] = (slope * (t - mid) + bend * Math.max(0, t - at)) / 12 - pivot;
  return out;
}
