/**
 * The mix-shift check's configuration: one schema whose defaults are the shipped thresholds. The
 * `reported` part is what every finding lists in `evidence.parameters`; the rest (the family table,
 * targets, known breaks and the rolling-window switch) shape which tests exist and show in the
 * evidence's family, window, near_target and known_breaks instead.
 */
import { z } from 'zod';
import { KNOWN_BREAKS, type KnownBreak } from '#core/detection/known-breaks.ts';
import { DEFAULT_PEER_GROUP_SIZE } from '#core/detection/peers.ts';
import { SERIOUSNESS_LADDERS, type SeriousnessLadder } from '#core/detection/seriousness-ladders.ts';
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
  /**
   * …or, for a pair whose serious share is small (5D is about 5% of 5D + 8N), a tenth of the expected
   * share: two points of a 5% share is a 40% move, far beyond what the gate is for.
   */
  minRelativeShareChange: share(0.1),
  /**
   * Compensation gate (compensation.ts): a mix shift is reported as a reclassification only when the
   * lesser side rose by at least this share of what the serious side lost (κ ≥ 0.5, the midpoint
   * between crimes that vanished, κ = 0, and a one-for-one swap, κ = 1: the side of it κ̂ falls on is
   * the likelier of the two when its error is symmetric)…
   */
  minCompensation: z.number().min(0).max(1).default(0.5),
  /**
   * …and the lesser side's rise is clear of noise: z_N = N/SD(N) ≥ 1.645, so crimes that vanished
   * (κ = 0) pass as a reclassification in at most 5% of tests. A fall the lesser side does not
   * absorb is left to the sudden-drop check, which reports the drop.
   */
  minCompensationZ: z.number().nonnegative().default(1.645),
  /**
   * κ is measurable when the SE of κ̂ at κ = 0 is at most 0.4 = 1/(z₀.₉₅ + z₀.₈): a one-for-one swap
   * then passes the z_N test four times in five. Above it κ is `imprecise` (compensation-verdict.ts).
   */
  maxCompensationSe: z.number().positive().default(0.4),
  peerGroupSize: count(DEFAULT_PEER_GROUP_SIZE),
  /**
   * The whole-run step scan (step-scan-analysis.ts): up to 36 months before a candidate change as its
   * baseline (three seasonal cycles, the no-crime chart's longest own baseline), at least 24 months
   * before it (two cycles, so a trend and a level can both be fitted) and 12 after it (one cycle: a
   * shorter run is the year-on-year windows' business).
   */
  scanBaselineMonths: count(36),
  scanMinBaselineMonths: count(24),
  scanMinAfterMonths: count(12),
  /**
   * Fit a linear trend of the force's mix besides the level and the step. Off by default: measured on
   * drifting-mix data the trend doubled the step's standard error (a step and a trend share most of
   * their information when the change is mid-series), and forces' differing trends are already in
   * the between-force τ̂² that calibrates each step.
   */
  scanTrend: z.boolean().default(false),
  /** Null draws of the scan's minimum per test: p ≥ 50/2000 = 0.025 is simulated, below it bounded. */
  scanSimulations: count(2000),
});

export const MixShiftConfigSchema = MixShiftReported.extend({
  ...familyInputs,
  /**
   * Also test the 12 months ending each June, September and December, so a shift that starts
   * mid-year is compared whole, not split between two financial years.
   */
  rollingWindows: z.boolean().default(true),
  breaks: referenceList<KnownBreak>('known breaks').default(KNOWN_BREAKS),
  /** Seriousness ladders: each step no family covers is tested as a pair of its own (tested-pairs.ts). */
  /** Run the whole-run step scan on monthly returns besides the year-on-year windows. */
  stepScan: z.boolean().default(true),
  ladders: referenceList<SeriousnessLadder>('seriousness ladders').default(SERIOUSNESS_LADDERS),
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
