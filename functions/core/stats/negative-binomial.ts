/**
 * Negative-binomial (NB2) log-linear regression, the overdispersed baseline model: Var(y) = μ + μ²/θ.
 *
 * References: Lawless J F (1987) Negative binomial and mixed Poisson regression, Can. J. Stat.
 * 15:209; Venables W N, Ripley B D (2002) Modern Applied Statistics with S, §7.4 — the algorithm of
 * MASS `glm.nb`: alternate an IRLS fit of β for fixed θ with the Newton–Raphson ML estimate of θ for
 * fixed μ (`theta.ml`) until both settle. Matches `MASS::glm.nb` and statsmodels
 * `NegativeBinomial(loglike_method = "nb2")` (fixtures D5 and E3).
 * Assumptions: full-rank design with the intercept column supplied; the data are overdispersed
 * relative to Poisson. Without overdispersion the ML θ̂ diverges; the fit then stops at θ = 1e10
 * and reports `thetaAtBoundary` (use the Poisson GLM).
 * Returns: β̂, θ̂ with its SE, fitted means, the (unscaled, dispersion 1) covariance as R's
 * `vcov`, Wald z, two-sided p-values and the log-likelihood.
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import { normalTwoSided } from './distributions.ts';
import { fitLogLinkIrls, fitPoissonGlm, type IrlsFit, type IrlsOptions } from './glm-poisson.ts';
import type { Matrix } from './linear-algebra.ts';
import { digamma, trigamma } from './polygamma.ts';

const THETA_MAX = 1e10;

export interface ThetaEstimate {
  theta: number;
  se: number;
  converged: boolean;
}

/**
 * Score and observed information of the NB2 log-likelihood in θ for fixed μ (MASS `theta.ml`).
 * ψ(y + θ) − ψ(θ) and ψ′(θ) − ψ′(y + θ) are summed exactly for small integer y (Σ_{k<y} 1/(θ + k),
 * Σ 1/(θ + k)²), which avoids the cancellation of the digamma difference at large θ.
 */
function thetaScore(y: readonly number[], mu: readonly number[], t: number): { score: number; info: number } {
  let score = 0;
  let info = 0;
  const psiT = digamma(t);
  const triT = trigamma(t);
  y.forEach((yi, i) => {
    const m = mu[i] as number;
    let dPsi = 0;
    let dTri = 0;
    if (Number.isInteger(yi) && yi <= 200) {
      for (let k = 0; k < yi; k++) {
        const inv = 1 / (t + k);
        dPsi += inv;
        dTri += inv * inv;
      }
    } else {
      dPsi = digamma(yi + t) - psiT;
      dTri = triT - trigamma(yi + t);
    }
    score += dPsi - Math.log1p(m / t) + (m - yi) / (m + t);
    info += dTri - 1 / t + 2 / (m + t) - (yi + t) / (m + t) ** 2;
  });
  return { score, info };
}

/**
 * ML θ for fixed means μ: the root of the score, by Newton–Raphson on ln θ safeguarded with a
 * bracket (bisection when a Newton step leaves it), from the moment estimate n / Σ(y/μ − 1)² as
 * MASS does. The safeguard matters: plain Newton (as in MASS) diverges from starts well above θ̂.
 * If the score is still positive at θ = 1e10 the data show no overdispersion: θ̂ = 1e10 is returned.
 */
