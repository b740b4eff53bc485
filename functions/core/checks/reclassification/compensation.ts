/**
 * The compensation ratio κ of a mix shift and its standard error (METHODS §2 1A): did the crimes the
 * serious side lost reappear on the lesser side (κ ≈ 1, a reclassification) or vanish (κ ≈ 0, the
 * sudden-drop and no-crime signatures' business)?
 *
 * Each side's level expectation is its baseline count times the median growth of that side across the
 * other forces: Ẽs = s_B·g_s, Ẽl = l_B·g_l. With N = l_W − Ẽl (the lesser side's rise over its
 * expectation) and D = Ẽs − s_W (the serious side's fall below it), κ = N/D.
 *
 * Variance (delta method on the log growth, Rao 1973 §6a.2): ln(l_W/Ẽl) has variance
 * v_l + τ_l², the Poisson variance of a log ratio of counts v_l = 1/(l_W+½) + 1/(l_B+½) plus the
 * between-force drift τ_l² of that side's growth (robust τ², robust-tau2.ts, over the cross-section);
 * so Var N ≈ Ẽl²(v_l + τ_l²), Var D ≈ Ẽs²(v_s + τ_s²), Cov(N, D) ≈ −Ẽl·Ẽs·c, c the between-force
 * covariance of the two sides' growth (a force whose whole family grows moves both sides together).
 * Var κ ≈ (Var N − 2κ Cov + κ² Var D)/D². The test that the crimes did not vanish is z_N = N/√Var N
 * (κ = 0 against κ > 0).
 *
 * The lower confidence limit of κ is Fieller's (1954), not κ̂ − z·SE: where D itself is uncertain (a
 * serious side whose growth drifts between forces) the delta-method interval runs far below 0 even when
 * the lesser side's rise is many SDs clear of noise. Fieller's limit at z is the largest k ≥ 0 for which
 * N − k·D is still above 0 at one-sided level z, t(k) = (N − kD)/√(Var N − 2k·Cov + k²·Var D) ≥ z, so
 * "the lesser side rose by at least k times what the serious side lost"; it is above 0 exactly when
 * z_N > z.
 */

export interface SideDrift {
  /** Between-force variance of each side's log growth and their covariance. */
  tau2Serious: number;
  tau2Lesser: number;
  covariance: number;
}

export interface CompensationInput {
  seriousWindow: number;
  seriousBase: number;
  lesserWindow: number;
  lesserBase: number;
  /** Median growth factors of each side across the other forces. */
  growthSerious: number;
  growthLesser: number;
}

export interface Compensation {
  /** N/D; null when the serious side did not fall below its level expectation (D ≤ 0). */
  kappa: number | null;
  se: number | null;
  /** κ ± 1.96·SE. */
  lower: number | null;
  upper: number | null;
  /**
   * Fieller's one-sided lower confidence limit of κ at the `z` given (header); 0 when the lesser side's
   * rise is not clear of noise (z_N ≤ z), null when the serious side did not fall.
   */
  lowerBound: number | null;
  /** N, its SD and z_N = N/SD. */
  lesserExcess: number;
  lesserExcessSd: number;
  zLesser: number;
  /** D. */
  seriousShortfall: number;
}

const logRatioVariance = (window: number, base: number) => 1 / (window + 0.5) + 1 / (base + 0.5);

/** One-sided 95%: the level of the z_N test (mix-shift-config.ts minCompensationZ). */
export const KAPPA_BOUND_Z = 1.645;

export function compensation(
  c: CompensationInput,
  drift: SideDrift,
  z: number = KAPPA_BOUND_Z,
): Compensation {
  const es = c.seriousBase * c.growthSerious;
  const el = c.lesserBase * c.growthLesser;
  const n = c.lesserWindow - el;
  const d = es - c.seriousWindow;
  const varS = logRatioVariance(c.seriousWindow, c.seriousBase) + drift.tau2Serious;
  const varL = logRatioVariance(c.lesserWindow, c.lesserBase) + drift.tau2Lesser;
  const varN = el * el * varL;
  const varD = es * es * varS;
  const cov = -el * es * drift.covariance;
  const sdN = Math.sqrt(varN);
  const base = { lesserExcess: n, lesserExcessSd: sdN, zLesser: sdN > 0 ? n / sdN : 0, seriousShortfall: d };
  if (!(d > 0)) return { kappa: null, se: null, lower: null, upper: null, lowerBound: null, ...base };
  const kappa = n / d;
  const se = Math.sqrt(Math.max(0, varN - 2 * kappa * cov + kappa * kappa * varD)) / d;
  const lowerBound = fiellerLower({ n, d, varN, varD, cov }, z);
  return { kappa, se, lower: kappa - 1.96 * se, upper: kappa + 1.96 * se, lowerBound, ...base };
}

interface RatioMoments {
  n: number;
  d: number;
  varN: number;
  varD: number;
  /** Cov(N, D). */
  cov: number;
}

/**
 * The root in [0, N/D] of f(k) = (N − kD)² − z²·Var(N − kD), a quadratic in k with f(0) > 0 when
 * z_N > z and f(N/D) = −z²·Var(N − N) ≤ 0, so exactly one root lies between; 0 when z_N ≤ z.
 */
export function fiellerLower({ n, d, varN, varD, cov }: RatioMoments, z: number): number {
  const z2 = z * z;
  const c = n * n - z2 * varN;
  if (!(n > 0) || !(c > 0) || !(d > 0)) return 0;
  const a = d * d - z2 * varD;
  const b = n * d - z2 * cov;
  const top = n / d;
  if (Math.abs(a) < 1e-12 * d * d) return Math.min(top, c / (2 * b));
  const root = Math.sqrt(Math.max(0, b * b - a * c));
  const inRange = [(b - root) / a, (b + root) / a].filter((k) => k >= 0 && k <= top * (1 + 1e-12));
  return inRange.length === 0 ? 0 : Math.min(...inRange);
}

/**
 * The drift of each side's log growth across forces: robust τ² of each (by the caller's estimator)
 * and the covariance of the two sides' deviations from their medians, each deviation clipped at three
 * robust SDs so one manipulated force cannot set it.
 */
export function growthCovariance(devSerious: readonly number[], devLesser: readonly number[]): number {
  const n = devSerious.length;
  if (n < 3) return 0;
  const clip = (xs: readonly number[]) => {
    const abs = [...xs].map(Math.abs).sort((a, b) => a - b);
    const mad = abs[Math.floor((n - 1) / 2)]! * 1.4826;
    const lim = 3 * (mad > 0 ? mad : 1);
    return xs.map((x) => Math.max(-lim, Math.min(lim, x)));
  };
  const s = clip(devSerious);
  const l = clip(devLesser);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i]! * l[i]!;
  return sum / (n - 1);
}
