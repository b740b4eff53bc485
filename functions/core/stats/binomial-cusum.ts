/**
 * Upper binomial CUSUM for a rise in a proportion (signature 2B: no-crime/cancellation
 * spikes), and the decision limit h set by simulating an overdispersed (beta-binomial) null.
 *
 * References: Reynolds M R, Stoumbos Z G (1999) A CUSUM chart for monitoring a proportion
 * when inspecting continuously, JQT 31:87; Höhle M (2010) Online change-point detection in
 * categorical time series (surveillance::categoricalCUSUM). Log-likelihood-ratio increment
 * W_t = y_t ln(p₁/p₀) + (n_t − y_t) ln((1 − p₁)/(1 − p₀)); S_t = max(0, S_{t−1} + W_t);
 * alarm when S_t ≥ h, after which S restarts from 0. Fixture D3: equals the manual R loop
 * and surveillance::categoricalCUSUM.
 * Assumptions: periods are independent given the null proportion. Real monthly proportions
 * vary more than binomially, so a binomial h over-alarms; h is instead calibrated by simulation
 * under BetaBin(n_t, μ, ρ) to a target in-control average run length ARL₀.
 * Returns: the statistic path (value before any reset), alarm flags, and for calibration the
 * threshold with its simulated ARL₀.
 */
import { betaShapeFromMeanIcc } from './beta-binomial.ts';
import { type Rng, randomBetaBinomial, randomBinomial } from './random.ts';

/** W_t for one period. */
export function binomialCusumIncrement(y: number, n: number, p0: number, p1: number): number {
  if (!(p0 > 0 && p0 < 1 && p1 > 0 && p1 < 1)) throw new RangeError('p0 and p1 must lie in (0, 1)');
  return y * Math.log(p1 / p0) + (n - y) * Math.log((1 - p1) / (1 - p0));
}

export interface CusumPath {
  /** S_t as computed in period t (before the reset that follows an alarm). */
  statistic: number[];
  alarm: boolean[];
}

/** Runs the chart over y_t out of n_t. With h = Infinity it never resets (the D3 fixture). */
export function binomialCusum(
  y: readonly number[],
  n: readonly number[],
  p0: number,
  p1: number,
  h = Number.POSITIVE_INFINITY,
): CusumPath {
  if (y.length !== n.length) throw new RangeError('y and n differ in length');
  const statistic: number[] = [];
  const alarm: boolean[] = [];
  let s = 0;
  y.forEach((yt, t) => {
    s = Math.max(0, s + binomialCusumIncrement(yt, n[t] as number, p0, p1));
    statistic.push(s);
    const fired = s >= h;
    alarm.push(fired);
    if (fired) s = 0;
  });
  return { statistic, alarm };
}

export interface CusumNullInput {
  p0: number;
  p1: number;
  /** Denominators per simulated period, recycled (e.g. the last 12 months' n_t). */
  n: readonly number[];
  /** Null intra-class correlation ρ of the beta-binomial (0 for a plain binomial null). */
  rho: number;
  /** Null mean proportion; defaults to p0. */
  mu?: number;
  rng: Rng;
  /** Simulated periods. */
  periods: number;
}

/** Simulates W_t under the beta-binomial null, returned in a typed array. */
function simulateIncrements(input: CusumNullInput): Float64Array {
  const { p0, p1, n, rho, rng, periods } = input;
  if (n.length === 0) throw new RangeError('need at least one denominator');
  if (!(rho >= 0 && rho < 1)) throw new RangeError('rho must lie in [0, 1)');
  if (!(periods >= 1)) throw new RangeError('need at least one simulated period');
  const mu = input.mu ?? p0;
  const shape = rho > 0 ? betaShapeFromMeanIcc(mu, rho) : undefined;
  const increments = new Float64Array(periods);
  for (let t = 0; t < periods; t++) {
    const nt = n[t % n.length] as number;
    // rho = 0 is the binomial limit of the beta-binomial.
    const yt = shape ? randomBetaBinomial(rng, nt, shape.a, shape.b) : randomBinomial(rng, nt, mu);
    increments[t] = binomialCusumIncrement(yt, nt, p0, p1);
  }
  return increments;
}

/** Alarms of the reset-after-alarm chart with limit h over a stream of increments. */
function countAlarms(increments: Float64Array, h: number): number {
  let s = 0;
  let count = 0;
  for (let t = 0; t < increments.length; t++) {
    s = Math.max(0, s + (increments[t] as number));
    if (s >= h) {
      count += 1;
      s = 0;
    }
  }
  return count;
}

function arl(periods: number, alarms: number): number {
  return alarms === 0 ? Number.POSITIVE_INFINITY : periods / alarms;
}

export interface SimulatedArl {
  /** periods / alarms over one long reset-after-alarm run (a renewal process). */
  arl0: number;
  alarms: number;
  periods: number;
}

/** Simulated in-control ARL of the chart with limit h under the beta-binomial null. */
export function simulateBinomialCusumArl(input: CusumNullInput & { h: number }): SimulatedArl {
  const alarms = countAlarms(simulateIncrements(input), input.h);
  return { arl0: arl(input.periods, alarms), alarms, periods: input.periods };
}

export interface CusumCalibrationInput extends Omit<CusumNullInput, 'periods'> {
  /** Target in-control average run length, in periods. */
  targetArl0: number;
  /** Simulated periods; default 2000 × ARL₀ (≈ 2000 alarms, ~2% Monte Carlo error in ARL₀). */
  periods?: number;
}

export interface CusumCalibration extends SimulatedArl {
  h: number;
}

/**
 * Smallest h whose simulated ARL₀ reaches the target. One long null sequence of increments is
 * simulated once (common random numbers for every h); because the chart restarts at 0 after an
 * alarm, the run is a renewal process and ARL₀ = periods / alarms. ARL₀ is non-decreasing in h,
 * so h is found by bisection.
 */
export function calibrateBinomialCusum(input: CusumCalibrationInput): CusumCalibration {
  if (!(input.targetArl0 > 1)) throw new RangeError('target ARL0 must exceed 1');
  const periods = Math.round(input.periods ?? 2000 * input.targetArl0);
  const increments = simulateIncrements({ ...input, periods });
  const arlAt = (h: number): number => arl(periods, countAlarms(increments, h));
  // Bracket: double hi until the target is reached (an h above every partial sum gives no alarm).
  let lo = 0;
  let hi = 1;
  while (arlAt(hi) < input.targetArl0) {
    lo = hi;
    hi *= 2;
    if (hi > 1e9) throw new RangeError('could not bracket h: check p0, p1 and the simulated null');
  }
  for (let i = 0; i < 100 && hi - lo > 1e-9 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (arlAt(mid) >= input.targetArl0) hi = mid;
    else lo = mid;
  }
  const alarms = countAlarms(increments, hi);
  return { h: hi, arl0: arl(periods, alarms), alarms, periods };
}
