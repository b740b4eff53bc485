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
// 2.0.0: windows of 3–5 months at any start, scanned per calendar quarter of their end with a Bonferroni
// bound (scan.ts); materiality on seriousness-weighted excess; a peer-relative baseline where the own
// history is short (after a national shock); severity by severityOf.
// 2.1.0: the scan's p-value is the Hunter–Worsley bound over its windows' correlations instead of
// Bonferroni (scan.ts): about nominal on clean data instead of 0.3–0.4 × nominal.
export const NO_CRIME_RULE_VERSION = '2.1.0';

export const NoCrimeConfigSchema = z
  .strictObject({
    /**
     * Months per hypothesis block (must divide 12): every window whose last month falls in one calendar
     * block (January–March, … at 3, the Home Office financial quarters) is one hypothesis, scanned
     * (scan.ts). Each window has one last month, so the blocks share no window.
     */
    blockMonths: z
      .number()
      .int()
      .min(1)
      .refine((m) => 12 % m === 0, 'must divide 12')
      .default(3),
    /**
     * Window lengths scanned in a block, in months. 3–5 covers the spikes the held-out benchmark missed
     * with quarter-aligned 3-month code windows (×2.8–3.8 for 3–5 months); every start is scanned, so a
     * spike straddling two quarters is seen whole at every level.
     */
    scanLengths: z.array(z.number().int().min(1).max(12)).min(1).default([3, 4, 5]),
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
     * With fewer own baseline months than minBaselineMonths but at least this many, the window is tested
     * against a peer-relative baseline only (gates.ts): the other forces' rate over the same months,
     * scaled by the force's ratio to them over its own baseline months. In the 12–18 months after a
     * national shock (COVID-19 months are skipped as baseline) a five-year history has only ~11 own
     * months; six still fix a force's ratio to its peers to ±15% at 100 cancellations a month, and the
     * peers' spread in that ratio is in the test's variance.
     */
    minPeerRelativeBaselineMonths: z.number().min(2).default(6),
    /**
     * A series is tested only when its baseline expects at least this many cancellations a month. The
     * small series the held-out benchmark missed start at 2 a month; μ̂ from 18 months of 2 a month has an
     * SE of ~0.33, so 1.5 keeps them in, while smaller series, which even a tripling over five months
     * cannot take to national significance, stay out of the BH family. Decided from the baseline alone.
     */
    minExpectedPerMonth: z.number().default(1.5),
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
    /**
     * Material gate: excess cancellations over the window × their seriousness weight
     * (detection/seriousness.ts, 1–10). METHODS §3's 5 excess a month treated a rape like a theft and
     * missed small series (2–6 a month) tripling. 10 weighted crimes is one wrongly cancelled rape, or
     * five thefts: the floor below which a significant rise is not worth an inspector's time; severity
     * then grows with the weighted excess (severityOf).
     */
    minWeightedExcess: z.number().default(10),
    /**
     * Peer test (gates.ts): the reported p-value is the larger of the own-baseline p and the p against
     * the null moved by the other forces' median rise in the same window, when at least this many
     * other forces have the series there. A national change (a counting-rule change, a shock) raises
     * everyone's rate and so is not reported as one force's spike.
     */
    peerMinForces: z.number().default(5),
    /**
     * The peers' between-force variance τ̂² is estimated from the other forces whose baseline expects at
     * least this many cancellations in the window (when peerMinForces of them exist; the centre uses all).
     * Below ~5 the log rate ratio is far from normal (a window with none sits 4 delta-method SEs down at
     * 3 expected), which inflated the robust τ̂² of rape codes to ~0.2 (±45% between forces where the
     * generator's trends give ±12%) and hid a ×3 rape spike.
     */
    peerMinExpected: z.number().default(5),
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
    if (c.minBaselineMonths > c.baselineMonths)
      ctx.addIssue({
        code: 'custom',
        path: ['minBaselineMonths'],
        message: 'must not exceed baselineMonths',
      });
    if (c.minBaselineMonths >= 2 && c.minPeerRelativeBaselineMonths > c.minBaselineMonths)
      ctx.addIssue({
        code: 'custom',
        path: ['minPeerRelativeBaselineMonths'],
        message: 'must not exceed minBaselineMonths',
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
    out[snakeCase(key)] = Array.isArray(value)
      ? [...value]
      : typeof value === 'object' && value !== null
        ? { ...value }
        : value;
  }
  return out;
}
