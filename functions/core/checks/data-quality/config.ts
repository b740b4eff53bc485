/**
 * The data-quality family's configuration: one schema, one section per check that has thresholds,
 * and the materiality ladder most of them size severity by. The defaults are the rules' current
 * values (a change to any of them is a rule change: bump the check's rule_version). The checks copy
 * the parsed sections into `evidence.parameters`, so what a finding says it used is what it used.
 */
import { z } from 'zod';
import { SEVERITY_BANDS } from '#core/detection/seriousness.ts';

const count = z.number().int().nonnegative();
const periods = z.number().int().positive();
const probability = z.number().gt(0).lt(1);

export const DataQualityConfigSchema = z.strictObject({
  /**
   * Severity by the crimes at stake, weighted by seriousness (detection/seriousness.ts): crimes the
   * problem adds, removes or leaves unplaced × the offence's weight (2 for theft or an unknown code, 6
   * for violence, 10 for rape). ≥ high → high, ≥ medium → medium, > 0 → low, none → info. The steps
   * are the statistical families' bands (SEVERITY_BANDS), so a HIGH means as many weighted crimes in
   * every family: 7 crimes of arson given as −7 are 14 weighted crimes (low), four months of
   * shoplifting returned as zeros (~4,700 crimes) are high. Rules whose size is not a count of crimes
   * say so (missing_period by months, invalid_count for a value that is not a number).
   */
  materiality: z
    .strictObject({
      severity_high_weighted_crimes: count.default(SEVERITY_BANDS.high),
      severity_medium_weighted_crimes: count.default(SEVERITY_BANDS.medium),
    })
    .refine((m) => m.severity_medium_weighted_crimes <= m.severity_high_weighted_crimes, {
      message: 'severity_medium_weighted_crimes must not exceed severity_high_weighted_crimes',
      path: ['severity_medium_weighted_crimes'],
    })
    .prefault({}),
  missing_period: z
    .strictObject({
      /** Reported periods before a gap whose mean total gives the crimes the gap would have held. */
      baseline_periods: periods.default(12),
      /** A gap of at least this many months is high severity (a whole quarter of a force's crime). */
      high_severity_months: periods.default(3),
    })
    .prefault({}),
  missing_offence: z
    .strictObject({
      window_periods: periods.default(12),
      min_present_periods: periods.default(10),
      zero_probability_threshold: probability.default(1e-6),
      national_window_periods: periods.default(2),
      national_peer_min_present_periods: periods.default(6),
      national_share: probability.default(0.5),
      national_min_forces: periods.default(3),
    })
    .prefault({}),
  zero_run: z
    .strictObject({
      min_run_periods: periods.default(3),
      baseline_periods: periods.default(12),
      min_baseline_periods: periods.default(6),
      zero_probability_threshold: probability.default(1e-6),
    })
    .prefault({}),
  cancelled_exceeds_recorded: z.strictObject({ min_cancelled: count.default(20) }).prefault({}),
  invalid_count: z
    .strictObject({
      /**
       * A value that is not a number (NaN, ±∞) says nothing about how many crimes are at stake, and the
       * cell is left out of every statistical check: medium, below the HIGH that a large known error
       * earns. A negative or fractional value is sized by the crimes it gets wrong (|value| for a
       * negative count, the fraction for a fractional one).
       */
      unknown_size_severity: z.enum(['high', 'medium', 'low']).default('medium'),
    })
    .prefault({}),
  /** Codes must add up to their group row within this many crimes. */
  totals_mismatch: z.strictObject({ tolerance: count.default(0) }).prefault({}),
});

export type DataQualityConfig = z.infer<typeof DataQualityConfigSchema>;
/** A partial override: every field left out takes its default. */
export type DataQualityOverride = z.input<typeof DataQualityConfigSchema>;
export type Materiality = DataQualityConfig['materiality'];

/** The configuration with `override` applied; throws a ZodError naming the field of a bad override. */
export function dataQualityConfig(override: DataQualityOverride = {}): DataQualityConfig {
  return DataQualityConfigSchema.parse(override);
}

export const DEFAULT_DATA_QUALITY_CONFIG: DataQualityConfig = dataQualityConfig();
