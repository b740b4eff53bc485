/**
 * The binomial CUSUM (METHODS §3 2B) as evidence on a reported window: does a sequential chart on the
 * same months confirm the rise, and when did it start?
 *
 * Chart: W_t = y_t ln(p₁/p₀) + (n_t − y_t) ln((1 − p₁)/(1 − p₀)), S_t = max(0, S_{t−1} + W_t), run over
 * the baseline months, the guard band's months and then the window's months, with p₀ = μ̂ of the
 * window's baseline and p₁ the rate at odds ratio R (default 2). The decision limit h is calibrated
 * by simulating the beta-binomial null BetaBin(n_t, μ̂, ρ̂) (n_t recycled from the baseline) to ARL₀
 * months (default 120: one false alarm per series per ten years of clean data); the binomial h would
 * over-alarm on overdispersed rates. The simulation is seeded from the force, series and window, so
 * the same input always gives the same h.
 *
 * Why evidence and not findings: a CUSUM alarm has no p-value, so it could not join the BH family, and
 * as separate findings its false alarms would add ~0.1 per series-year, i.e. several per force-year
 * across ~30 tested series. Here it only dates and confirms the p-chart finding: the alarm month is
 * the first month the (unreset) statistic reached h in the excursion that covers the window, and the
 * onset is the month after the statistic was last 0 before that alarm (the CUSUM change-point
 * estimate). An absent alarm is reported as such; it does not remove the finding.
 */
import { binomialCusum, calibrateBinomialCusum } from '#core/stats/binomial-cusum.ts';
import { createRng } from '#core/stats/random.ts';
import { round } from '#core/stats/rounding.ts';
import { baselineIdxOf, guardIdxOf, type TestedWindow } from './analysis.ts';
import type { NoCrimeConfig } from './config.ts';

export interface CusumEvidence {
  method: string;
  p0: number;
  p1: number;
  odds_ratio: number;
  h: number;
  arl0_target_months: number;
  arl0_simulated_months: number;
  simulated_months: number;
  seed: number;
  /** First month the statistic reached h in the excursion covering the window; null: no alarm. */
  alarm: string | null;
  /** Month after the statistic was last 0 before the alarm; null without an alarm. */
  onset: string | null;
  /** Largest statistic within the window. */
  max_in_window: number;
  /** The statistic over the months charted (baseline, guard band, window), 3 decimals. */
  path: Array<{ period: string; s: number }>;
}

/** FNV-1a of a string: a stable seed per force, series and window. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function cusumEvidence(t: TestedWindow, config: NoCrimeConfig): CusumEvidence {
  const { cusumOddsRatio: oddsRatio, cusumArl0Months: arl0Months, cusumSimulatedArl0s } = config;
  const p0 = t.fit.mu;
  const p1 = (oddsRatio * p0) / (1 - p0 + oddsRatio * p0);
  const baseline = baselineIdxOf(t);
  const guard = guardIdxOf(t);
  const seed = seedOf(`${t.force.force_code}|${t.series.level}|${t.series.key}|${t.windowStart}`);
  const calibration = calibrateBinomialCusum({
    p0,
    p1,
    n: baseline.map((i) => t.series.n[i]!),
    rho: t.fit.rho,
    mu: p0,
    rng: createRng(seed),
    targetArl0: arl0Months,
    periods: cusumSimulatedArl0s * arl0Months,
  });
  const idx = [...baseline, ...guard, ...t.windowIdx];
  const { statistic } = binomialCusum(
    idx.map((i) => t.series.y[i]!),
    idx.map((i) => t.series.n[i]!),
    p0,
    p1,
  );
  const first = baseline.length + guard.length;
  let alarmAt = -1;
  for (let k = first; k < idx.length && alarmAt < 0; k++) if (statistic[k]! >= calibration.h) alarmAt = k;
  let alarm: string | null = null;
  let onset: string | null = null;
  if (alarmAt >= 0) {
    let start = alarmAt;
    while (start > 0 && statistic[start - 1]! > 0) start--;
    let crossing = start;
    while (statistic[crossing]! < calibration.h) crossing++;
    alarm = t.force.months[idx[crossing]!]!;
    onset = t.force.months[idx[start]!]!;
  }
  let maxInWindow = 0;
  for (let k = first; k < idx.length; k++) maxInWindow = Math.max(maxInWindow, statistic[k]!);
  return {
    method:
      'Upper binomial CUSUM on the monthly cancellation rate (Reynolds & Stoumbos 1999), decision limit h ' +
      'simulated under the beta-binomial null to the target in-control ARL',
    p0: round(p0, 6),
    p1: round(p1, 6),
    odds_ratio: oddsRatio,
    h: round(calibration.h, 4),
    arl0_target_months: arl0Months,
    arl0_simulated_months: round(calibration.arl0, 1),
    simulated_months: calibration.periods,
    seed,
    alarm,
    onset,
    max_in_window: round(maxInWindow, 3),
    path: idx.map((i, k) => ({ period: t.force.months[i]!, s: round(statistic[k]!, 3) })),
  };
}
