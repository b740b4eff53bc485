/**
 * The beta-binomial p-chart of a cancellation rate against the series' own baseline (METHODS §3 2A),
 * as a test of one window of months.
 *
 * Baseline fit (moments). μ̂ = ΣY/ΣN (pooled rate) and the intra-class correlation ρ̂ from Pearson's
 * X² = Σ (y_i − n_i μ̂)² / (n_i μ̂(1 − μ̂)), whose expectation under BetaBin(n_i, μ, ρ) is
 * (k − 1) + ρ D with D = Σ (n_i − 1)(1 − n_i/N): ρ̂ = max(0, (X² − (k − 1)) / D)
 * (Kleinman J C 1973, JASA 68:46; Williams D A 1982, Appl. Stat. 31:144). Closed form and O(months):
 * the check fits a baseline for every series and window of a national audit (~10⁵ fits), where the
 * maximum-likelihood fit (stats/beta-binomial.ts fitBetaBinomial) costs 0.1–3 ms each. The ML fit is
 * computed as a cross-check for reported findings (analysis.ts).
 *
 * Window test, plug-in. Under H0 the window's months are y_t ~ BetaBin(n_t, μ, ρ), independent, and
 * μ is estimated. The window total Y = Σ y_t minus its plug-in expectation N μ̂ has variance
 *   V(ρ) = μ(1 − μ) [ Σ_t n_t (1 + (n_t − 1)ρ) + N² Σ_b n_b (1 + (n_b − 1)ρ) / N_B² ]
 * (window months t, baseline months b). The plug-in p-value is P(Y ≥ y) under BetaBin(N, μ̂, ρ_eff),
 * the beta-binomial with the same mean and variance V(ρ̂): ρ_eff = (V / (μ(1 − μ) N) − 1) / (N − 1)
 * (stats betaBinomialUpperMeanIcc). A single-p beta-binomial over the window's N would treat the
 * window's months as one draw of p; ignoring the estimation of μ̂ would be anti-conservative.
 *
 * ρ floor. Where X² cannot tell a moderate ρ from none (18–36 months of a mid-sized code often
 * cannot), the other forces' estimates of the same series can: analysis.ts passes a floor (a share of
 * the median ρ̂ across forces in the window) and ρ is never taken below it, in either p-value.
 *
 * Window test, predictive (the reported p-value). ρ̂ from 18–36 months is noisy, and plugging it in
 * makes far tails too light: in simulation (ρ ∈ [.001, .01], 26 baseline months) the plug-in p fell
 * below 10⁻⁴ 5–10 times too often. The reported p-value therefore averages the plug-in tail over the
 * uncertainty of ρ: X² is treated as (k − 1 + ρD)·W/(k − 1) with W ~ χ²_ν, so each quantile of W gives
 * ρ(W) = (k − 1)(X²/W − 1)/D (clipped at 0), and p = ∫ P(Y ≥ y | ρ(W)) dF(W) — the beta-binomial
 * analogue of replacing z by Student's t. ν = (k − 1)/(1 + κ f²/2) widens χ² for the Beta's excess
 * kurtosis κ (at μ̂, ρ̂) weighted by the share f = (n̄ − 1)ρ̂/(1 + (n̄ − 1)ρ̂) of month-to-month variance
 * that is between-month (Box G E P 1953, Biometrika 40:318, on variance tests under non-normality).
 * The integral is a 24-point midpoint rule in s with u = s³ (dense in W's lower tail, where ρ is large),
 * quantiles by Wilson–Hilferty. It is computed where the plug-in p is below SCREEN_P (elsewhere it
 * cannot change a decision at q ≤ .05) and the larger of the two is reported. Measured (same
 * simulation): P(p < 10⁻³) and P(p < 10⁻⁴) within 0.7–1.5× nominal at ρ ≥ .001 and conservative for
 * small or binomial series.
 */
import { betaBinomialUpperMeanIcc } from '#core/stats/beta-binomial.ts';
import { normalQuantile } from '#core/stats/distributions.ts';

/** Below this plug-in p the predictive p-value is computed (a decision at q ≤ .05 needs p ≤ .05). */
export const SCREEN_P = 0.05;
const QUADRATURE_POINTS = 24;

/**
 * Months summed as the tests need them: Σ y, Σ n and Σ n(n − 1), so that Σ n (1 + (n − 1)ρ) = n + ρ·n2
 * at any ρ without keeping the months.
 */
export interface Counts {
  y: number;
  n: number;
  n2: number;
  months: number;
}

