/**
 * Beta-binomial model for proportions with extra-binomial variation (signature 2A, the
 * no-crime/cancellation p-chart): maximum-likelihood fit of (μ, ρ), the exact upper-tail
 * p-value P(Y ≥ y), and Laney's p′ chart as the simpler alternative.
 *
 * References: Skellam J G (1948) JRSS B 10:257 and Williams D A (1975) Biometrics 31:949
 * (beta-binomial, Var(y/n) = μ(1 − μ)[1 + (n − 1)ρ]/n, ρ = 1/(a + b + 1)); the fit equals
 * VGAM `vglm(cbind(y, n - y) ~ 1, betabinomial)` and scipy `betabinom` ML (fixture D3);
 * Laney D B (2002) Improved control charts for attributes, Qual. Eng. 14:531.
 * Assumptions: units (forces, months) are independent; each y_i | p_i ~ Bin(n_i, p_i) with
 * p_i ~ Beta(a, b) shared by all units. If the data are not overdispersed (Tarone's score at
 * ρ = 0 is ≤ 0) the MLE is the binomial: the fit returns ρ = 0, a = b = ∞ and `boundary: true`;
 * use the binomial tail then.
 * Returns: μ̂, ρ̂, the Beta shapes a, b, the log-likelihood; tail probabilities in [0, 1].
 */
import betaln from '@stdlib/math-base-special-betaln';
import { binomialLogPmf, binomialUpper, lchoose } from './distributions.ts';
import { digamma, trigamma } from './polygamma.ts';

export interface BetaShape {
  a: number;
  b: number;
}

/** a = μ(1 − ρ)/ρ, b = (1 − μ)(1 − ρ)/ρ. */
export function betaShapeFromMeanIcc(mu: number, rho: number): BetaShape {
  if (!(mu > 0 && mu < 1) || !(rho > 0 && rho < 1)) throw new RangeError('need 0 < mu < 1 and 0 < rho < 1');
  const s = (1 - rho) / rho;
  return { a: mu * s, b: (1 - mu) * s };
}

/** ln P(Y = k), Y ~ BetaBin(n, a, b). */
export function betaBinomialLogPmf(k: number, n: number, a: number, b: number): number {
  if (!Number.isInteger(k) || k < 0 || k > n) return Number.NEGATIVE_INFINITY;
  return lchoose(n, k) + betaln(k + a, n - k + b) - betaln(a, b);
}

/**
 * P(Y ≥ y), Y ~ BetaBin(n, a, b). Sums pmf terms from log-pmf (betaln) and the exact ratio
 * recurrence: directly over the upper tail when y is above the mean (so tiny p-values keep their
 * relative accuracy), otherwise as 1 − P(Y ≤ y − 1). Truncates once terms fall below 1e-17 of
 * the sum only when the pmf is log-concave (a, b ≥ 1); U-shaped laws are summed in full.
 */
export function betaBinomialUpper(y: number, n: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError('beta shapes must be positive');
  const k0 = Math.ceil(y);
  if (k0 <= 0) return 1;
  if (k0 > n) return 0;
  const canTruncate = a >= 1 && b >= 1;
  if (k0 > (n * a) / (a + b)) {
    let term = Math.exp(betaBinomialLogPmf(k0, n, a, b));
    let total = term;
    for (let k = k0; k < n; k++) {
      const ratio = ((n - k) * (k + a)) / ((k + 1) * (n - k - 1 + b));
      term *= ratio;
      total += term;
      if (canTruncate && ratio < 1 && term < 1e-17 * total) break;
    }
    return Math.min(1, total);
  }
  const start = k0 - 1;
  let term = Math.exp(betaBinomialLogPmf(start, n, a, b));
  let lower = term;
  for (let k = start; k > 0; k--) {
    const ratio = (k * (n - k + b)) / ((n - k + 1) * (k - 1 + a));
    term *= ratio;
    lower += term;
    if (canTruncate && ratio < 1 && term < 1e-17 * lower) break;
  }
  return Math.max(0, 1 - lower);
}

/**
 * P(Y ≥ y) parametrised by mean μ and intra-class correlation ρ, as a fit returns them; ρ = 0
 * (a boundary fit, no overdispersion) is the binomial tail.
 */
