/**
 * The sudden-drop checks' thresholds in one place, with the reason for each default. Every finding
 * carries the values it was computed with (evidence.parameters); changing one means bumping the
 * rule version of the check that uses it.
 */

import { KNOWN_BREAKS, type KnownBreak } from '../../detection/known-breaks.ts';
import { type CrimeTarget, DEFAULT_TARGETS } from '../../detection/targets.ts';

export interface LevelShiftConfig {
  /** Peers per force (the size of a Home Office most-similar group). */
  peerGroupSize: number;
  /** Fewer complete peers than this: peers with gaps are kept and their gap periods skipped. */
  minCompletePeers: number;
  /** Months either side of a changepoint the peer DiD compares (METHODS §4 3B: 12). */
  windowCapMonths: number;
  /** Shortest level segment PELT may place, in months (monthly) and quarters (quarterly). */
  minSegmentMonths: number;
  minSegmentQuarters: number;
  /** A series needs at least this many usable periods to be segmented. */
  minPeriods: number;
  /** Material gate: the fall against peers, as a fraction (0.10 = 10%). */
  minRelativeDrop: number;
  /** Material gate: crimes missing per quarter against the peer-based expectation. */
  minCrimesPerQuarter: number;
  /** Code-level series are segmented only for codes averaging at least this many crimes a month. */
  minCodeMonthlyMean: number;
  /** …and only when the code is not (almost) the whole of its group (the group series covers it). */
  maxCodeShareOfGroup: number;
  /** Comparison forces needed to estimate the between-force variance τ² of a window's DiD. */
  minPlaceboForces: number;
}

export interface PeriodEndDipConfig {
  /** Material gate: the March dip against the national pattern, as a fraction. */
  minRelativeDip: number;
  /** Material gate: crimes missing per March. */
  minCrimesPerMarch: number;
  /** Financial years (Feb–Apr triples) needed for a force × group to be tested. */
  minYears: number;
  /** Forces needed to centre and calibrate the contrast. */
  minForces: number;
  /** Deferral is noted when April's excess is at least this share of March's deficit. */
  minDeferredShare: number;
}

export interface TargetBunchingConfig {
  /** Caliper half-width h in percentage points (METHODS §4 3D). */
  caliperPoints: number;
  /** The caliper test must reach this p-value before any force is named. */
  alpha: number;
  /** Forces with a year-on-year change needed for the test to be run at all. */
  minForces: number;
}

export interface SuddenDropConfig {
  /**
   * Offence groups left out of every sudden-drop series (and the force total). Fraud: Action Fraud took over
   * fraud recording force by force between 2011 and 2013, so each force's fall comes at its own
   * date (which peers cannot absorb), and police-recorded fraud has not existed since.
   */
  excludeGroups: readonly string[];
  levelShift: LevelShiftConfig;
  periodEndDip: PeriodEndDipConfig;
  bunching: TargetBunchingConfig;
  targets: readonly CrimeTarget[];
  knownBreaks: readonly KnownBreak[];
}

export const DEFAULT_LEVEL_SHIFT: LevelShiftConfig = {
  peerGroupSize: 7,
  minCompletePeers: 3,
  windowCapMonths: 12,
  // A single low month is not a level shift (and is what the period-end dip check looks at).
  minSegmentMonths: 3,
  minSegmentQuarters: 2,
  minPeriods: 8,
  minRelativeDrop: 0.1,
  minCrimesPerQuarter: 30,
  // ~5,000 a year. Group totals already cover every code; a code is worth a series of its own only
  // when it is big enough to move on its own. On clean synthetic returns codes of 100–400 a month
  // doubled the false flags (0.015 → 0.035 per force-year) without finding anything the group did
  // not, and few codes per force keep the national audit inside its time budget.
  minCodeMonthlyMean: 400,
  maxCodeShareOfGroup: 0.9,
  minPlaceboForces: 5,
};

export const DEFAULT_PERIOD_END_DIP: PeriodEndDipConfig = {
  minRelativeDip: 0.05,
  minCrimesPerMarch: 10,
  minYears: 2,
  minForces: 5,
  minDeferredShare: 0.25,
};

export const DEFAULT_TARGET_BUNCHING: TargetBunchingConfig = {
  caliperPoints: 3,
  alpha: 0.05,
  minForces: 10,
};

export const DEFAULT_SUDDEN_DROP_CONFIG: SuddenDropConfig = {
  excludeGroups: ['Fraud offences'],
  levelShift: DEFAULT_LEVEL_SHIFT,
  periodEndDip: DEFAULT_PERIOD_END_DIP,
  bunching: DEFAULT_TARGET_BUNCHING,
  targets: DEFAULT_TARGETS,
  knownBreaks: KNOWN_BREAKS,
};
