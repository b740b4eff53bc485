/**
 * The statistics of the one-off financial-year-end dip (year-end-dip.ts), as plain functions.
 *
 * Method: a quasi-Poisson log-ratio contrast with the peers as exposure (Cox 1970, The Analysis of
 * Binary Data, for the log rate ratio of two Poisson counts; quasi-likelihood over-dispersion φ as in
 * McCullagh & Nelder 1989 §6.2, estimated by the difference-based estimator of dispersion.ts, Dean &
 * Lawless 1989 JASA 84:467 for why Poisson variance alone is wrong for such counts). For a force's
 * series in financial year k, with y the force's count and e its peers' summed count over a window:
 *
 *   r(W) = ln(y_W + ½) − ln(e_W + ½),   Var r(W) ≈ φ̂/(y_W + ½) + 1/(e_W + ½)   (delta method),
 *   c_k = r(W_k) − r(B_k)     W = January–March (or March alone), B = April–December of year k,
 *   v_k = Var r(W_k) + Var r(B_k).
 *
 * Dividing by the peers removes national shocks and the seasonality the peers share; the difference
 * with April–December of the same year removes the force's level and its trend up to that year.
 * What the peers do not absorb (the force's own seasonal shape, from its offence mix) recurs every
 * year, so the one-off contrast is against the force's other years (leave-one-out):
 *
 *   δ_k = c_k − mean_{j≠k} c_j,   Var δ_k = v_k + Σ_{j≠k} v_j / (K − 1)².
 *
 * Year-specific divergence between forces that sampling does not explain is a between-force
 * variance τ², estimated across forces for the same series, year and window with the robust
 * MAD-matched estimator (stats/robust-tau2.ts) and centred on the forces' median δ:
 * z = (δ − m)/√(Var δ + τ̂²), one-sided p = Φ(z).
 *
 * A force × series has K years and two windows (quarter, March) on monthly data: its draft is the
 * most significant of those 2K tests, with the Šidák-adjusted p = 1 − (1 − p_min)^(2K) (Šidák 1967
 * JASA 62:626), exact for independent tests and conservative for the positively correlated quarter
 * and March (so one draft per series enters the run-wide Benjamini–Hochberg family, not 2K).
 */
export interface WindowCounts {
  /** The force's count over the window. */
  y: number;
  /** The peers' summed count over the window. */
  e: number;
}

/** r(W) = ln(y + ½) − ln(e + ½): the force's log count relative to its peers. */
export function logRatio(w: WindowCounts): number {
  return Math.log(w.y + 0.5) - Math.log(w.e + 0.5);
}

/** Var r(W) ≈ φ̂/(y + ½) + 1/(e + ½): quasi-Poisson for the force, Poisson for the peers' sum. */
export function logRatioVariance(w: WindowCounts, phi: number): number {
  return phi / (w.y + 0.5) + 1 / (w.e + 0.5);
}

export interface Contrast {
  c: number;
  v: number;
}

/** c = r(window) − r(base) and its variance. */
export function yearContrast(window: WindowCounts, base: WindowCounts, phi: number): Contrast {
  return {
    c: logRatio(window) - logRatio(base),
    v: logRatioVariance(window, phi) + logRatioVariance(base, phi),
  };
}

export interface OneOff {
  delta: number;
  variance: number;
  /** mean_{j≠k} c_j: the force's own profile from its other years. */
  profile: number;
}

/** δ_k = c_k − mean_{j≠k} c_j with Var δ_k = v_k + Σ_{j≠k} v_j/(K−1)²; null with fewer than 2 years. */
export function oneOffContrast(years: readonly Contrast[], k: number): OneOff | null {
  const others = years.filter((_, j) => j !== k);
  if (others.length === 0 || k < 0 || k >= years.length) return null;
  const n = others.length;
  const profile = others.reduce((s, o) => s + o.c, 0) / n;
  const vProfile = others.reduce((s, o) => s + o.v, 0) / (n * n);
  return { delta: years[k]!.c - profile, variance: years[k]!.v + vProfile, profile };
}

/** Šidák: the p-value of the smallest of m independent p-values, 1 − (1 − p_min)^m. */
export function sidak(pMin: number, m: number): number {
  if (!(m >= 1)) throw new RangeError('m must be at least 1');
  if (pMin <= 0) return 0;
  if (pMin >= 1) return 1;
  // −expm1(m·log1p(−p)) keeps precision for the tiny p-values that matter.
  return -Math.expm1(m * Math.log1p(-pMin));
}
