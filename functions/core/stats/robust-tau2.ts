/**
 * Between-unit variance τ² for calibrating z-scores against natural variation between forces
 * (the central design decision in METHODS.md §0): a robust MAD-matching estimator, Spiegelhalter's
 * winsorised additive-overdispersion estimator, and DerSimonian–Laird.
 *
 * References:
 *  - Robust (Paule–Mandel-style) τ²: Paule R C, Mandel J (1982) J. Res. NBS 87:377 choose τ² so
 *    that standardised deviations have their null spread; here the spread is the median absolute
 *    deviation, matched to Φ⁻¹(0.75) = 0.6745, so a few manipulated units cannot inflate τ².
 *    Matches `gen_demo.py:tau2_robust` in shared/stats-oracles.
 *  - Spiegelhalter D J (2005) Funnel plots for comparing institutional performance, Stat. Med.
 *    24:1185, and Handling over-dispersion of performance indicators, QSHC 14:347: z-scores
 *    winsorised at the 10th/90th percentiles (R quantile type 7), φ̂ = mean z², then
 *    τ̂² = max(0, (Iφ̂ − (I − 1)) / (Σw − Σw²/Σw)), w = 1/s². Matches `oracle_r2.R` E2.
 *  - DerSimonian R, Laird N (1986) Control. Clin. Trials 7:177; equals metafor `rma(method = "DL")`.
 * Assumptions: estimates θ̂_i are independent with known sampling SEs s_i and
 * θ̂_i ~ N(θ, s_i² + τ²) for the unmanipulated majority.
 * Returns: τ̂² (and the statistics each method derives from it).
 */

import { mean, median, quantileInPlace, quantileType7, sum } from './descriptive.ts';
import { normalQuantile, normalUpper } from './distributions.ts';

/** Φ⁻¹(0.75): the median of |Z| for Z ~ N(0, 1). */
const MAD_NORMAL = normalQuantile(0.75);

function checkPaired(theta: readonly number[], se: readonly number[]): void {
  if (theta.length !== se.length) throw new RangeError('estimates and standard errors differ in length');
  if (theta.length < 2) throw new RangeError('at least two units are needed');
  if (se.some((s) => !(s > 0))) throw new RangeError('standard errors must be positive');
}

export interface RobustTau2 {
  tau2: number;
  /** The centre m used: the median of the estimates unless one was supplied. */
  centre: number;
}

/**
 * τ̂² solving median_i |θ̂_i − m| / √(s_i² + τ²) = 0.6745 (0 if the left side is already ≤ 0.6745
 * at τ² = 0). The left side is continuous and decreasing in τ², so bisection finds the root.
 */
export function robustTau2(theta: readonly number[], se: readonly number[], centre?: number): RobustTau2 {
  checkPaired(theta, se);
  const m = centre ?? median(theta);
  const dev = theta.map((t) => Math.abs(t - m));
  const f = madRatio(dev, se);
  if (f(0) <= 0) return { tau2: 0, centre: m };
  // At τ² = (max dev / 0.6745)² every ratio is ≤ 0.6745, so the root lies below it.
  let lo = 0;
  let hi = (Math.max(...dev) / MAD_NORMAL) ** 2;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return { tau2: 0.5 * (lo + hi), centre: m };
}

/**
 * The bisection's objective, median_i d_i / √(s_i² + τ²) − 0.6745, evaluated in one scratch buffer
 * by selection: the bisection calls it up to 200 times per estimate.
 */
function madRatio(dev: readonly number[], se: readonly number[]): (tau2: number) => number {
  // Non-finite inputs can make a ratio NaN, which has no order: those keep the sort's handling.
  if (!dev.every(Number.isFinite) || !se.every(Number.isFinite)) {
    return (tau2) => median(dev.map((d, i) => d / Math.sqrt((se[i] as number) ** 2 + tau2))) - MAD_NORMAL;
  }
  const n = dev.length;
  const se2 = Float64Array.from(se, (s) => s ** 2);
  const ratio = new Float64Array(n);
  return (tau2) => {
    for (let i = 0; i < n; i++) ratio[i] = dev[i]! / Math.sqrt(se2[i]! + tau2);
    return quantileInPlace(ratio, n, 0.5) - MAD_NORMAL;
  };
}

