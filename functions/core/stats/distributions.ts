/**
 * Distribution functions used by the detection statistics: thin wrappers over @stdlib with
 * the tail chosen for accuracy.
 *
 * Reference: the @stdlib implementations (Boost-derived incomplete gamma/beta, erfc-based normal).
 * Accuracy: ~1e-14 relative in both tails for the values used here (stack-notes.md). Upper tails
 * are computed directly from the *upper* regularized incomplete gamma/beta, never as `1 - cdf`,
 * which loses all relative accuracy once the tail is below ~1e-12.
 *
 * Assumptions: integer-valued count arguments for the discrete laws (non-integers are floored,
 * as R does for `pbinom`); parameters are validated by the callers.
 * Returns: probabilities in [0, 1].
 */
import betainc from '@stdlib/math-base-special-betainc';
import gammainc from '@stdlib/math-base-special-gammainc';
import gammaln from '@stdlib/math-base-special-gammaln';
import normalCdfStdlib from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantileStdlib from '@stdlib/stats-base-dists-normal-quantile';

/** Φ(x), the standard normal CDF. */
export function normalCdf(x: number): number {
  return normalCdfStdlib(x, 0, 1);
}

/** 1 − Φ(x), computed as Φ(−x) so that far upper tails keep relative accuracy. */
export function normalUpper(x: number): number {
  return normalCdfStdlib(-x, 0, 1);
}

/** Φ⁻¹(p). */
export function normalQuantile(p: number): number {
  return normalQuantileStdlib(p, 0, 1);
}

/** Two-sided normal p-value 2·(1 − Φ(|z|)). */
export function normalTwoSided(z: number): number {
  return Math.min(1, 2 * normalUpper(Math.abs(z)));
}

/** P(χ²_k ≥ x) = Q(k/2, x/2), the upper regularized incomplete gamma. */
export function chi2Upper(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`chi-square df must be positive, got ${df}`);
  if (x <= 0) return 1;
  return gammainc(x / 2, df / 2, true, true);
}

/** ln C(n, k) via log-gamma. */
export function lchoose(n: number, k: number): number {
  return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1);
}

/** ln P(X = k) for X ~ Bin(n, p). */
export function binomialLogPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n || !Number.isInteger(k)) return Number.NEGATIVE_INFINITY;
  if (p === 0) return k === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (p === 1) return k === n ? 0 : Number.NEGATIVE_INFINITY;
  return lchoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

/** P(X = k) for X ~ Bin(n, p). */
export function binomialPmf(k: number, n: number, p: number): number {
  return Math.exp(binomialLogPmf(k, n, p));
}

/** P(X ≤ x) for X ~ Bin(n, p) = I_{1−p}(n − x, x + 1). */
export function binomialLower(x: number, n: number, p: number): number {
  const k = Math.floor(x);
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p === 0) return 1;
  if (p === 1) return 0;
  return betainc(p, k + 1, n - k, true, true);
}

/** P(X ≥ x) for X ~ Bin(n, p) = I_p(x, n − x + 1). */
export function binomialUpper(x: number, n: number, p: number): number {
  const k = Math.ceil(x);
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p === 0) return 0;
  if (p === 1) return 1;
  return betainc(p, k, n - k + 1, true, false);
}

/** P(X ≤ x) for X ~ Poisson(λ) = Q(x + 1, λ). */
export function poissonLower(x: number, lambda: number): number {
  const k = Math.floor(x);
  if (k < 0) return 0;
  if (lambda === 0) return 1;
  return gammainc(lambda, k + 1, true, true);
}

/** P(X ≥ x) for X ~ Poisson(λ) = P(x, λ), the lower regularized incomplete gamma. */
export function poissonUpper(x: number, lambda: number): number {
  const k = Math.ceil(x);
  if (k <= 0) return 1;
  if (lambda === 0) return 0;
  return gammainc(lambda, k, true, false);
}

/**
 * P(X ≤ x) for the NB2 law with mean μ and size θ (Var = μ + μ²/θ); equals R
 * `pnbinom(x, size = θ, mu = μ)` = I_{θ/(θ+μ)}(θ, x + 1).
 */
export function negativeBinomialLower(x: number, size: number, mu: number): number {
  const k = Math.floor(x);
  if (k < 0) return 0;
  if (mu === 0) return 1;
  return betainc(size / (size + mu), size, k + 1, true, false);
}

/** P(X ≥ x) for the NB2 law with mean μ and size θ; the complementary incomplete beta. */
export function negativeBinomialUpper(x: number, size: number, mu: number): number {
  const k = Math.ceil(x);
  if (k <= 0) return 1;
  if (mu === 0) return 0;
  return betainc(size / (size + mu), size, k, true, true);
}
