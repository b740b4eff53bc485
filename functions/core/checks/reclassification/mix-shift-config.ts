/**
 * The mix-shift check's configuration: one schema whose defaults are the shipped thresholds. The
 * `reported` part is what every finding lists in `evidence.parameters`; the rest (the family table,
 * targets, known breaks and the rolling-window switch) shape which tests exist and show in the
 * evidence's family, window, near_target and known_breaks instead.
 */
import { z } from 'zod';
import { KNOWN_BREAKS, type KnownBreak } from '#core/detection/known-breaks.ts';
import { DEFAULT_PEER_GROUP_SIZE } from '#core/detection/peers.ts';
import {
  count,
  familiesVersion,
  familyInputs,
  referenceList,
  reportedParameters,
  share,
} from './family-config.ts';

const MixShiftReported = z.strictObject({
  familiesVersion,
  /** Forces needed in a window's cross-section to estimate δ̃ and τ̂² from the data. */
  minForces: count(8),
  /** Months of a window that must pair with a usable month a year earlier (of 12). */
  minPairedMonths: count(9),
  /** Smallest baseline count on each side of a family for a force to be tested. */
  minBaseCount: count(5),
  /** Material gate: displaced crimes at least max(minDisplaced, minDisplacedShare × Ê s_W)… */
  minDisplaced: z.number().nonnegative().default(10),
  minDisplacedShare: share(0.05),
  /** …and the serious share at least this far below its expectation (0.02 = 2 points). */
  minShareChange: share(0.02),
  peerGroupSize: count(DEFAULT_PEER_GROUP_SIZE),
});

export const MixShiftConfigSchema = MixShiftReported.extend({
  ...familyInputs,
  /**
   * Also test the 12 months ending each June, September and December, so a shift that starts
   * mid-year is compared whole, not split between two financial years.
   */
  rollingWindows: z.boolean().default(true),
  breaks: referenceList<KnownBreak>('known breaks').default(KNOWN_BREAKS),
});

export type MixShiftConfig = z.infer<typeof MixShiftConfigSchema>;
/** What a caller may override; every field left out takes its default. */
export type MixShiftCheckConfig = Partial<MixShiftConfig>;

/** The full configuration from an override; a value that does not fit throws a ZodError naming its field. */
export function mixShiftConfig(override: MixShiftCheckConfig = {}): MixShiftConfig {
  return MixShiftConfigSchema.parse(override);
}

/** `evidence.parameters` of every mix-shift finding (the seriousness weight is added per finding). */
export function mixShiftParameters(config: MixShiftConfig): Record<string, string | number> {
  return reportedParameters(MixShiftReported, config);
}
