/**
 * The record-level check's configuration: one schema whose defaults are the shipped thresholds. The
 * `reported` part is what every finding lists in `evidence.parameters`; the family table and the
 * targets show in the evidence's family and near_target instead.
 */
import { z } from 'zod';
import { count, familiesVersion, familyInputs, reportedParameters, share } from './family-config.ts';

const alpha = (value: number) => z.number().gt(0).max(1).default(value);

const RecordLevelReported = z.strictObject({
  familiesVersion,
  /** Moves the force's earlier months need before the asymmetry contrast is formed. */
  minBaselineMoves: count(10),
  /** Months of the force's own earlier rate the window is compared with. */
  baselineMonths: count(12),
  /**
   * Months left out between the baseline and the window: a campaign that began in the months just
   * before a quarter would otherwise sit in that quarter's baseline and hide its continuation. Used
   * when at least `minGuardedBaselineMonths` months precede the guard band; a shorter extract
   * compares with the months right before the window instead.
   */
  guardMonths: count(3),
  minGuardedBaselineMonths: count(6),
  /** Months of a quarter the extract must cover for it to be tested. */
  minWindowMonths: count(2),
  /** Material gate: at least this many downgrades above expectation… */
  minExcess: z.number().nonnegative().default(5),
  /** …and, where the rate is known, a rise of at least this much in the downgrade rate. */
  minRateRise: share(0.02),
  /** A timing p-value below this is mentioned in the summary. */
  timingAlpha: alpha(0.01),
  /** Consecutive material quarters with p at most this form one campaign, reported once. */
  campaignAlpha: alpha(0.05),
});

export const RecordLevelConfigSchema = RecordLevelReported.extend(familyInputs);

export type RecordLevelConfig = z.infer<typeof RecordLevelConfigSchema>;
/** What a caller may override; every field left out takes its default. */
export type RecordLevelCheckConfig = Partial<RecordLevelConfig>;

/** The full configuration from an override; a value that does not fit throws a ZodError naming its field. */
export function recordLevelConfig(override: RecordLevelCheckConfig = {}): RecordLevelConfig {
  return RecordLevelConfigSchema.parse(override);
}

/** `evidence.parameters` of every record-level finding (the seriousness weight is added per finding). */
export function recordLevelParameters(config: RecordLevelConfig): Record<string, string | number> {
  return reportedParameters(RecordLevelReported, config);
}
