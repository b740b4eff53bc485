/**
 * The no-crime (cancellation) spike check's thresholds in one place, each with the reason for its
 * default. Every finding carries the values it was computed with (evidence.parameters); changing one
 * means bumping NO_CRIME_RULE_VERSION so that finding ids change with it.
 */
import { KNOWN_BREAKS, type KnownBreak } from '../../detection/known-breaks.ts';
import { type CrimeTarget, DEFAULT_TARGETS } from '../../detection/targets.ts';

// 1.1.0: the predictive p-value pools the other forces' dispersions (dispersion-prior.ts).
// 1.2.0: record-level months with cancellation cohorts are rated by them (rates.ts), a source family of
// their own; cohorts still filling are not assessed.
export const NO_CRIME_RULE_VERSION = '1.2.0';

export interface NoCrimeConfig {
  /**
   * Months per test window (must divide 12). Calendar-aligned windows start in January, April, July
   * and October at 3 (the Home Office financial quarters); see windowStep for rolling windows. The
   * latest windows may be partial (the latest month alone is tested as soon as it arrives).
   */
  windowMonths: number;
  /**
   * Months between window starts per series level: 1 (rolling: every month starts a window) or
   * windowMonths (calendar-aligned blocks). Rolling windows catch a spike that straddles two calendar
   * blocks whole, at the price of more hypotheses; the all-offences and group series are few (≈ 11 of
   * ≈ 160 series per force), so they roll and the codes do not.
   */
  windowStep: { all: number; group: number; code: number };
  /** Months of baseline wanted before a window (METHODS §3 2A: the trailing 24–36 months). */
  baselineMonths: number;
  /**
   * Months left out between the baseline and the window (a guard band). Without it, the first months
   * of an episode sit in the next window's baseline, inflate its dispersion and hide the episode's
   * continuation (the example data's 4-month spike was found in its first quarter only).
   */
  baselineGapMonths: number;
  /**
   * Months outside known breaks the baseline may examine (chosen or missing, guard band not counted):
   * months of temporary breaks are skipped and reached past; unreported months use up this allowance.
   */
  baselineLookbackMonths: number;
  /** Fewer usable baseline months than this: the window is not tested (μ and ρ would be guesses). */
  minBaselineMonths: number;
  /**
   * A series is tested only when its baseline expects at least this many cancellations a month. At
   * 2.5, a tripling of the usual rate just clears the 5-a-month material gate: series that could not
   * show a material rise even at three times their rate are not worth a hypothesis in the BH family.
   * Decided from the baseline alone, so it does not look at the window being tested.
   */
  minExpectedPerMonth: number;
  /**
   * Windows whose BH q-value among this check's own drafts exceeds this are not assessed further
   * (no peer comparison, no CUSUM, no ML cross-check; evidence.material = false): the engine gates at
   * q ≤ 0.05 over the signature, of which this is the only check, so 0.1 leaves room to spare. Keeps
   * the expensive evidence to the few windows that can be reported.
   */
  candidateQ: number;
  /**
   * ρ is never taken below this share of the median ρ̂ of all forces' same series in the same window
   * (when at least peer.minForces forces are tested there). From 18–36 months X² often cannot tell a
   * moderate ρ from none; the other forces' estimates of the same offence can.
   */
  rhoFloorShare: number;
  /** Material gate: window rate over baseline rate (METHODS §3: 1.5). */
  minRateRatio: number;
  /** Material gate: excess cancellations per month of the window (METHODS §3: 5). */
  minExcessPerMonth: number;
  /**
   * Peer test (gates.ts): the reported p-value is the larger of the own-baseline p and the p against
   * the null moved by the other forces' median rise in the same window, when at least `minForces`
   * other forces have the series there. A national change (a counting-rule change, a shock) raises
   * everyone's rate and so is not reported as one force's spike.
   */
  peer: { minForces: number };
  /**
   * A finer series (a code within its group, a group within the force total) is reported as part of
   * its parent, not separately, when the parent is material and at least as significant, unless the
   * finer series stands out: its rate ratio exceeds `standOut.ratio` × the parent's AND its log rate
   * ratio exceeds the parent's by `standOut.z` of its own standard errors (both, so that neither a
   * noisy small code nor a trivially different large one is reported twice).
   */
  standOut: { ratio: number; z: number };
  /**
   * Binomial CUSUM (METHODS §3 2B) used as evidence: odds ratio R of the alternative, in-control
   * average run length ARL₀ in months, and how many ARL₀s of null months the calibration simulates.
   */
  cusum: { oddsRatio: number; arl0Months: number; simulatedArl0s: number };
  /**
   * Record-level extracts count a cancellation in the month it was decided. In the first months of an
   * extract, decisions about crimes recorded before the extract began are missing, so the rate starts
   * low: these lead-in months are kept out of baselines and tests. Months rated by cancellation cohorts
   * need no lead-in (a cohort holds only crimes recorded in its month: rates.ts).
   */
  recordLevelLeadInMonths: number;
  knownBreaks: readonly KnownBreak[];
  targets: readonly CrimeTarget[];
}

