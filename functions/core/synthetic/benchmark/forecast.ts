/**
 * Forecasting a random path of the benchmark's generator from its history, for the oracle (oracle.ts):
 * the path's conditional mean over a window given its value in the month before the window, and the
 * covariance of the forecast errors across the window's months.
 *
 * A path is x_t = φ·x_{t−1} + η_t, η_t ~ N(0, σ²): φ = 1 is a random walk started at x_{−1} = 0
 * (mix.ts `randomWalk`), φ < 1 an AR(1) whose x_{−1} is drawn from its stationary law N(0, σ²/(1 − φ²))
 * (generator.ts `ar1`). Given x_{o−1} (o the window's first month), h = t − o + 1 months ahead:
 *   E[x_t | x_{o−1}] = φ^h·x_{o−1}   (a walk stays at its last value; an AR(1) decays to its mean 0);
 *   e_h = x_t − E = Σ_{k=1..h} φ^{h−k}·η_k, so for months i, j ahead (m = min(i, j))
 *   Cov(e_i, e_j) = σ²·φ^{|i−j|}·(1 − φ^{2m})/(1 − φ²)   (φ < 1),   σ²·m   (a walk).
 * At o = 0 nothing is observed: a walk's x_{−1} = 0 is still known, an AR(1)'s is not, which adds
 * φ^{i+j}·σ²/(1 − φ²). Reference: Box, Jenkins & Reinsel, Time Series Analysis (4th ed.), §5.1 (the
 * ψ-weight form of forecast errors). The window sum Σ_i g_i·e_i has variance Σ_i Σ_j g_i g_j Cov(e_i, e_j);
 * for g ≡ 1 and a walk that is σ²·n(n + 1)(2n + 1)/6 (tested).
 */

/** One random path of the generator and who shares it. */
export interface RandomPath {
  /** Identifies the path: cells that carry the same key carry the same path (their errors covary). */
  readonly key: string;
  /** 1 for a random walk, < 1 for a stationary AR(1). */
  readonly phi: number;
  /** Innovation SD σ a month. */
  readonly sd: number;
  /** The drawn path, month by month. */
  readonly values: Float64Array;
}

/** E[x_t | x_{origin−1}] for t ≥ origin. */
export function forecastMean(path: RandomPath, origin: number, t: number): number {
  const last = origin > 0 ? path.values[origin - 1]! : 0;
  return path.phi >= 1 ? last : path.phi ** (t - origin + 1) * last;
}

/** Cov(e_i, e_j) of the forecast errors i and j months ahead (i, j ≥ 1) from `origin` (header). */
export function forecastCovariance(path: RandomPath, origin: number, i: number, j: number): number {
  const s2 = path.sd * path.sd;
  const m = Math.min(i, j);
  if (path.phi >= 1) return s2 * m;
  const phi = path.phi;
  const stationary = s2 / (1 - phi * phi);
  const known = phi ** Math.abs(i - j) * (1 - phi ** (2 * m)) * stationary;
  return origin > 0 ? known : known + phi ** (i + j) * stationary;
}

/**
 * Σ_i Σ_j a_i·b_j·Cov(e_i, e_j) over a window of a.length months from `origin`: the covariance of two
 * weighted window sums of the path's forecast errors (a = b gives the variance).
 */
export function windowCovariance(
  path: RandomPath,
  origin: number,
  a: readonly number[],
  b: readonly number[],
): number {
  let out = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === 0) continue;
    for (let j = 0; j < b.length; j++) {
      if (b[j] !== 0) out += a[i]! * b[j]! * forecastCovariance(path, origin, i + 1, j + 1);
    }
  }
  return out;
}
