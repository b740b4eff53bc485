/**
 * A one-sided changepoint scan for a lasting step down in a monthly series of log odds (the mix of a
 * serious code within its pair), over the whole run after each candidate change, and the p-value of
 * the scan's minimum z calibrated for the search over changepoints.
 *
 * Model (weighted least squares, Seber & Lee 2003 §3.10): x_t = α + β(t − c) + δ·1[t ≥ c] + e_t over
 * the `baseline` months before c and every month from c on, Var e_t = φ/w_t (w_t the inverse
 * binomial variance of the month's log odds, φ a dispersion). δ̂_c = a_c·x with
 * a_c = e_δᵀ(XᵀWX)⁻¹XᵀW, so Var δ̂_c = φ Σ a²/w and Cov(δ̂_c, δ̂_c′) = φ Σ a_c a_c′/w: the scan's
 * correlations follow from the design alone.
 *
 * The scan's p (the caller standardises each δ̂_c to z_c and takes Z = min_c z_c): P(min Z_c ≤ z) for a
 * Gaussian vector with those correlations, simulated (Cholesky, `sims` draws) where at least 50 draws
 * fall below z, else the Hunter–Worsley bound P(∪A_c) ≤ Σ P(A_c) − Σ P(A_c ∩ A_{c+1}) over the chain of
 * adjacent candidates (Hunter 1976, J Appl Prob 13:597; Worsley 1982, Biometrika 69:297), an upper
 * bound that is tight in the tail where adjacent candidates are highly correlated. By Slepian's
 * inequality (Slepian 1962) a null whose true correlations are higher than the design's (slow drift
 * moves adjacent candidates together) gives a less extreme minimum, so the p is then conservative.
 */
import { bivariateNormalEqual } from './bivariate-normal.ts';
import { normalCdf } from './distributions.ts';
import { cholesky, type Matrix, spdInverse } from './linear-algebra.ts';
import { fillNormals, type Rng } from './random.ts';

export interface StepFit {
  /** Index (into the series) of the first month after the change. */
  candidate: number;
  delta: number;
  /** Σ a²/w: Var δ̂ = φ × this. */
  varianceFactor: number;
  /** The estimator's coefficients on every month (0 outside the fitted span). */
  a: Float64Array;
}

/**
 * δ̂ at each candidate. `t` are month indices (ascending, gaps allowed), `w` positive weights;
 * `trend` adds the linear term. A candidate with fewer than 3 fitted months on either side is skipped.
 */
export function stepFits(
  x: readonly number[],
  t: readonly number[],
  w: readonly number[],
  candidates: readonly number[],
  baseline: number,
  trend: boolean,
): StepFit[] {
  const out: StepFit[] = [];
  const k = trend ? 3 : 2;
  // One design row, rewritten per month: the scan fits every candidate of every force and pair.
  const d = new Float64Array(k);
  const design = (i: number, c: number, tc: number): Float64Array => {
    d[0] = 1;
    if (trend) d[1] = t[i]! - tc;
    d[k - 1] = i >= c ? 1 : 0;
    return d;
  };
  // Every fit's coefficients in one buffer, a view each: one allocation per series, not per candidate.
  const slab = new Float64Array(candidates.length * x.length);
  for (let ci = 0; ci < candidates.length; ci++) {
    const c = candidates[ci]!;
    const tc = t[c]!;
    const rows: number[] = [];
    let before = 0;
    for (let i = 0; i < x.length; i++) {
      if (!(t[i]! >= tc - baseline)) continue;
      rows.push(i);
      if (i < c) before++;
    }
    if (before < 3 || rows.length - before < 3) continue;
    const xtwx: Matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (const i of rows) {
      design(i, c, tc);
      for (let r = 0; r < k; r++) for (let s = 0; s < k; s++) xtwx[r]![s]! += w[i]! * d[r]! * d[s]!;
    }
    const inv = spdInverse(xtwx);
    const a = slab.subarray(ci * x.length, (ci + 1) * x.length);
    let delta = 0;
    let varianceFactor = 0;
    for (const i of rows) {
      design(i, c, tc);
      let coef = 0;
      for (let s = 0; s < k; s++) coef += inv[k - 1]![s]! * d[s]!;
      a[i] = coef * w[i]!;
      delta += a[i]! * x[i]!;
      varianceFactor += (a[i]! * a[i]!) / w[i]!;
    }
    out.push({ candidate: c, delta, varianceFactor, a });
  }
  return out;
}

/** Correlations of the δ̂ under the model: Σ a_i a_j/w over √(v_i v_j). */
export function stepCorrelations(fits: readonly StepFit[], w: readonly number[]): Matrix {
  return fits.map((f) =>
    fits.map((g) => {
      let s = 0;
      for (let i = 0; i < w.length; i++) s += (f.a[i]! * g.a[i]!) / w[i]!;
      return s / Math.sqrt(f.varianceFactor * g.varianceFactor);
    }),
  );
}

/** The Hunter–Worsley upper bound on P(min Z ≤ z) along the chain of adjacent candidates. */
export function hunterWorsleyMin(z: number, corr: Matrix): number {
  const m = corr.length;
  let p = m * normalCdf(z);
  for (let i = 0; i + 1 < m; i++) p -= bivariateNormalEqual(z, Math.max(-1, Math.min(1, corr[i]![i + 1]!)));
  return Math.min(1, Math.max(normalCdf(z), p));
}

export interface ScanPValue {
  p: number;
  method: 'simulated' | 'hunter_worsley_bound';
  /** Draws of the minimum at or below z, of `sims`. */
  below: number;
  sims: number;
}

/** The scan p of an observed minimum z (see the file comment). */
export function scanMinPValue(z: number, corr: Matrix, rng: Rng, sims: number): ScanPValue {
  const m = corr.length;
  if (m === 0) return { p: 1, method: 'simulated', below: 0, sims: 0 };
  // A small ridge keeps the factorisation of near-singular correlation matrices stable.
  const l = cholesky(corr.map((row, i) => row.map((v, j) => (i === j ? v + 1e-9 : v))));
  // The factor's rows packed in one typed array (row i at i·m): the product below reads it 10⁷ times a run.
  const packed = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j <= i; j++) packed[i * m + j] = l[i]![j]!;
  let below = 0;
  const e = new Float64Array(m);
  for (let s = 0; s < sims; s++) {
    fillNormals(rng, e);
    // The draw is complete before the product, so stopping at the first coordinate at or below z
    // counts the same draws and leaves the random stream, and so every later draw, unchanged.
    for (let i = 0; i < m; i++) {
      let v = 0;
      const row = i * m;
      for (let j = 0; j <= i; j++) v += packed[row + j]! * e[j]!;
      if (v <= z) {
        below += 1;
        break;
      }
    }
  }
  if (below >= 50) return { p: below / sims, method: 'simulated', below, sims };
  return { p: hunterWorsleyMin(z, corr), method: 'hunter_worsley_bound', below, sims };
}

/**
 * Difference-based dispersion of a weighted series (von Neumann 1941): the mean square successive
 * difference over its expectation Σ(1/w_t + 1/w_{t−1}) under Var e_t = 1/w_t, floored at 1. A step
 * moves one difference of many, so it barely inflates φ̂.
 */
export function successiveDispersion(x: readonly number[], w: readonly number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 1; i < x.length; i++) {
    num += (x[i]! - x[i - 1]!) ** 2;
    den += 1 / w[i]! + 1 / w[i - 1]!;
  }
  return den > 0 ? Math.max(1, num / den) : 1;
}