export function betaBinomialUpperMeanIcc(y: number, n: number, mu: number, rho: number): number {
  if (rho === 0) return binomialUpper(y, n, mu);
  const { a, b } = betaShapeFromMeanIcc(mu, rho);
  return betaBinomialUpper(y, n, a, b);
}

export interface BetaBinomialFit {
  mu: number;
  rho: number;
  a: number;
  b: number;
  logLik: number;
  iterations: number;
  converged: boolean;
  /** True when the likelihood was still rising towards ρ = 0 (no overdispersion). */
  boundary: boolean;
}

/** Full log-likelihood Σ ln P(y_i | n_i, a, b). */
export function betaBinomialLogLik(y: readonly number[], n: readonly number[], a: number, b: number): number {
  let ll = 0;
  y.forEach((yi, i) => {
    ll += betaBinomialLogPmf(yi, n[i] as number, a, b);
  });
  return ll;
}

/**
 * Maximum-likelihood (μ, ρ) by Newton–Raphson on (ln a, ln b) with analytic digamma/trigamma
 * derivatives and step halving; starts from the pooled proportion and ρ = 0.01.
 */
export function fitBetaBinomial(
  y: readonly number[],
  n: readonly number[],
  maxIterations = 200,
): BetaBinomialFit {
  if (y.length !== n.length || y.length < 2) throw new RangeError('need matching y and n with >= 2 units');
  y.forEach((yi, i) => {
    const ni = n[i] as number;
    if (!Number.isInteger(yi) || !Number.isInteger(ni) || yi < 0 || yi > ni) {
      throw new RangeError(`invalid count y=${yi}, n=${ni}`);
    }
  });
  const totalY = y.reduce((s, v) => s + v, 0);
  const totalN = n.reduce((s, v) => s + v, 0);
  if (totalY === 0 || totalY === totalN)
    throw new RangeError('all-zero or all-success data: mu is on the boundary');
  const pooled = totalY / totalN;
  if (overdispersionScore(y, n, pooled) <= 0) {
    // The likelihood falls as soon as ρ leaves 0: the binomial (a, b = ∞) is the MLE.
    const logLik = y.reduce((s, yi, i) => s + binomialLogPmf(yi, n[i] as number, pooled), 0);
    return {
      mu: pooled,
      rho: 0,
      a: Number.POSITIVE_INFINITY,
      b: Number.POSITIVE_INFINITY,
      logLik,
      iterations: 0,
      converged: true,
      boundary: true,
    };
  }
  const start = betaShapeFromMeanIcc(pooled, 0.01);
  let u = Math.log(start.a);
  let v = Math.log(start.b);
  let ll = betaBinomialLogLik(y, n, start.a, start.b);
  let converged = false;
  let boundary = false;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const a = Math.exp(u);
    const b = Math.exp(v);
    const d = derivatives(y, n, a, b);
    // Chain rule to the log scale.
    const gu = a * d.ga;
    const gv = b * d.gb;
    const huu = a * a * d.haa + a * d.ga;
    const hvv = b * b * d.hbb + b * d.gb;
    const huv = a * b * d.hab;
    const det = huu * hvv - huv * huv;
    let du: number;
    let dv: number;
    if (huu < 0 && det > 0) {
      du = -(hvv * gu - huv * gv) / det;
      dv = -(-huv * gu + huu * gv) / det;
    } else {
      // Not locally concave: take a gradient-ascent step of bounded length instead.
      const norm = Math.hypot(gu, gv) || 1;
      du = gu / norm;
      dv = gv / norm;
    }
    let step = 1;
    let improved = false;
    for (let halving = 0; halving < 60; halving++) {
      const llNew = betaBinomialLogLik(y, n, Math.exp(u + step * du), Math.exp(v + step * dv));
      if (llNew >= ll - 1e-12 * Math.abs(ll)) {
        u += step * du;
        v += step * dv;
        improved = llNew > ll;
        ll = Math.max(ll, llNew);
        break;
      }
      step /= 2;
    }
    if (Math.log(Math.exp(u) + Math.exp(v)) > 35) {
      boundary = true;
      break;
    }
    if (Math.abs(step * du) < 1e-12 && Math.abs(step * dv) < 1e-12) {
      converged = true;
      break;
    }
    if (!improved && Math.hypot(gu, gv) < 1e-9) {
      converged = true;
      break;
    }
  }
  const a = Math.exp(u);
  const b = Math.exp(v);
  return { mu: a / (a + b), rho: 1 / (a + b + 1), a, b, logLik: ll, iterations, converged, boundary };
}

