/**
 * A level break in a local linear trend: weighted least squares of
 *
 *   r_t = α + β t + δ · 1{t ≥ τ} + ε_t,   Var ε_t = v_t,
 *
 * over a pre window and a post window, the step δ being the test of an abrupt change. This is the
 * "crash" model (model A) of Perron P (1989) "The Great Crash, the oil-price shock and the unit root
 * hypothesis", Econometrica 57:1361, and segmented regression of an interrupted time series (Wagner AK
 * et al. 2002 J Clin Pharm Ther 27:299) with a common slope: a series that drifts steadily has β ≠ 0
 * and δ ≈ 0, so a drift is not a drop. With `slope: false` the model is α + δ · 1{t ≥ τ} (a level
 * comparison of weighted means), for windows too short to estimate a trend.
 *
 * Assumptions: independent errors with known variances v_t (a quasi-Poisson delta-method variance
 * for a log ratio of counts); t in any unit (the slope is per unit). Returns δ̂, its SE from
 * (X'WX)⁻¹, z = δ̂/SE, Φ(z), the fitted α̂, β̂, and the contrast c with δ̂ = Σ c_t r_t (the
 * weights a scan uses to correlate neighbouring tests).
 */
import { normalCdf } from './distributions.ts';

export interface BrokenTrendInput {
  t: readonly number[];
  r: readonly number[];
  v: readonly number[];
  /** Whether each observation is at or after the break. */
  post: readonly boolean[];
  slope: boolean;
}

export interface BrokenTrendFit {
  alpha: number;
  beta: number;
  step: number;
  se: number;
  z: number;
  pLower: number;
  /** δ̂ = Σ contrast_t r_t. */
  contrast: Float64Array;
}

/** Inverse of a symmetric positive-definite 2 × 2 or 3 × 3 matrix (adjugate / determinant). */
function inverseSmall(m: number[][]): number[][] {
  if (m.length === 2) {
    const [[a, b], [, d]] = m as [[number, number], [number, number]];
    const det = a * d - b * b;
    if (!(Math.abs(det) > 1e-300)) throw new RangeError('singular design: too few distinct periods');
    return [
      [d / det, -b / det],
      [-b / det, a / det],
    ];
  }
  const [[a, b, c], [, e, f], [, , i]] = m as [
    [number, number, number],
    [number, number, number],
    [number, number, number],
  ];
  const A = e * i - f * f;
  const B = -(b * i - c * f);
  const C = b * f - c * e;
  const det = a * A + b * B + c * C;
  if (!(Math.abs(det) > 1e-300 * Math.max(1, Math.abs(a * e * i))))
    throw new RangeError('singular design: too few distinct periods');
  const E = a * i - c * c;
  const F = -(a * f - b * c);
  const I = a * e - b * b;
  return [
    [A / det, B / det, C / det],
    [B / det, E / det, F / det],
    [C / det, F / det, I / det],
  ];
}

export function brokenTrend(x: BrokenTrendInput): BrokenTrendFit {
  const n = x.r.length;
  if (x.t.length !== n || x.v.length !== n || x.post.length !== n) throw new RangeError('lengths differ');
  const first = x.post.indexOf(true);
  if (first < 0 || x.post.every(Boolean)) throw new RangeError('both windows need observations');
  // Centre time on the break so α̂ is the level just before it and the design is well conditioned.
  const t0 = x.t[first]!;
  // Design columns 1, (t − t0) when sloped, 1{post}; X'WX accumulated without building rows.
  let sw = 0;
  let st = 0;
  let stt = 0;
  let sp = 0;
  let stp = 0;
  for (let k = 0; k < n; k++) {
    if (!(x.v[k]! > 0)) throw new RangeError('variances must be positive');
    const w = 1 / x.v[k]!;
    const d = x.t[k]! - t0;
    sw += w;
    st += w * d;
    stt += w * d * d;
    if (x.post[k]) {
      sp += w;
      stp += w * d;
    }
  }
  const inv = x.slope
    ? inverseSmall([
        [sw, st, sp],
        [st, stt, stp],
        [sp, stp, sp],
      ])
    : inverseSmall([
        [sw, sp],
        [sp, sp],
      ]);
  const last = inv.length - 1;
  // Rows of (X'WX)⁻¹ for α, β (zero without a slope) and δ, as coefficients of 1, d, p.
  const [a0, a1, a2] = inverseRow(inv, 0, x.slope);
  const [b0, b1, b2] = x.slope ? inverseRow(inv, 1, true) : [0, 0, 0];
  const [c0, c1, c2] = inverseRow(inv, last, x.slope);
  const contrast = new Float64Array(n);
  let alpha = 0;
  let beta = 0;
  let step = 0;
  for (let k = 0; k < n; k++) {
    const w = 1 / x.v[k]!;
    const d = x.t[k]! - t0;
    const p = x.post[k] ? 1 : 0;
    const r = x.r[k]!;
    const cStep = (c0 + c1 * d + c2 * p) * w;
    contrast[k] = cStep;
    step += cStep * r;
    alpha += (a0 + a1 * d + a2 * p) * w * r;
    beta += (b0 + b1 * d + b2 * p) * w * r;
  }
  const se = Math.sqrt(inv[last]![last]!);
  const z = step / se;
  // α̂ + β̂ (t − t0) is the trend; β̂ per unit of t, α̂ at t0.
  return { alpha, beta, step, se, z, pLower: normalCdf(z), contrast };
}

/** Row i of (X'WX)⁻¹ as coefficients of 1, d, p (the d one zero without a slope). */
function inverseRow(
  inv: readonly (readonly number[])[],
  i: number,
  slope: boolean,
): [number, number, number] {
  return slope ? [inv[i]![0]!, inv[i]![1]!, inv[i]![2]!] : [inv[i]![0]!, 0, inv[i]![1]!];
}
