/**
 * Own-baseline mix shift (signature 1A): the log odds ratio of "serious" vs "lesser"
 * recording in a test window W against the same months last year B, and its z-score
 * calibrated against a national median and between-force variance τ̂².
 *
 * References: Woolf B (1955) Ann. Hum. Genet. 19:251 (variance Σ 1/cell); Haldane J B S
 * (1956) Ann. Hum. Genet. 20:309 (the ½ correction); DerSimonian & Laird (1986) / Spiegelhalter
 * (2005) for adding τ² to the sampling variance. Matches `gen_demo.py:yoy_tests` in
 * shared/stats-oracles.
 * Assumptions: the four cells are independent Poisson/multinomial counts; τ̂² describes the
 * natural year-on-year drift between forces (robust-tau2.ts); the national median removes
 * Home Office counting-rule changes common to all forces.
 * Returns: δ̂ = ln[(s_W+½)(l_B+½)/((l_W+½)(s_B+½))], SE² = Σ 1/(cell+½), and the calibrated
 * z = (δ̂ − δ̃)/√(SE² + τ̂²) with its lower-tail p-value Φ(z) (a fall in the serious share).
 */
import { normalCdf } from './distributions.ts';

export interface MixCounts {
  /** Serious category, test window. */
  seriousWindow: number;
  /** Lesser category, test window. */
  lesserWindow: number;
  /** Serious category, baseline (same months last year). */
  seriousBase: number;
  /** Lesser category, baseline. */
  lesserBase: number;
}

export interface LogOddsRatio {
  logOddsRatio: number;
  variance: number;
}

export function logOddsRatio(c: MixCounts): LogOddsRatio {
  for (const v of [c.seriousWindow, c.lesserWindow, c.seriousBase, c.lesserBase]) {
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`invalid count ${v}`);
  }
  const sW = c.seriousWindow + 0.5;
  const lW = c.lesserWindow + 0.5;
  const sB = c.seriousBase + 0.5;
  const lB = c.lesserBase + 0.5;
  return {
    logOddsRatio: Math.log((sW * lB) / (lW * sB)),
    variance: 1 / sW + 1 / lW + 1 / sB + 1 / lB,
  };
}

export interface CalibratedZ {
  z: number;
  /** Φ(z): small when the estimate is far below the centre. */
  pLower: number;
  /** 1 − Φ(z). */
  pUpper: number;
}

/** z = (θ̂ − centre)/√(s² + τ̂²), for any estimate with sampling variance s². */
export function calibratedZ(estimate: number, variance: number, centre: number, tau2: number): CalibratedZ {
  if (!(variance >= 0) || !(tau2 >= 0)) throw new RangeError('variances must be non-negative');
  const scale = Math.sqrt(variance + tau2);
  if (scale === 0) throw new RangeError('zero total variance');
  const z = (estimate - centre) / scale;
  return { z, pLower: normalCdf(z), pUpper: normalCdf(-z) };
}

/** Signature-1A test: δ̂ for the force, calibrated against the national median δ̃ and τ̂². */
export function mixShiftZ(c: MixCounts, nationalMedian: number, tau2: number): LogOddsRatio & CalibratedZ {
  const lor = logOddsRatio(c);
  return { ...lor, ...calibratedZ(lor.logOddsRatio, lor.variance, nationalMedian, tau2) };
}
