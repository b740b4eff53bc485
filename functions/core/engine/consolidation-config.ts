/**
 * The thresholds of the consolidation stages (episodes.ts, consolidate.ts): when findings are one
 * episode, and when another finding explains a sudden drop, so that the event is reported once. A change to either is a change to what the run reports.
 */
import { z } from 'zod';

const share = z.number().gt(0).lte(1);

export const ConsolidationConfigSchema = z.strictObject({
  /**
   * A reclassification explains a fall only if the crimes moved: its compensation ratio κ (the lesser
   * side's growth over the serious side's loss, `evidence.compensation.kappa`) must be at least this.
   * Below one half, most of what the serious side lost did not reappear on the lesser side: the crimes
   * vanished, which is the drop's story, not the reclassification's (issue 9, item 4: κ ≈ 0 is a drop).
   */
  min_kappa: share.default(0.5),
  /**
   * The explanation must account for at least this share of the crimes the drop says are missing (its
   * crimes over the months the two findings share, against the drop's expected − observed): a
   * majority, so that a small zero run inside a large fall does not hide the fall.
   */
  min_explained_share: share.default(0.5),
  /**
   * Two findings of one check on one force and nested offences whose periods are at most this many
   * months apart are one episode (episodes.ts): 0 is consecutive windows. Two: less than a quarter,
   * the grain of the no-crime scan's blocks and of quarterly returns, so a gap a check's windowing
   * leaves inside one lasting rise or fall does not split it.
   */
  same_check_gap_months: z.number().int().min(0).default(2),
  /**
   * A drop of a reclassification's lesser side starting at most this many months after the
   * reclassification's period ends is that side falling back as the move stops (consolidate.ts):
   * three, the step between the mix-shift check's year-long windows, so a window ending up to a
   * quarter before the move did still claims its end.
   */
  move_end_months: z.number().int().min(0).default(3),
  /**
   * Checks whose finding names the mechanism of an episode (a one-off dip before the financial
   * year's end, with its deferral into April and the target it meets) report it ahead of a generic
   * finding of equal severity (a level shift over the same months), in this order.
   */
  episode_precedence: z.array(z.string()).default(['sudden_drop.year_end_dip', 'sudden_drop.period_end_dip']),
});

export type ConsolidationConfig = z.infer<typeof ConsolidationConfigSchema>;
export type ConsolidationOverride = z.input<typeof ConsolidationConfigSchema>;

export const DEFAULT_CONSOLIDATION_CONFIG: ConsolidationConfig = ConsolidationConfigSchema.parse({});