export const DEFAULT_NO_CRIME_CONFIG: NoCrimeConfig = {
  windowMonths: 3,
  windowStep: { all: 1, group: 1, code: 3 },
  baselineMonths: 36,
  baselineGapMonths: 3,
  baselineLookbackMonths: 48,
  minBaselineMonths: 18,
  minExpectedPerMonth: 2.5,
  candidateQ: 0.1,
  rhoFloorShare: 1,
  minRateRatio: 1.5,
  minExcessPerMonth: 5,
  peer: { minForces: 5 },
  standOut: { ratio: 1.25, z: 1.96 },
  // R = 2 sits at the top of METHODS' [1.5, 2]: the chart is tuned to the doubling this check is
  // about. ARL₀ = 120 months: one false alarm per series per ten years of clean data. 50 ARL₀s of
  // simulated months give ~50 alarms: ARL₀ within about ±15%, h within a few per cent, at ~20 ms
  // per reported finding.
  cusum: { oddsRatio: 2, arl0Months: 120, simulatedArl0s: 50 },
  recordLevelLeadInMonths: 3,
  knownBreaks: KNOWN_BREAKS,
  targets: DEFAULT_TARGETS,
};

const parameterCache = new WeakMap<NoCrimeConfig, Readonly<Record<string, unknown>>>();

/** The thresholds as they go into evidence.parameters (breaks and targets are cited separately). */
export function configParameters(c: NoCrimeConfig): Readonly<Record<string, unknown>> {
  const cached = parameterCache.get(c);
  if (cached) return cached;
  const out = {
    window_months: c.windowMonths,
    window_step: { ...c.windowStep },
    baseline_months: c.baselineMonths,
    baseline_gap_months: c.baselineGapMonths,
    baseline_lookback_months: c.baselineLookbackMonths,
    min_baseline_months: c.minBaselineMonths,
    min_expected_per_month: c.minExpectedPerMonth,
    candidate_q: c.candidateQ,
    rho_floor_share: c.rhoFloorShare,
    min_rate_ratio: c.minRateRatio,
    min_excess_per_month: c.minExcessPerMonth,
    peer_min_forces: c.peer.minForces,
    stand_out_ratio: c.standOut.ratio,
    stand_out_z: c.standOut.z,
    cusum_odds_ratio: c.cusum.oddsRatio,
    cusum_arl0_months: c.cusum.arl0Months,
    record_level_lead_in_months: c.recordLevelLeadInMonths,
  };
  parameterCache.set(c, out);
  return out;
}

export function validateConfig(c: NoCrimeConfig): void {
  if (!Number.isInteger(c.windowMonths) || c.windowMonths < 1 || 12 % c.windowMonths !== 0)
    throw new RangeError(`windowMonths must divide 12, got ${c.windowMonths}`);
  for (const step of Object.values(c.windowStep)) {
    if (step !== 1 && step !== c.windowMonths)
      throw new RangeError(`a window step must be 1 or windowMonths (${c.windowMonths}), got ${step}`);
  }
  if (!(c.minBaselineMonths >= 2 && c.minBaselineMonths <= c.baselineMonths))
    throw new RangeError('need 2 <= minBaselineMonths <= baselineMonths');
  if (!Number.isInteger(c.baselineGapMonths) || c.baselineGapMonths < 0)
    throw new RangeError('baselineGapMonths must be a whole number >= 0');
  if (c.baselineLookbackMonths < c.baselineMonths)
    throw new RangeError('baselineLookbackMonths must be at least baselineMonths');
  if (!(c.cusum.oddsRatio > 1)) throw new RangeError('the CUSUM odds ratio must exceed 1');
  if (!(c.cusum.arl0Months > 1)) throw new RangeError('the CUSUM ARL0 must exceed 1 month');
}
