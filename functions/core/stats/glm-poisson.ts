/**
 * Log-link generalized linear models fitted by iteratively reweighted least squares (IRLS):
 * the Poisson GLM with an offset and its quasi-Poisson dispersion, and the shared IRLS engine
 * that negative-binomial.ts reuses with the NB2 variance.
 *
 * References: Nelder J A, Wedderburn R W M (1972) JRSS A 135:370; McCullagh P, Nelder J A (1989)
 * Generalized Linear Models, 2nd ed., §2.5 (IRLS) and §4.5 (quasi-likelihood dispersion
 * φ̂ = Σ(y − μ̂)²/μ̂ / (n − p)). Matches R `glm(y ~ ..., family = poisson / quasipoisson)` and
 * statsmodels `GLM(..., Poisson()).fit(scale = "X2")` (fixture D5).
 * Assumptions: the design matrix has full column rank and includes the intercept column if one is
 * wanted; the offset is on the log scale (e.g. log(days in month)).
 * Returns: coefficients, fitted means, deviance, Pearson X², φ̂, and the unscaled covariance
 * (XᵀWX)⁻¹ with Poisson and quasi-Poisson standard errors. Iteration stops when every coefficient
 * changes by < 1e-10 (1 + |β|), far tighter than R's deviance criterion, so the result is the MLE
 * to ~1e-10.
 */
import {
  cholesky,
  choleskySolve,
  type Matrix,
  spdInverse,
  weightedCrossProduct,
  weightedCrossVector,
} from './linear-algebra.ts';

export interface IrlsOptions {
  offset?: readonly number[];
  maxIterations?: number;
  /** Starting coefficients (e.g. from a previous fit); otherwise μ starts at y + 0.1. */
  start?: readonly number[];
}

export interface IrlsFit {
  coefficients: number[];
  fitted: number[];
  linearPredictor: number[];
  /** (XᵀWX)⁻¹ at the final fit, W = μ²/V(μ). */
  covariance: Matrix;
  iterations: number;
  converged: boolean;
}

function checkDesign(y: readonly number[], x: Matrix, offset: readonly number[]): number {
  if (x.length !== y.length) throw new RangeError('design rows and responses differ in length');
  if (offset.length !== y.length) throw new RangeError('offset and responses differ in length');
  const p = (x[0] ?? []).length;
  if (p === 0) throw new RangeError('design has no columns');
  if (x.some((row) => row.length !== p)) throw new RangeError('ragged design matrix');
  if (y.length <= p) throw new RangeError('need more observations than coefficients');
  if (y.some((v) => !(v >= 0) || !Number.isFinite(v)))
    throw new RangeError('responses must be non-negative counts');
  return p;
}

/**
 * IRLS for a log-link model with variance function V(μ): working response z = η − offset + (y − μ)/μ,
 * working weight μ²/V(μ).
 */
export function fitLogLinkIrls(
  y: readonly number[],
  x: Matrix,
  variance: (mu: number) => number,
  options: IrlsOptions = {},
): IrlsFit {
  const offset = options.offset ?? y.map(() => 0);
  const p = checkDesign(y, x, offset);
  const maxIterations = options.maxIterations ?? 100;
  let eta: number[];
  let beta: number[];
  if (options.start) {
    beta = [...options.start];
    eta = x.map((row, i) => dot(row, beta) + (offset[i] as number));
  } else {
    beta = new Array<number>(p).fill(0);
    eta = y.map((v) => Math.log(v + 0.1));
  }
  let converged = false;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const mu = eta.map(Math.exp);
    const w = mu.map((m) => (m * m) / variance(m));
    const z = eta.map(
      (e, i) => e - (offset[i] as number) + ((y[i] as number) - (mu[i] as number)) / (mu[i] as number),
    );
    const next = choleskySolve(cholesky(weightedCrossProduct(x, w)), weightedCrossVector(x, w, z));
    const change = Math.max(...next.map((b, j) => Math.abs(b - (beta[j] as number)) / (1 + Math.abs(b))));
    beta = next;
    eta = x.map((row, i) => dot(row, beta) + (offset[i] as number));
    if (change < 1e-10) {
      converged = true;
      iterations += 1;
      break;
    }
  }
  const fitted = eta.map(Math.exp);
  const covariance = spdInverse(
    weightedCrossProduct(
      x,
      fitted.map((m) => (m * m) / variance(m)),
    ),
  );
  return { coefficients: beta, fitted, linearPredictor: eta, covariance, iterations, converged };
}

function dot(row: readonly number[], beta: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < row.length; j++) s += (row[j] as number) * (beta[j] as number);
  return s;
}

export interface PoissonGlmFit extends IrlsFit {
  /** 2 Σ [y ln(y/μ) − (y − μ)]. */
  deviance: number;
  /** Σ (y − μ)²/μ. */
  pearsonChiSquare: number;
  dfResidual: number;
  /** Quasi-Poisson φ̂ = Pearson X² / (n − p). */
  dispersion: number;
  /** √diag((XᵀWX)⁻¹): Poisson standard errors. */
  standardErrors: number[];
  /** √(φ̂ diag((XᵀWX)⁻¹)): quasi-Poisson standard errors. */
  quasiStandardErrors: number[];
}

export function fitPoissonGlm(y: readonly number[], x: Matrix, options: IrlsOptions = {}): PoissonGlmFit {
  const fit = fitLogLinkIrls(y, x, (mu) => mu, options);
  let deviance = 0;
  let pearsonChiSquare = 0;
  fit.fitted.forEach((mu, i) => {
    const yi = y[i] as number;
    deviance += 2 * ((yi > 0 ? yi * Math.log(yi / mu) : 0) - (yi - mu));
    pearsonChiSquare += (yi - mu) ** 2 / mu;
  });
  const dfResidual = y.length - fit.coefficients.length;
  const dispersion = pearsonChiSquare / dfResidual;
  const diag = fit.covariance.map((row, j) => row[j] as number);
  return {
    ...fit,
    deviance,
    pearsonChiSquare,
    dfResidual,
    dispersion,
    standardErrors: diag.map(Math.sqrt),
    quasiStandardErrors: diag.map((v) => Math.sqrt(dispersion * v)),
  };
}
