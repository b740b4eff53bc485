/**
 * Dirichlet-multinomial (DM) model for category mixes that vary more than multinomially between
 * clusters (forces or months), and the DM-adjusted chi-square test for a mix change (signature 1A
 * with K > 2 codes).
 *
 * References: Mosimann J E (1962) Biometrika 49:65 (DM); Minka T P (2000) Estimating a Dirichlet
 * distribution (Newton step with diagonal-plus-rank-one Hessian, and the fixed-point fallback);
 * Brier S S (1980) Analysis of contingency tables under cluster sampling, Biometrika 67:591:
 * under DM sampling with clusters of size n̄, Pearson X² is inflated by C = 1 + (n̄ − 1)θ, so
 * X²/C ~ χ² with the usual df. The fit equals R `dirmult::dirmult` (fixture D2: θ̂ = 0.00109148).
 * Parametrisation as dirmult: α_j = π_j (1 − θ)/θ, θ = 1/(Σα + 1).
 * Assumptions: rows are independent clusters sharing one α; counts are integers. Without
 * overdispersion (score at θ = 0 non-positive) the fit returns θ = 0, α = ∞ and `boundary: true`.
 * Returns: α̂, π̂, θ̂ and the log-likelihood without the multinomial coefficient (dirmult's `loglik`);
 * the adjusted test's statistic, C, df and p-value.
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import { pearsonChiSquare } from './contingency.ts';
import { chi2Upper } from './distributions.ts';
import { digamma, trigamma } from './polygamma.ts';

export interface DirichletMultinomialFit {
  alpha: number[];
  pi: number[];
  theta: number;
  logLik: number;
  iterations: number;
  converged: boolean;
  /** True when Σα ran off towards ∞ (no overdispersion; θ̂ ≈ 0). */
  boundary: boolean;
}

/** Σ_i [lnΓ(A) − lnΓ(n_i + A) + Σ_j (lnΓ(x_ij + α_j) − lnΓ(α_j))], A = Σα. */
export function dirichletMultinomialLogLik(
  counts: readonly (readonly number[])[],
  alpha: readonly number[],
): number {
  const a = alpha.reduce((s, v) => s + v, 0);
  const lgA = gammaln(a);
  const lgAlpha = alpha.map(gammaln);
  let ll = 0;
  for (const row of counts) {
    const n = row.reduce((s, v) => s + v, 0);
    ll += lgA - gammaln(n + a);
    row.forEach((x, j) => {
      ll += gammaln(x + (alpha[j] as number)) - (lgAlpha[j] as number);
    });
  }
  return ll;
}

export function fitDirichletMultinomial(
  counts: readonly (readonly number[])[],
  maxIterations = 500,
): DirichletMultinomialFit {
  if (counts.length < 2) throw new RangeError('need at least two clusters');
  const k = (counts[0] as readonly number[]).length;
  if (k < 2) throw new RangeError('need at least two categories');
  const colTotals = new Array<number>(k).fill(0);
  for (const row of counts) {
    if (row.length !== k) throw new RangeError('ragged count table');
    row.forEach((x, j) => {
      if (!Number.isInteger(x) || x < 0) throw new RangeError(`invalid count ${x}`);
      colTotals[j] = (colTotals[j] as number) + x;
    });
  }
  const total = colTotals.reduce((s, v) => s + v, 0);
  if (colTotals.some((c) => c === 0)) throw new RangeError('a category is empty in every cluster');
  const rowTotals = counts.map((row) => row.reduce((s, v) => s + v, 0));
  const pooled = colTotals.map((c) => c / total);
  if (overdispersionScore(counts, pooled) <= 0) {
    // The likelihood falls as soon as θ leaves 0: the multinomial (Σα = ∞) is the MLE.
    let logLik = 0;
    for (const row of counts)
      row.forEach((x, j) => {
        if (x > 0) logLik += x * Math.log(pooled[j] as number);
      });
    return {
      alpha: pooled.map(() => Number.POSITIVE_INFINITY),
      pi: pooled,
      theta: 0,
      logLik,
      iterations: 0,
      converged: true,
      boundary: true,
    };
  }
  // Start at the pooled mix with θ = 0.01.
  let alpha = colTotals.map((c) => (c / total) * 99);
  let ll = dirichletMultinomialLogLik(counts, alpha);
  let converged = false;
  let boundary = false;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const a = alpha.reduce((s, v) => s + v, 0);
    const psiA = digamma(a);
    const triA = trigamma(a);
    let rowPsi = 0;
    let c = 0;
    for (const n of rowTotals) {
      rowPsi += psiA - digamma(n + a);
      c += triA - trigamma(n + a);
    }
    const g = alpha.map((aj, j) => {
      let s = rowPsi - counts.length * digamma(aj);
      for (const row of counts) s += digamma((row[j] as number) + aj);
      return s;
    });
    const q = alpha.map((aj, j) => {
      let s = -counts.length * trigamma(aj);
      for (const row of counts) s += trigamma((row[j] as number) + aj);
      return s;
    });
    let direction = newtonDirection(g, q, c);
    if (direction === undefined) direction = fixedPointDirection(counts, alpha, rowTotals);
    let step = 1;
    let moved = false;
    for (let halving = 0; halving < 60; halving++) {
      const trial = alpha.map((aj, j) => aj + step * (direction[j] as number));
      if (trial.every((v) => v > 0)) {
        const llTrial = dirichletMultinomialLogLik(counts, trial);
        if (llTrial >= ll - 1e-12 * Math.abs(ll)) {
          const rel = Math.max(...trial.map((v, j) => Math.abs(v - (alpha[j] as number)) / v));
          alpha = trial;
          ll = Math.max(ll, llTrial);
          moved = true;
          if (rel < 1e-12) converged = true;
          break;
        }
      }
      step /= 2;
    }
    if (!moved) {
      converged = true;
      break;
    }
    if (alpha.reduce((s, v) => s + v, 0) > 1e12) {
      boundary = true;
      break;
    }
    if (converged) break;
  }
  const a = alpha.reduce((s, v) => s + v, 0);
  return {
    alpha,
    pi: alpha.map((v) => v / a),
    theta: 1 / (a + 1),
    logLik: ll,
    iterations,
    converged,
    boundary,
  };
}