export function thetaMl(y: readonly number[], mu: readonly number[], start?: number): ThetaEstimate {
  let t = start ?? y.length / y.reduce((s, yi, i) => s + (yi / (mu[i] as number) - 1) ** 2, 0);
  if (!(t > 0) || !Number.isFinite(t)) t = 1;
  t = Math.min(Math.max(t, 1e-8), THETA_MAX);
  let { score, info } = thetaScore(y, mu, t);
  // Bracket the root in ln θ: lo has a positive score, hi a negative one.
  let lo = Math.log(t);
  let hi = Math.log(t);
  if (score > 0) {
    while (score > 0 && hi < Math.log(THETA_MAX)) {
      lo = hi;
      hi = Math.min(hi + Math.LN2 * 2, Math.log(THETA_MAX));
      ({ score } = thetaScore(y, mu, Math.exp(hi)));
    }
    if (score > 0) {
      const atMax = thetaScore(y, mu, THETA_MAX);
      return { theta: THETA_MAX, se: 1 / Math.sqrt(Math.max(atMax.info, Number.MIN_VALUE)), converged: true };
    }
  } else {
    while (score < 0 && lo > Math.log(1e-8)) {
      hi = lo;
      lo -= Math.LN2 * 2;
      ({ score } = thetaScore(y, mu, Math.exp(lo)));
    }
  }
  let u = 0.5 * (lo + hi);
  let converged = false;
  for (let it = 0; it < 200; it++) {
    ({ score, info } = thetaScore(y, mu, Math.exp(u)));
    if (score > 0) lo = u;
    else hi = u;
    const th = Math.exp(u);
    // d ln L/du = θ·score; d² ln L/du² = θ·score − θ²·info.
    const g = th * score;
    const h = g - th * th * info;
    let next = h < 0 ? u - g / h : Number.NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    const delta = Math.abs(next - u);
    u = next;
    if (delta < 1e-13 || hi - lo < 1e-13) {
      converged = true;
      break;
    }
  }
  t = Math.exp(u);
  ({ info } = thetaScore(y, mu, t));
  return { theta: t, se: 1 / Math.sqrt(info), converged };
}

/** NB2 log-likelihood Σ ln P(y_i | μ_i, θ). */
export function negativeBinomialLogLik(y: readonly number[], mu: readonly number[], theta: number): number {
  let ll = 0;
  y.forEach((yi, i) => {
    const m = mu[i] as number;
    ll +=
      gammaln(yi + theta) -
      gammaln(theta) -
      gammaln(yi + 1) +
      theta * Math.log(theta / (theta + m)) +
      (yi > 0 ? yi * Math.log(m / (theta + m)) : 0);
  });
  return ll;
}

export interface NegativeBinomialFit extends IrlsFit {
  theta: number;
  thetaSe: number;
  thetaAtBoundary: boolean;
  standardErrors: number[];
  zValues: number[];
  /** Two-sided Wald p-values, as in `summary(glm.nb(...))`. */
  pValues: number[];
  logLik: number;
  outerIterations: number;
}

export function fitNegativeBinomialGlm(
  y: readonly number[],
  x: Matrix,
  options: Omit<IrlsOptions, 'start'> = {},
): NegativeBinomialFit {
  const poisson = fitPoissonGlm(y, x, options);
  let theta = thetaMl(y, poisson.fitted);
  let fit: IrlsFit = poisson;
  let converged = false;
  let outerIterations = 0;
  for (; outerIterations < 500; outerIterations++) {
    const th = theta.theta;
    const next = fitLogLinkIrls(y, x, (m) => m + (m * m) / th, { ...options, start: fit.coefficients });
    const nextTheta = thetaMl(y, next.fitted, th);
    const coefChange = Math.max(
      ...next.coefficients.map((b, j) => Math.abs(b - (fit.coefficients[j] as number)) / (1 + Math.abs(b))),
    );
    const thetaChange = Math.abs(nextTheta.theta - th) / th;
    fit = next;
    theta = nextTheta;
    if (theta.theta >= THETA_MAX) break;
    if (coefChange < 1e-10 && thetaChange < 1e-10) {
      converged = next.converged && nextTheta.converged;
      break;
    }
  }
  // Final β and covariance at the final θ.
  const th = theta.theta;
  fit = fitLogLinkIrls(y, x, (m) => m + (m * m) / th, { ...options, start: fit.coefficients });
  const standardErrors = fit.covariance.map((row, j) => Math.sqrt(row[j] as number));
  const zValues = fit.coefficients.map((b, j) => b / (standardErrors[j] as number));
  return {
    ...fit,
    converged: converged && fit.converged,
    theta: th,
    thetaSe: theta.se,
    thetaAtBoundary: th >= THETA_MAX,
    standardErrors,
    zValues,
    pValues: zValues.map(normalTwoSided),
    logLik: negativeBinomialLogLik(y, fit.fitted, th),
    outerIterations,
  };
}
