/**
 * The fixed text a finding's evidence names its method by: what was tested, the references, the
 * formula an auditor recomputes the p-value with, and what the rate is a share of. Cohort windows
 * (rates.ts) state their own rate; everything else is the same for every source family.
 */
import { isCohort, type TestedWindow } from './analysis.ts';

export const METHOD =
  'Beta-binomial p-chart of the monthly cancellation rate against the force\u2019s own baseline ' +
  '(moment fit; predictive p-value over the uncertainty of the dispersion, pooled with the other ' +
  'forces\u2019 dispersions), intersection-union test ' +
  'with the same chart moved by the other forces\u2019 median rise, material gate on rate ratio and ' +
  'excess cancellations, binomial CUSUM dating the onset';

/** The method of a window screened out by its own-run q-value (gates.ts), never reported. */
export const SCREENED_METHOD =
  'Beta-binomial p-chart of the monthly cancellation rate against the force\u2019s own baseline; not assessed ' +
  'further: BH q among this check\u2019s drafts above candidate_q';

export const REFERENCE =
  'METHODS.md \u00a73 (2A\u20132C); Kleinman 1973 JASA 68:46; Williams 1982 Appl Stat 31:144; ' +
  'Reynolds & Stoumbos 1999 JQT 31:87; Spiegelhalter 2005 Stat Med 24:1185; Smyth 2004 SAGMB 3:3';

const DECISION_RATE = 'rate p_t = cancelled_t / (recorded_t + cancelled_t)';

export const FORMULA =
  `${DECISION_RATE}; mu = sum(cancelled_b)/sum(n_b) over the baseline; ` +
  'rho = max(0, (X2 - (k-1)) / sum((n_b-1)(1-n_b/N_B))), X2 = sum((y_b - n_b mu)^2 / (n_b mu (1-mu))); ' +
  'V(rho) = mu(1-mu)[sum_t n_t(1+(n_t-1)rho) + N^2 sum_b n_b(1+(n_b-1)rho)/N_B^2]; ' +
  'rho_eff = (V/(mu(1-mu)N) - 1)/(N-1); p_plug_in = P(Y >= y), Y ~ BetaBin(N, mu, rho_eff(max(rho, rho_floor))); ' +
  'rho_floor = rho_floor_share x median rho over the forces tested for the same series and window; ' +
  'p_predictive = mean of p_plug_in over rho(W) = max(rho_floor, (k-1)(X2/W - 1)/D), D = sum((n_b-1)(1-n_b/N_B)), ' +
  'W from chi2(df_moderated) rescaled to mean k-1 (24-point rule in s, u = s^3, computed when p_plug_in < 0.05), ' +
  'with X2 and df_effective moderated by the other forces: X2_moderated = (k-1)(d0 s0^2 (1 + a rho0) + nu X2/(k-1))/(d0 + nu), ' +
  'df_moderated = nu + d0, a = D/(k-1), rho0 the median rho, d0 and s0^2 by Smyth (2004) moments of ' +
  'ln(X2/(k-1)/(1 + a rho0)) over the forces; ' +
  'p_own = max(p_plug_in, p_predictive); p_peer = the same with mu replaced by mu e^m and (tau2 + var(m)) (N mu e^m)^2 ' +
  'added to V, m and tau2 the median and robust between-force variance of the other forces\u2019 ' +
  'ln((y+0.5)/(N mu+0.5)) in the window, var(m) = (pi/2) mean(se^2 + tau2)/k; window: of the 3-5 month windows ending ' +
  'in the block, the largest (y - N mu)/sqrt(V); p_value = min(1, B(max(p_own, p_peer))), B(x) = x + sum over ' +
  'the maximal spanning tree of the K distinct windows scanned of P(Z_w <= -z < Z_v), z = Phi^-1(1 - x), Z bivariate ' +
  'normal with corr = sum_shared v_t/sqrt(sum_v v_t sum_w v_t), v_t = n_t(1 + (n_t - 1)rho) (Hunter 1976, Worsley 1982; ' +
  'p_own alone without 5 other forces; p_peer alone for a peer-relative baseline)';

/** The formula with the rate a cohort window is tested on. */
export function formulaOf(t: TestedWindow): string {
  if (!isCohort(t)) return FORMULA;
  return (
    `rate p_t = cancelled_within_t / crimes_t, the cohort of the crimes recorded in month t and of them ` +
    `those cancelled within ${t.force.followUpDays} days${FORMULA.slice(DECISION_RATE.length)}`
  );
}

/** What the window's rate is a share of (evidence.rate_base). */
export function rateBaseOf(t: TestedWindow): string {
  return isCohort(t)
    ? `cohort rate: cancelled within ${t.force.followUpDays} days / crimes recorded in the month: n is ` +
        'every crime recorded in the month (still recorded or cancelled since, transferred excluded), ' +
        `cancelled those of them cancelled within ${t.force.followUpDays} days of being recorded`
    : 'cancelled / (recorded + cancelled): recorded is net of cancellations, so the base is every crime ' +
        'recorded in the month, whether it still stands or was cancelled';
}
