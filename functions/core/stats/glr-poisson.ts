/**
 * Online generalized-likelihood-ratio (GLR) chart for a multiplicative shift in a Poisson
 * mean with known in-control means μ₀,t (signature 3A's online alternative).
 *
 * Reference: Höhle M, Paul M (2008) Count data regression charts for the monitoring of
 * surveillance time series, CSDA 52:4357; surveillance::glrnb with alpha = 0 (Poisson),
 * Mtilde = 1, M = −1 (all windows since the last alarm), ret = "value" (fixture D1 glrpois_dec).
 * For windows k..t since the last reset, the Poisson log-LR with the ML shift κ̂ = ln(S/E)
 * (S = Σy, E = Σμ₀) is S ln(S/E) − (S − E); for a decrease only windows with κ̂ < 0 count (for an
 * increase, κ̂ > 0). GLR_t is the maximum over k (0 if none); an alarm is raised when
 * GLR_t ≥ c, after which the chart restarts with the next period.
 * Assumptions: μ₀,t is known (e.g. from a baseline GLM), counts independent Poisson.
 * Returns: GLR_t for each period and the alarm flags.
 */

export interface GlrPoissonResult {
  statistic: number[];
  alarm: boolean[];
}

export function glrPoisson(
  y: readonly number[],
  mu0: readonly number[],
  threshold: number,
  direction: 'decrease' | 'increase' = 'decrease',
): GlrPoissonResult {
  if (y.length !== mu0.length) throw new RangeError('y and mu0 differ in length');
  if (mu0.some((m) => !(m > 0))) throw new RangeError('in-control means must be positive');
  const statistic: number[] = [];
  const alarm: boolean[] = [];
  let start = 0;
  for (let t = 0; t < y.length; t++) {
    let best = 0;
    let s = 0;
    let e = 0;
    for (let k = t; k >= start; k--) {
      s += y[k] as number;
      e += mu0[k] as number;
      const wanted = direction === 'decrease' ? s < e : s > e;
      if (wanted) {
        const llr = (s > 0 ? s * Math.log(s / e) : 0) - (s - e);
        if (llr > best) best = llr;
      }
    }
    statistic.push(best);
    const fired = best >= threshold;
    alarm.push(fired);
    if (fired) start = t + 1;
  }
  return { statistic, alarm };
}