/**
 * ∂ log L/∂φ at φ = θ/(1 − θ) = 0 with π fixed: from ln P = Σ_j Σ_{k<x_j} ln(π_j + kφ) − Σ_{k<n} ln(1 + kφ)
 * + const, Σ_i [Σ_j x_ij(x_ij − 1)/(2π_j) − n_i(n_i − 1)/2]. Non-positive at the pooled π: no
 * overdispersion, the multinomial is the MLE.
 */
function overdispersionScore(counts: readonly (readonly number[])[], pi: readonly number[]): number {
  let u = 0;
  for (const row of counts) {
    const n = row.reduce((s, v) => s + v, 0);
    row.forEach((x, j) => {
      u += (x * (x - 1)) / (2 * (pi[j] as number));
    });
    u -= (n * (n - 1)) / 2;
  }
  return u;
}

/**
 * Newton direction −H⁻¹g for H = diag(q) + c·11ᵀ (Sherman–Morrison); undefined when H is not
 * negative definite, i.e. the step would not be an ascent direction.
 */
function newtonDirection(g: readonly number[], q: readonly number[], c: number): number[] | undefined {
  if (q.some((v) => !(v < 0))) return undefined;
  const invSum = q.reduce((s, v) => s + 1 / v, 0);
  const denom = 1 / c + invSum;
  // H is negative definite iff diag(q) < 0 and 1 + c Σ 1/q > 0 (c > 0 here).
  if (!(c > 0) || !(1 + c * invSum > 0)) return undefined;
  const b = g.reduce((s, gj, j) => s + gj / (q[j] as number), 0) / denom;
  return g.map((gj, j) => -(gj - b) / (q[j] as number));
}

/** Minka's fixed-point update as a direction; it never decreases the likelihood. */
function fixedPointDirection(
  counts: readonly (readonly number[])[],
  alpha: readonly number[],
  rowTotals: readonly number[],
): number[] {
  const a = alpha.reduce((s, v) => s + v, 0);
  const denom = rowTotals.reduce((s, n) => s + digamma(n + a) - digamma(a), 0);
  return alpha.map((aj, j) => {
    let num = 0;
    for (const row of counts) num += digamma((row[j] as number) + aj) - digamma(aj);
    return (aj * num) / denom - aj;
  });
}

export interface DmAdjustedTest {
  /** X²/C. */
  statistic: number;
  rawStatistic: number;
  /** Brier's design effect C = 1 + (n̄ − 1)θ. */
  inflation: number;
  df: number;
  pValue: number;
}

/**
 * Brier's DM-adjusted Pearson test of equal mixes across the rows of `table` (e.g. baseline vs
 * window, each a sum of monthly clusters of mean size n̄).
 */
export function dmAdjustedChiSquare(
  table: readonly (readonly number[])[],
  theta: number,
  meanClusterSize: number,
): DmAdjustedTest {
  if (!(theta >= 0 && theta < 1)) throw new RangeError('theta must lie in [0, 1)');
  if (!(meanClusterSize >= 1)) throw new RangeError('mean cluster size must be at least 1');
  const raw = pearsonChiSquare(table);
  const inflation = 1 + (meanClusterSize - 1) * theta;
  const statistic = raw.statistic / inflation;
  return {
    statistic,
    rawStatistic: raw.statistic,
    inflation,
    df: raw.df,
    pValue: chi2Upper(statistic, raw.df),
  };
}