export interface SpiegelhalterResult {
  /** Naive z-scores (θ̂_i − θ₀)/s_i. */
  z: number[];
  /** Winsorised mean of z²: the overdispersion factor. */
  phi: number;
  tau2: number;
  /** Overdispersion-adjusted z: (θ̂_i − θ₀)/√(s_i² + τ̂²). */
  zD: number[];
  /** Upper-tail p-values 1 − Φ(zD). */
  pUpper: number[];
}

/** Spiegelhalter's additive random-effects overdispersion around a target θ₀, winsorising at `winsor`. */
export function spiegelhalterOverdispersion(
  theta: readonly number[],
  se: readonly number[],
  target: number,
  winsor = 0.1,
): SpiegelhalterResult {
  checkPaired(theta, se);
  const z = theta.map((t, i) => (t - target) / (se[i] as number));
  const lo = quantileType7(z, winsor);
  const hi = quantileType7(z, 1 - winsor);
  const phi = mean(z.map((v) => Math.min(Math.max(v, lo), hi) ** 2));
  const units = z.length;
  const w = se.map((s) => 1 / (s * s));
  const sw = sum(w);
  const sw2 = sum(w.map((v) => v * v));
  const tau2 = Math.max(0, (units * phi - (units - 1)) / (sw - sw2 / sw));
  const zD = theta.map((t, i) => (t - target) / Math.sqrt((se[i] as number) ** 2 + tau2));
  return { z, phi, tau2, zD, pUpper: zD.map((v) => normalUpper(v)) };
}

export interface ProportionFunnel extends SpiegelhalterResult {
  /** θ₀: the pooled proportion Σy/Σn unless a target was supplied. */
  target: number;
  /** Binomial SEs √(θ₀(1 − θ₀)/n_i). */
  se: number[];
}

/** Spiegelhalter funnel for proportions y_i/n_i (e.g. no-crime rates) with binomial SEs at θ₀. */
export function proportionFunnel(
  y: readonly number[],
  n: readonly number[],
  target?: number,
  winsor = 0.1,
): ProportionFunnel {
  if (y.length !== n.length) throw new RangeError('y and n differ in length');
  const theta0 = target ?? sum(y) / sum(n);
  const se = n.map((ni) => Math.sqrt((theta0 * (1 - theta0)) / ni));
  const rates = y.map((yi, i) => yi / (n[i] as number));
  return { ...spiegelhalterOverdispersion(rates, se, theta0, winsor), target: theta0, se };
}

export interface DerSimonianLaird {
  tau2: number;
  /** Random-effects mean Σw*θ̂/Σw*, w* = 1/(s² + τ̂²). */
  mu: number;
  muSe: number;
  /** Cochran's Q about the fixed-effect mean. */
  q: number;
}

export function derSimonianLaird(theta: readonly number[], se: readonly number[]): DerSimonianLaird {
  checkPaired(theta, se);
  const w = se.map((s) => 1 / (s * s));
  const sw = sum(w);
  const muFixed = sum(theta.map((t, i) => (w[i] as number) * t)) / sw;
  const q = sum(theta.map((t, i) => (w[i] as number) * (t - muFixed) ** 2));
  const tau2 = Math.max(0, (q - (theta.length - 1)) / (sw - sum(w.map((v) => v * v)) / sw));
  const wStar = se.map((s) => 1 / (s * s + tau2));
  const swStar = sum(wStar);
  return {
    tau2,
    mu: sum(theta.map((t, i) => (wStar[i] as number) * t)) / swStar,
    muSe: 1 / Math.sqrt(swStar),
    q,
  };
}
