/**
 * What makes a significant rise worth reporting, and how severe it is, weighed by seriousness: a few
 * wrongly cancelled rapes matter more than many thefts.
 *
 * Material (config): rate ratio y/E ≥ minRateRatio and weighted excess (y − E) × w ≥ minWeightedExcess,
 * E the expectation tested (own baseline or peer-relative: gates.ts), w the cancellation-weighted mean
 * seriousness of the window's cancellations (detection/seriousness.ts; a code's own weight for a code).
 * Severity: the shared rule severityOf (weighted excess, relative effect y/E − 1, z = Φ⁻¹(1 − p) of
 * the reported p-value).
 */
import { seriousnessWeight, severityOf } from '#core/detection/seriousness.ts';
import { zOfP } from '#core/stats/z-of-p.ts';
import type { TestedWindow } from './analysis.ts';
import type { NoCrimeConfig } from './config.ts';

/** Cancellation-weighted mean seriousness of the window's cancellations (a code's own weight for a code). */
export function windowWeight(t: TestedWindow): number {
  let y = 0;
  let w = 0;
  for (const i of t.windowIdx) {
    y += t.series.y[i]!;
    w += t.series.weighted[i]!;
  }
  return y > 0 ? w / y : seriousnessWeight(t.series.offence_group, t.series.offence_code);
}

/** (y − E) × w over the window. */
export function weightedExcess(t: TestedWindow, expected: number): number {
  return (t.result.plugIn.y - expected) * windowWeight(t);
}

export function isMaterialRise(
  t: TestedWindow,
  expected: number,
  config: Pick<NoCrimeConfig, 'minRateRatio' | 'minWeightedExcess'>,
): boolean {
  const y = t.result.plugIn.y;
  const ratio = expected > 0 ? y / expected : Number.POSITIVE_INFINITY;
  return ratio >= config.minRateRatio && weightedExcess(t, expected) >= config.minWeightedExcess;
}

/** severityOf on the window's weighted excess, relative effect and the reported p's z. */
export function severityOfRise(t: TestedWindow, expected: number, pValue: number): 'high' | 'medium' | 'low' {
  const y = t.result.plugIn.y;
  return severityOf({
    weightedExcess: weightedExcess(t, expected),
    relativeEffect: expected > 0 ? y / expected - 1 : Number.POSITIVE_INFINITY,
    z: zOfP(pValue),
  });
}