/**
 * ∂ log L/∂φ at φ = ρ/(1 − ρ) = 0 with μ fixed: writing ln P = Σ_{k<y} ln(μ + kφ) + Σ_{k<n−y} ln(1 − μ + kφ)
 * − Σ_{k<n} ln(1 + kφ) + const gives Σ_i [y(y − 1)/(2μ) + (n − y)(n − y − 1)/(2(1 − μ)) − n(n − 1)/2]
 * (Tarone 1979, Biometrika 66:585). A non-positive score at the pooled μ means no overdispersion.
 */
function overdispersionScore(y: readonly number[], n: readonly number[], mu: number): number {
  let u = 0;
  y.forEach((yi, i) => {
    const ni = n[i] as number;
    u += (yi * (yi - 1)) / (2 * mu) + ((ni - yi) * (ni - yi - 1)) / (2 * (1 - mu)) - (ni * (ni - 1)) / 2;
  });
  return u;
}

interface Derivatives {
  ga: number;
  gb: number;
  haa: number;
  hbb: number;
  hab: number;
}

function derivatives(y: readonly number[], n: readonly number[], a: number, b: number): Derivatives {
  const units = y.length;
  const psiA = digamma(a);
  const psiB = digamma(b);
  const psiAB = digamma(a + b);
  const triA = trigamma(a);
  const triB = trigamma(b);
  const triAB = trigamma(a + b);
  let ga = units * (psiAB - psiA);
  let gb = units * (psiAB - psiB);
  let haa = units * (triAB - triA);
  let hbb = units * (triAB - triB);
  let hab = units * triAB;
  y.forEach((yi, i) => {
    const ni = n[i] as number;
    const psiN = digamma(ni + a + b);
    const triN = trigamma(ni + a + b);
    ga += digamma(yi + a) - psiN;
    gb += digamma(ni - yi + b) - psiN;
    haa += trigamma(yi + a) - triN;
    hbb += trigamma(ni - yi + b) - triN;
    hab -= triN;
  });
  return { ga, gb, haa, hbb, hab };
}

export interface LaneyChart {
  pBar: number;
  /** Binomial z-scores (p_t − p̄)/√(p̄(1 − p̄)/n_t). */
  z: number[];
  /** Between-period inflation σ_z = mean|Δz| / 1.128 (moving range of 2, d₂ = 1.128). */
  sigmaZ: number;
  lower: number[];
  upper: number[];
  /** Periods above the upper limit (more cancellations than the chart allows). */
  aboveUpper: boolean[];
}

/** Laney p′ chart: limits p̄ ± k σ_z √(p̄(1 − p̄)/n_t), lower limit clipped at 0. */
export function laneyPPrime(y: readonly number[], n: readonly number[], k = 3, pBar?: number): LaneyChart {
  if (y.length !== n.length || y.length < 2) throw new RangeError('need matching y and n with >= 2 periods');
  const pb = pBar ?? y.reduce((s, v) => s + v, 0) / n.reduce((s, v) => s + v, 0);
  const sd = n.map((ni) => Math.sqrt((pb * (1 - pb)) / ni));
  const z = y.map((yi, i) => (yi / (n[i] as number) - pb) / (sd[i] as number));
  let movingRange = 0;
  for (let t = 1; t < z.length; t++) movingRange += Math.abs((z[t] as number) - (z[t - 1] as number));
  const sigmaZ = movingRange / (z.length - 1) / 1.128;
  const lower = sd.map((s) => Math.max(0, pb - k * sigmaZ * s));
  const upper = sd.map((s) => pb + k * sigmaZ * s);
  return {
    pBar: pb,
    z,
    sigmaZ,
    lower,
    upper,
    aboveUpper: y.map((yi, i) => yi / (n[i] as number) > (upper[i] as number)),
  };
}
