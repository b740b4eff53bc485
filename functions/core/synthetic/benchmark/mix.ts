/**
 * The offence-mix drift of the detection benchmark's generator: in each substitutable family the
 * serious share π of a force drifts as a logit random walk (SD .01–.03 a month) and wobbles month to
 * month with an independent logit jitter ε_t ~ N(0, θ/(π₀(1 − π₀))), θ ∈ [.001, .003] (a
 * Dirichlet-multinomial-like extra variance of the share). The family total is kept: serious codes are
 * scaled by π_t/π₀, lesser codes by (1 − π_t)/(1 − π₀).
 *
 * The jitter is month-to-month noise; the walk is a random path the oracle forecasts from the
 * family's history (oracle.ts, forecast.ts). For the oracle each code gets, per month, the factor's
 * mean over the jitter and its loading on ε (the walk enters the logit the same way, so the loading is
 * also the factor's derivative in the walk), by the delta method (second order for the mean): with h(ε) = log π(x + ε) for a
 * serious code and log(1 − π(x + ε)) for a lesser one, E[e^h] ≈ e^{h(0) + ½σ²(h'' + h'²)} and
 * ∂e^h/∂ε ≈ e^{h(0)}·h', where h' = 1 − π, h'' = −π(1 − π) (serious) and h' = −π, h'' = −π(1 − π)
 * (lesser). The jitter's σ ≤ .13, so the neglected terms are O(σ³) ≈ 0.2% of the mean.
 */
import type { Rng } from '../rng.ts';
import type { RandomPath } from './forecast.ts';
import { FAMILIES } from './offences.ts';

export const logit = (p: number) => Math.log(p / (1 - p));
export const expit = (x: number) => 1 / (1 + Math.exp(-x));

export function randomWalk(rng: Rng, n: number, sd: number): Float64Array {
  const out = new Float64Array(n);
  let x = 0;
  for (let t = 0; t < n; t++) {
    x += rng.normal(0, sd);
    out[t] = x;
  }
  return out;
}

/** One code's mix factor in a force: the drawn factor, its mean over the jitter and its loading on ε. */
export interface MixPath {
  family: string;
  /** The factor applied to the code's mean (walk and jitter). */
  factor: Float64Array;
  /** E[factor | walk]: the factor averaged over the jitter. */
  mean: Float64Array;
  /** ∂factor/∂ε at ε = 0. */
  loading: Float64Array;
  /** Var ε: the family's monthly logit jitter in this force. */
  jitterVariance: number;
  /** The family's logit walk (the share's drift) and its baseline share π₀. */
  walk: RandomPath;
  pi0: number;
  serious: boolean;
}

/**
 * The mix factor of a code at logit x of its family's serious share (walk included, jitter not):
 * its mean over the jitter and its loading ∂factor/∂ε (header).
 */
export function mixMoments(
  pi0: number,
  x: number,
  jitterVariance: number,
  serious: boolean,
): { mean: number; loading: number } {
  const p = expit(x);
  if (serious) {
    const base = p / pi0;
    return { mean: base * Math.exp(0.5 * jitterVariance * (1 - p) * (1 - 2 * p)), loading: base * (1 - p) };
  }
  const base = (1 - p) / (1 - pi0);
  return { mean: base * Math.exp(0.5 * jitterVariance * p * (2 * p - 1)), loading: -base * p };
}

export function familyMixFactors(
  forceRng: Rng,
  T: number,
  rateOf: (code: string) => number,
): Map<string, MixPath> {
  const out = new Map<string, MixPath>();
  for (const fam of FAMILIES) {
    const rng = forceRng.derive(`mix:${fam.id}`);
    const walkSd = 0.01 + 0.02 * rng.uniform();
    const theta = 0.001 + 0.002 * rng.uniform();
    const s = fam.serious.reduce((acc, c) => acc + rateOf(c), 0);
    const l = fam.lesser.reduce((acc, c) => acc + rateOf(c), 0);
    const pi0 = s / (s + l);
    const jitterVariance = theta / (pi0 * (1 - pi0));
    const jitterSd = Math.sqrt(jitterVariance);
    const walk: RandomPath = { key: `mix:${fam.id}`, phi: 1, sd: walkSd, values: randomWalk(rng, T, walkSd) };
    const serious = { factor: new Float64Array(T), mean: new Float64Array(T), loading: new Float64Array(T) };
    const lesser = { factor: new Float64Array(T), mean: new Float64Array(T), loading: new Float64Array(T) };
    for (let t = 0; t < T; t++) {
      const x = logit(pi0) + walk.values[t]!;
      const pi = expit(x + rng.normal(0, jitterSd));
      serious.factor[t] = pi / pi0;
      lesser.factor[t] = (1 - pi) / (1 - pi0);
      const sm = mixMoments(pi0, x, jitterVariance, true);
      const lm = mixMoments(pi0, x, jitterVariance, false);
      serious.mean[t] = sm.mean;
      lesser.mean[t] = lm.mean;
      serious.loading[t] = sm.loading;
      lesser.loading[t] = lm.loading;
    }
    const shared = { family: fam.id, jitterVariance, walk, pi0 };
    for (const c of fam.serious) out.set(c, { ...shared, ...serious, serious: true });
    for (const c of fam.lesser) out.set(c, { ...shared, ...lesser, serious: false });
  }
  return out;
}
