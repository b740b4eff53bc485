/**
 * The no-crime (cancellation) spike check's thresholds in one schema, each with the reason for its
 * default. Every finding carries the values it was computed with (evidence.parameters, derived from
 * the parsed configuration); changing a default means bumping NO_CRIME_RULE_VERSION so that finding
 * ids change with it.
 */
import { z } from 'zod';
import { KNOWN_BREAKS, type KnownBreak } from '#core/detection/known-breaks.ts';
import { type CrimeTarget, DEFAULT_TARGETS } from '#core/detection/targets.ts';
import { snakeCase } from '../parameters.ts';

// 1.1.0: the predictive p-value pools the other forces' dispersions (dispersion-prior.ts).
// 1.2.0: record-level months with cancellation cohorts are rated by them (rates.ts), a source family of
// their own; cohorts still filling are not assessed.
export const NO_CRIME_RULE_VERSION = '1.2.0';

const WINDOW_STEP_DEFAULT = { all: 1, group: 1, code: 3 };

export const NoCrimeConfigSchema = z
  .strictObject({
    /**
     * Months per test window (must divide 12). Calendar-aligned windows start in January, April, July
     * and October at 3 (the Home Office financial quarters); see windowStep for rolling windows. The
     * latest windows may be partial (the latest month alone is tested as soon as it arrives).
     */
    windowMonths: z
      .number()
      .int()
      .min(1)
      .refine((m) => 12 % m === 0, 'must divide 12')
      .default(3),
    /**
     * Months between window starts per series level: 1 (rolling: every month starts a window) or
     * windowMonths (calendar-aligned blocks). Rolling windows catch a spike that straddles two calendar
     * blocks whole, at the price of more hypotheses; the all-offences and group series are few (≈ 11 of
     * ≈ 160 series per force), so they roll and the codes do not.
     */
    windowStep: z
      .strictObject({ all: z.number(), group: z.number(), code: z.number() })
      .default(WINDOW_STEP_DEFAULT),
    /** Months of baseline wanted before a window (METHODS §3 2A: the trailing 24–36 months). */
    baselineMonths: z.number().default(36),
    /**
     * Months left out between the baseline and the window (a guard band). Without it, the first months
     * of an episode sit in the next window's baseline, inflate its dispersion and hide the episode's
     * continuation (the example data's 4-month spike was found in its first quarter only).
     */
    baselineGapMonths: z.number().int().min(0).default(3),
    /**
     * Months outside known breaks the baseline may examine (chosen or missing, guard band not counted):
     * months of temporary breaks are skipped and reached past; unreported months use up this allowance.
     * At least baselineMonths.
     */
    baselineLookbackMonths: z.number().default(48),
    /**
     * Fewer usable baseline months than this: the window is not tested (μ and ρ would be guesses).
     * Between 2 and baselineMonths.
     */
    minBaselineMonths: z.number().min(2).default(18),
    /**
     * A series is tested only when its baseline expects at least this many cancellations a month. At
     * 2.5, a tripling of the usual rate just clears the 5-a-month material gate: series that could not
     * show a material rise even at three times their rate are not worth a hypothesis in the BH family.
     * Decided from the baseline alone, so it does not look at the window being tested.
     */
    minExpectedPerMonth: z.number().default(2.5),
    /**
     * Windows whose BH q-value among this check's own drafts exceeds this are not assessed further
     * (no peer comparison, no CUSUM, no ML cross-check; drafted as not material): the engine gates at
     * q ≤ 0.05 over the signature, of which this is the only check, so 0.1 leaves room to spare. Keeps
     * the expensive evidence to the few windows that can be reported.
     */
    candidateQ: z.number().default(0.1),
    /**
     * ρ is never taken below this share of the median ρ̂ of all forces' same series in the same window
     * (when at least peerMinForces forces are tested there). From 18–36 months X² often cannot tell a
     * moderate ρ from none; the other forces' estimates of the same offence can.
     */
    rhoFloorShare: z.number().default(1),
    /** Material gate: window rate over baseline rate (METHODS §3: 1.5). */
    minRateRatio: z.number().default(1.5),
    /** Material gate: excess cancellations per month of the window (METHODS §3: 5). */
    minExcessPerMonth: z.number().default(5),
    /**
     * Peer test (gates.ts): the reported p-value is the larger of the own-baseline p and the p against
     * the null moved by the other forces' median rise in the same window, when at least this many
     * other forces have the series there. A national change (a counting-rule change, a shock) raises
     * everyone's rate and so is not reported as one force's spike.
     */
    peerMinForces: z.number().default(5),
    /**
     * A finer series (a code within its group, a group within the force total) is reported as part of
     * its parent, not separately, when the parent is material and at least as significant, unless the
     * finer series stands out: its rate ratio exceeds `standOutRatio` × the parent's AND its log rate
     * ratio exceeds the parent's by `standOutZ` of its own standard errors (both, so that neither a
     * noisy small code nor a trivially different large one is reported twice).
     */
    standOutRatio: z.number().default(1.25),
    standOutZ: z.number().default(1.96),
    /**
     * Binomial CUSUM (METHODS §3 2B) used as evidence: odds ratio R of the alternative, in-control
     * average run length ARL₀ in months, and how many ARL₀s of null months the calibration simulates.
     * R = 2 sits at the top of METHODS' [1.5, 2]: the chart is tuned to the doubling this check is
     * about. ARL₀ = 120 months: one false alarm per series per ten years of clean data. 50 ARL₀s of
     * simulated months give ~50 alarms: ARL₀ within about ±15%, h within a few per cent, at ~20 ms
     * per reported finding.
     */
    cusumOddsRatio: z.number().gt(1).default(2),
    cusumArl0Months: z.number().gt(1).default(120),
    cusumSimulatedArl0s: z.number().default(50),
    /**
     * Record-level extracts count a cancellation in the month it was decided. In the first months of an
     * extract, decisions about crimes recorded before the extract began are missing, so the rate starts
     * low: these lead-in months are kept out of baselines and tests. Months rated by cancellation cohorts
     * need no lead-in (a cohort holds only crimes recorded in its month: rates.ts).
     */
    recordLevelLeadInMonths: z.number().default(3),
    knownBreaks: z
      .custom<readonly KnownBreak[]>(Array.isArray, 'must be a list of known breaks')
      .default(KNOWN_BREAKS),
    targets: z
      .custom<readonly CrimeTarget[]>(Array.isArray, 'must be a list of targets')
      .default(DEFAULT_TARGETS),
  })
  .superRefine((c, ctx) => {
    for (const level of ['all', 'group', 'code'] as const) {
      const step = c.windowStep[level];
      if (step !== 1 && step !== c.windowMonths)
        ctx.addIssue({
          code: 'custom',
          path: ['windowStep', level],
          message: `a window step must be 1 or windowMonths (${c.windowMonths}), got ${step}`,
        });
    }
    if (c.minBaselineMonths > c.baselineMonths)
      ctx.addIssue({
        code: 'custom',
        path: ['minBaselineMonths'],
        message: 'must not exceed baselineMonths',
      });
    if (c.baselineLookbackMonths < c.baselineMonths)
      ctx.addIssue({
        code: 'custom',
        path: ['baselineLookbackMonths'],
        message: 'must be at least baselineMonths',
      });
  });