/**
 * Sums over the months `idx` of (y, n), or over all of them; months with n = 0 carry no information
 * about a rate and are skipped.
 */
export function countsOf(y: ArrayLike<number>, n: ArrayLike<number>, idx?: readonly number[]): Counts {
  const c: Counts = { y: 0, n: 0, n2: 0, months: 0 };
  // Plain loops, no per-call closures: this runs ~10⁵ times in a national audit.
  const m = idx ? idx.length : n.length;
  for (let j = 0; j < m; j++) {
    const i = idx ? idx[j]! : j;
    const ni = n[i]!;
    if (!(ni > 0)) continue;
    c.y += y[i]!;
    c.n += ni;
    c.n2 += ni * (ni - 1);
    c.months++;
  }
  return c;
}

export interface MomentFit {
  mu: number;
  rho: number;
  /** Pearson X² at μ̂ and its null degrees of freedom k − 1. */
  x2: number;
  df: number;
  /** ν: the χ² degrees of freedom used for the uncertainty of ρ̂ (see the file header). */
  dfEffective: number;
  /** D = Σ (n_i − 1)(1 − n_i/N). */
  d: number;
  months: number;
  /** Σ cancellations, Σ base and Σ n(n − 1) over the baseline months (for V at any ρ). */
  y: number;
  n: number;
  n2: number;
}

/**
 * Moment fit over the baseline months `idx` of (y, n), or all of them (see the file header); months
 * with n = 0 are skipped. Null when fewer than two months remain or nothing or everything was cancelled.
 */
export function momentFit(
  y: ArrayLike<number>,
  n: ArrayLike<number>,
  idx?: readonly number[],
): MomentFit | null {
  const c = countsOf(y, n, idx);
  const k = c.months;
  if (k < 2 || c.y <= 0 || c.y >= c.n) return null;
  const N = c.n;
  const mu = c.y / N;
  const v = mu * (1 - mu);
  let x2 = 0;
  const m = idx ? idx.length : n.length;
  for (let j = 0; j < m; j++) {
    const i = idx ? idx[j]! : j;
    const ni = n[i]!;
    if (!(ni > 0)) continue;
    const dev = y[i]! - ni * mu;
    x2 += (dev * dev) / (ni * v);
  }
  // D = Σ (n_i − 1)(1 − n_i/N) = (N − k) − Σ n_i(n_i − 1)/N.
  const d = N - k - c.n2 / N;
  const df = k - 1;
  const rho = d > 0 ? clampRho((x2 - df) / d) : 0;
  return {
    mu,
    rho,
    x2,
    df,
    dfEffective: effectiveDf(df, mu, rho, N / k),
    d,
    months: k,
    y: c.y,
    n: N,
    n2: c.n2,
  };
}

function clampRho(rho: number): number {
  return Math.min(0.5, Math.max(0, rho));
}

/** ν = df / (1 + κ f²/2): κ the excess kurtosis of Beta(μ, ρ), f the between-month share of variance. */
function effectiveDf(df: number, mu: number, rho: number, meanN: number): number {
  if (rho <= 0) return df;
  const s = (1 - rho) / rho;
  const a = mu * s;
  const b = (1 - mu) * s;
  const kurtosis =
    (6 * ((a - b) ** 2 * (a + b + 1) - a * b * (a + b + 2))) / (a * b * (a + b + 2) * (a + b + 3));
  const f = ((meanN - 1) * rho) / (1 + (meanN - 1) * rho);
  return df / (1 + (Math.max(0, kurtosis) * f * f) / 2);
}

/** A window against its baseline without the p-value: what the peer comparison needs. */
export interface WindowContrast {
  /** Cancellations and base over the window's usable months. */
  y: number;
  n: number;
  expected: number;
  /** V(ρ) of y − N μ̂ at the ρ used (see the file header). */
  variance: number;
  rhoEff: number;
  rateRatio: number;
  /** ln((y + ½)/(expected + ½)) and its delta-method SE √V/(expected + ½): the peer contrast. */
  logRatio: number;
  logRatioSe: number;
}

export interface WindowTest extends WindowContrast {
  /** The plug-in p-value at this ρ. */
  pValue: number;
}

/**
 * The null moved by the other forces' rise (gates.ts): rate μ̂·e^m, where m is the median log rate
 * ratio of the other forces in the same window, and between-force variance τ² of that ratio, which
 * adds (N μ̂ e^m)² τ² to V.
 */
export interface PeerShift {
  logShift: number;
  tau2: number;
}

