/**
 * Exact tests for small counts: the binomial test (one- and two-sided), the conditional
 * comparison of two Poisson counts, and the caliper test for bunching at a target.
 *
 * References: Clopper–Pearson style exact binomial test as implemented in R `binom.test`
 * (two-sided p sums the probabilities of all outcomes no more likely than the observed one,
 * with R's relative tolerance 1 + 1e-7); R `poisson.test` for two samples (Przyborowski &
 * Wilenski 1940, Biometrika 31:313: y₁ | y₁ + y₂ ~ Bin(y₁ + y₂, r t₁/(r t₁ + t₂)));
 * Gerber A S, Malhotra N (2008) QJPS 3:313 (caliper test).
 * Assumptions: independent Bernoulli trials / Poisson counts with known exposures; the caliper
 * null share p₀ (0.5 for a locally flat density) is supplied by the caller.
 * Returns: the p-value and the point estimate.
 */
import { binomialLogPmf, binomialLower, binomialUpper } from './distributions.ts';

export type Alternative = 'two.sided' | 'greater' | 'less';

export interface ExactTestResult {
  pValue: number;
  estimate: number;
}

/** R's relative tolerance for "no more likely than observed" in the two-sided binomial test. */
const RELATIVE_ERROR = 1 + 1e-7;

/** Exact binomial test of H₀: P(success) = p, equal to R `binom.test(x, n, p, alternative)`. */
export function binomialTest(
  x: number,
  n: number,
  p = 0.5,
  alternative: Alternative = 'two.sided',
): ExactTestResult {
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < 1 || x > n) {
    throw new RangeError(`binomial test needs integers 0 <= x <= n, n >= 1 (got x=${x}, n=${n})`);
  }
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p out of [0,1]: ${p}`);
  const estimate = x / n;
  if (alternative === 'less') return { pValue: binomialLower(x, n, p), estimate };
  if (alternative === 'greater') return { pValue: binomialUpper(x, n, p), estimate };
  return { pValue: Math.min(1, twoSidedBinomialP(x, n, p)), estimate };
}

function twoSidedBinomialP(x: number, n: number, p: number): number {
  if (p === 0) return x === 0 ? 1 : 0;
  if (p === 1) return x === n ? 1 : 0;
  const m = n * p;
  if (x === m) return 1;
  const logThreshold = binomialLogPmf(x, n, p) + Math.log(RELATIVE_ERROR);
  const atMost = (k: number): boolean => binomialLogPmf(k, n, p) <= logThreshold;
  if (x < m) {
    // The pmf is non-increasing on [ceil(m), n]: find the first k there that is no more likely.
    let lo = Math.ceil(m);
    let hi = n + 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (atMost(mid)) hi = mid;
      else lo = mid + 1;
    }
    return binomialLower(x, n, p) + binomialUpper(lo, n, p);
  }
  // The pmf is non-decreasing on [0, floor(m)]: count the k there that are no more likely.
  let lo = 0;
  let hi = Math.floor(m) + 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (atMost(mid)) lo = mid + 1;
    else hi = mid;
  }
  return binomialLower(lo - 1, n, p) + binomialUpper(x, n, p);
}

/**
 * Comparison of two Poisson counts y₁ (exposure t₁) and y₂ (exposure t₂), H₀: rate ratio = r.
 * Equal to R `poisson.test(c(y1, y2), c(t1, t2), r, alternative)`; the estimate is the rate ratio.
 */
export function poissonRateTest(
  y1: number,
  y2: number,
  t1 = 1,
  t2 = 1,
  ratio = 1,
  alternative: Alternative = 'two.sided',
): ExactTestResult {
  if (!(t1 > 0 && t2 > 0 && ratio > 0)) throw new RangeError('exposures and ratio must be positive');
  const total = y1 + y2;
  const estimate = y1 / t1 / (y2 / t2);
  if (total === 0) return { pValue: 1, estimate: Number.NaN };
  const p = (ratio * t1) / (ratio * t1 + t2);
  return { pValue: binomialTest(y1, total, p, alternative).pValue, estimate };
}

/**
 * Caliper test: among units just either side of a target, are more just below than the
 * null share p₀ predicts? One-sided binomial P(X ≥ below), X ~ Bin(below + above, p₀).
 */
export function caliperTest(below: number, above: number, nullShareBelow = 0.5): ExactTestResult {
  return binomialTest(below, below + above, nullShareBelow, 'greater');
}