export type NoCrimeConfig = z.infer<typeof NoCrimeConfigSchema>;
/** What a caller may override: any field, the rest take their defaults. */
export type NoCrimeOverrides = z.input<typeof NoCrimeConfigSchema>;

/** The configuration with `overrides` applied; a bad override throws a ZodError naming the field. */
export function noCrimeConfig(overrides: NoCrimeOverrides = {}): NoCrimeConfig {
  return NoCrimeConfigSchema.parse(overrides);
}

export const DEFAULT_NO_CRIME_CONFIG: NoCrimeConfig = noCrimeConfig();

/**
 * Fields cited elsewhere in the evidence than evidence.parameters: the breaks and targets that bear
 * on a finding (known_breaks, targets) and the CUSUM's simulation length (cusum.simulated_months).
 */
const CITED_ELSEWHERE: ReadonlySet<keyof NoCrimeConfig> = new Set([
  'knownBreaks',
  'targets',
  'cusumSimulatedArl0s',
] as const);

/** Every other field of the configuration, as it goes into evidence.parameters (snake_case keys). */
export function configParameters(c: NoCrimeConfig): Readonly<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(c) as Array<[keyof NoCrimeConfig, unknown]>) {
    if (CITED_ELSEWHERE.has(key)) continue;
    out[snakeCase(key)] = typeof value === 'object' && value !== null ? { ...value } : value;
  }
  return out;
}