/** The baseline as the window tests use it: μ̂, the ρ to use, and the baseline's sums. */
export interface Baseline {
  mu: number;
  rho: number;
  n: number;
  n2: number;
}

/** Window totals, expectation, V(ρ), ρ_eff and the log-ratio contrast (see the file header). */
export function windowContrast(
  w: Counts,
  base: Baseline,
  shift?: PeerShift,
): WindowContrast & { pValue: number } {
  const { rho } = base;
  const N = w.n;
  const mu = shift ? Math.min(0.999, base.mu * Math.exp(shift.logShift)) : base.mu;
  const v = mu * (1 - mu);
  const between = shift ? (N * mu) ** 2 * shift.tau2 : 0;
  const inflatedBase = base.n + rho * base.n2;
  const variance = v * (w.n + rho * w.n2 + (N * N * inflatedBase) / (base.n * base.n)) + between;
  const rhoEff = N >= 2 ? Math.min(0.99, Math.max(0, (variance / (v * N) - 1) / (N - 1))) : 0;
  const expected = N * mu;
  return {
    y: w.y,
    n: N,
    expected,
    variance,
    rhoEff,
    pValue: Number.NaN,
    rateRatio: expected > 0 ? w.y / expected : Number.POSITIVE_INFINITY,
    logRatio: Math.log((w.y + 0.5) / (expected + 0.5)),
    logRatioSe: Math.sqrt(variance) / (expected + 0.5),
  };
}

/** The plug-in window test at (μ, ρ) with the baseline's sums (see the file header). */
export function testWindow(w: Counts, base: Baseline, shift?: PeerShift): WindowTest {
  const c = windowContrast(w, base, shift) as WindowTest;
  // Filled in place: this runs ~10⁵ times a national audit, and a spread copy per call adds up.
  c.pValue = c.n > 0 ? betaBinomialUpperMeanIcc(c.y, c.n, c.expected / c.n, c.rhoEff) : 1;
  return c;
}

/** The baseline with ρ replaced (no spread of the whole fit: hot path). */
function at(fit: MomentFit, rho: number): Baseline {
  return { mu: fit.mu, rho, n: fit.n, n2: fit.n2 };
}

/** χ²_ν quantile by Wilson–Hilferty (relative error < 1% for ν ≥ 3 away from the extreme tails). */
function chiSquareQuantile(u: number, nu: number): number {
  const c = 2 / (9 * nu);
  return nu * Math.max(0, 1 - c + normalQuantile(u) * Math.sqrt(c)) ** 3;
}

/** P(Y ≥ y) averaged over the uncertainty of ρ̂ (see the file header); ρ never below `rhoFloor`. */
export function predictivePValue(w: Counts, fit: MomentFit, rhoFloor = 0, shift?: PeerShift): number {
  if (fit.d <= 0) return testWindow(w, at(fit, Math.max(fit.rho, rhoFloor)), shift).pValue;
  let total = 0;
  let weights = 0;
  for (let j = 0; j < QUADRATURE_POINTS; j++) {
    const s = (j + 0.5) / QUADRATURE_POINTS;
    const weight = s * s;
    // W on the scale of χ²_df: a χ²_ν quantile rescaled to mean df and variance 2df²/ν.
    const W = (chiSquareQuantile(s * s * s, fit.dfEffective) * fit.df) / fit.dfEffective;
    // W → 0 sends ρ(W) to its cap unless nothing varied at all (X² = 0).
    const fromW = W > 0 ? clampRho((fit.df * (fit.x2 / W - 1)) / fit.d) : fit.x2 > 0 ? 0.5 : 0;
    const rho = Math.max(rhoFloor, fromW);
    total += weight * testWindow(w, at(fit, rho), shift).pValue;
    weights += weight;
  }
  return Math.min(1, total / weights);
}

export interface WindowResult {
  plugIn: WindowTest;
  /** The predictive p-value, or null where the plug-in p was not below SCREEN_P. */
  predictive: number | null;
  /** The reported p-value: max(plug-in, predictive). */
  pValue: number;
}

export function windowResult(w: Counts, fit: MomentFit, rhoFloor = 0, shift?: PeerShift): WindowResult {
  const plugIn = testWindow(w, at(fit, Math.max(fit.rho, rhoFloor)), shift);
  if (plugIn.pValue >= SCREEN_P) return { plugIn, predictive: null, pValue: plugIn.pValue };
  const predictive = predictivePValue(w, fit, rhoFloor, shift);
  return { plugIn, predictive, pValue: Math.max(plugIn.pValue, predictive) };
}
