/**
 * The sudden-drop checks' thresholds in one place, with the reason for each default: one zod schema
 * whose defaults are the values the checks run with, so the type, the defaults and the validation of
 * an override cannot drift apart. Every finding carries the values it was computed with
 * (evidence.parameters, derived from the parsed configuration by parameters.ts); changing one means
 * bumping the rule version of the check that uses it.
 */
import { z } from 'zod';
import { KNOWN_BREAKS, type KnownBreak } from '#core/detection/known-breaks.ts';
import {
  type CrimeTarget,
  DEFAULT_TARGETS,
  type ProactiveRecordingOffences,
} from '#core/detection/targets.ts';

const count = () => z.number().int().nonnegative();
const positiveCount = () => z.number().int().positive();
const fraction = () => z.number().min(0).max(1);
const positive = () => z.number().positive();

/** One finding per drop episode: when a code's or group's drop is reported by its parent (coarsest.ts). */
export const CoarsestLevelRuleSchema = z.object({
  /** Largest distance between the child's and the parent's change, in months. */
  changeToleranceMonths: count().default(2),
  /** A child stands out when its drop exceeds this multiple of the parent's … */
  standOutDropRatio: positive().default(1.25),
  /** … and its log rate ratio is below the parent's by at least this many of its own SEs. */
  standOutZ: z.number().nonnegative().default(1.96),
  /** A finer drop explains a parent when its shortfall is at least this share of the parent's. */
  explainedShare: fraction().default(0.8),
});

// Measured on the detection benchmark (24 injected runs, 5 clean seeds, every code; 2026-11):
// a 24-month pre window gained nothing for the 20% target and lost recall at 5–10% (forces drift
// apart over longer windows, so τ̂² grows); MBIC × 0.6 raised false flags 0.052 → 0.123 per
// force-year for +1/24 target hits; dropping the p = 1 drafts doubled false flags (0.101) for no
// target hit. MBIC × 0.8 (with rule 1.2.0) found 19/24 targets against 17/24 at false flags
// 0.078 per force-year (172 in 2,200), inside the 0.1 budget with margin. On the real (quarterly)
// Home Office table, though, MBIC × 0.8 pushed 2010/11 to 11 of 43 forces flagged, and no clean
// quarterly data calibrates a lower penalty there. So: 12 months, the p = 1 family, MBIC × 0.8 for
// monthly series and the plain MBIC for quarterly ones.
export const LevelShiftConfigSchema = z.object({
  /** Peers per force (the size of a Home Office most-similar group). */
  peerGroupSize: positiveCount().default(7),
  /** Fewer complete peers than this: peers with gaps are kept and their gap periods skipped. */
  minCompletePeers: count().default(3),
  /** Months either side of a changepoint the peer DiD compares (METHODS §4 3B: 12). */
  windowCapMonths: positiveCount().default(12),
  /** Periods of the segment before a change the DiD's pre window may use, in months. */
  preWindowCapMonths: positiveCount().default(12),
  /**
   * Rule 2.0.0: test the step against the force's own local trend relative to its peers (a level
   * break in a linear trend, trend-step.ts), not only against its level. Forces drift apart by a few
   * per cent a year; a level DiD reads a year of such drift as a drop (the example returns flagged
   * ten −11% to −15% drifts in forces where nothing was planted).
   */
  stepAgainstTrend: z.boolean().default(true),
  /**
   * Months before a change the trend is fitted over. 36: with 12 months after, Var δ̂ is 1.5× that of
   * a 12 + 12 level DiD (against 2.3× with 24 months, 4× with 12), and three years is still local
   * next to forces' slow drifts.
   */
  trendPreWindowMonths: positiveCount().default(60),
  /**
   * Rule 2.2.0: when PELT's lower segment is shorter than `windowCapMonths` and the data goes on past
   * it, the test's window was chosen by the data twice (where the fall starts and how long it lasts);
   * the scan bound counted only the first. The p-value is then the bound for windows of that length
   * times the lengths the segment could have had. On the demo the one unplanted level-shift finding
   * was a four-month dip (p 3.2e-4) followed by eight months above the old level.
   */
  scanWindowLengths: z.boolean().default(true),
  /** Fewer usable months than this before a change: a level baseline (no slope), said in evidence. */
  minTrendMonths: positiveCount().default(12),
  /**
   * Report the p-value of the selected change bounded over every position it could have been placed
   * at (Hunter–Worsley, stats/scan-bound.ts), not the p of the one test PELT picked: on clean
   * benchmark data the picked test gave 225 of 1,493 drafts p < 0.01 (15 expected).
   */
  scanBound: z.boolean().default(true),
  /**
   * Multiplier of the MBIC penalty β = 3 ln n (the ln segment-length term is always kept), for
   * monthly and for quarterly series.
   */
  penaltyScaleMonths: positive().default(0.8),
  penaltyScaleQuarters: positive().default(1),
  /** Emit a p = 1 draft for every series with no downward changepoint (counts the screen in BH). */
  emitNoShiftDrafts: z.boolean().default(true),
  /**
   * A segment shorter than a year that opens right after an excluded national shock is not taken for
   * a temporary rise (no intersection–union comparison with the level before the shock). Rule 1.2.0:
   * the post-COVID segment is short because the mask cut it; comparing the new level with the
   * pre-shock one (years earlier) cost a 20% theft drop its significance in the benchmark.
   */
  shockEdgeIsNotTemporary: z.boolean().default(true),
  /**
   * Shortest level segment PELT may place, in months (monthly) and quarters (quarterly). A single low
   * month is not a level shift (and is what the period-end dip check looks at).
   */
  minSegmentMonths: positiveCount().default(3),
  minSegmentQuarters: positiveCount().default(2),
  /** A series needs at least this many usable periods to be segmented. */
  minPeriods: positiveCount().default(8),
  /** Material gate: the fall against peers, as a fraction (0.10 = 10%). */
  minRelativeDrop: fraction().default(0.1),
  /** Material gate: crimes missing per quarter against the peer-based expectation. */
  minCrimesPerQuarter: z.number().nonnegative().default(30),
  /**
   * Code-level series are segmented only for codes averaging at least this many crimes a month.
   * ~5,000 a year. Group totals already cover every code; a code is worth a series of its own only
   * when it is big enough to move on its own. On clean synthetic returns codes of 100–400 a month
   * doubled the false flags (0.015 → 0.035 per force-year) without finding anything the group did
   * not, and few codes per force keep the national audit inside its time budget.
   */
  minCodeMonthlyMean: z.number().nonnegative().default(400),
  /** …and only when the code is not (almost) the whole of its group (the group series covers it). */
  maxCodeShareOfGroup: fraction().default(0.9),
  /** Comparison forces needed to estimate the between-force variance τ² of a window's DiD. */
  minPlaceboForces: positiveCount().default(5),
  /**
   * Rule 1.4.0 (coarsest.ts). ±2 months: PELT places one step in a code a month or two from where it
   * places it in the group; 1.25 and 1.96 mirror no-crime's stand-out rule (a clearly larger drop,
   * beyond the child's own sampling error). explainedShare 0.8: the finer drop accounts for at least
   * four fifths of the crimes missing from the coarser series, so "the total fell because theft
   * fell" is what the auditor reads.
   */
  coarsestLevel: CoarsestLevelRuleSchema.prefault({}),
});

export const PeriodEndDipConfigSchema = z.object({
  /** Material gate: the March dip against the national pattern, as a fraction. */
  minRelativeDip: fraction().default(0.05),
  /** Material gate: crimes missing per March. */
  minCrimesPerMarch: z.number().nonnegative().default(10),
  /** Financial years (Feb–Apr triples) needed for a force × group to be tested. */
  minYears: positiveCount().default(2),
  /**
   * With at least this many years the lowest is left out of the average (rule 1.1.0), so that one
   * year's dip (year_end_dip's one-off, which that check tests from 3 years) cannot make a recurring
   * finding too; with fewer, year_end_dip does not test and the average keeps every year.
   */
  trimFromYears: positiveCount().default(3),
  /** Forces needed to centre and calibrate the contrast. */
  minForces: positiveCount().default(5),
  /** Deferral is noted when April's excess is at least this share of March's deficit. */
  minDeferredShare: fraction().default(0.25),
});

/**
 * The one-off financial-year-end dip (year-end-dip.ts): each year's January–March quarter and its
 * March against the same year's April–December run-rate, relative to the peers and to the force's
 * own profile in its other years.
 */
export const YearEndDipConfigSchema = z.object({
  /** Peers per force (as the level-shift check: the size of a Home Office most-similar group). */
  peerGroupSize: positiveCount().default(7),
  /** Fewer complete peers than this: peers with gaps are kept and their gap periods skipped. */
  minCompletePeers: count().default(3),
  /**
   * Complete financial years a force × series needs: the year tested and at least two others for
   * its own seasonal profile (with one other year the baseline's noise equals the year's own).
   */
  minYears: positiveCount().default(3),
  /** Forces needed to centre and calibrate a year's contrasts (median, robust τ̂²). */
  minForces: positiveCount().default(5),
  /**
   * A series is tested only when its April–December averages at least this many crimes a month:
   * below ~20 the log-count contrast is skewed and its normal p-value anti-conservative (measured on
   * clean data, year-end-dip-calibration.test.ts).
   */
  minMonthlyMean: z.number().nonnegative().default(20),
  /**
   * Code series are tested for codes averaging at least this many crimes a month in the force (and
   * not the whole of their group): 28E or 8N in a mid-sized force, where a 25% code-level dip is too
   * small a share of its group to show there. Below ~100 a month a 25% one-off quarter dip has an
   * oracle z under 3 (not detectable), and each extra series is one more test in the signature's
   * Benjamini–Hochberg family, which every sudden-drop check shares.
   */
  minCodeMonthlyMean: z.number().nonnegative().default(100),
  /** …and only when the code is below this share of its group (the group series covers it). */
  maxCodeShareOfGroup: fraction().default(0.9),
  /**
   * Material gate: a one-off dip of at least this fraction against the expectation. 10%: twice the
   * recurring dip's gate, because one year's contrast is five to ten times as noisy as an average
   * over years, and a 5% one-off dip in one quarter is within forces' ordinary divergence.
   */
  minRelativeDip: fraction().default(0.1),
  /** Material gate: crimes missing in the window tested. */
  minMissingCrimes: z.number().nonnegative().default(20),
  /**
   * The dip is one-off only if the next April–June is back: its own-profile contrast must be above
   * this fraction of the dip's (0.5: at most half the dip persists). A fall that stays is a level
   * shift, reported by that check, not a year-end dip.
   */
  maxPersistingShare: fraction().default(0.5),
  /** The summary notes deferral when April's excess is at least this share of the missing crimes (as period_end_dip). */
  minDeferredShare: fraction().default(0.25),
  /** One finding per dip episode (year-end-dip-coverage.ts): the level-shift rule's thresholds. */
  coarsestLevel: CoarsestLevelRuleSchema.prefault({}),
});

export const TargetBunchingConfigSchema = z.object({
  /** Caliper half-width h in percentage points (METHODS §4 3D). */
  caliperPoints: positive().default(3),
  /** The caliper test must reach this p-value before any force is named. */
  alpha: fraction().default(0.05),
  /** Forces with a year-on-year change needed for the test to be run at all. */
  minForces: positiveCount().default(10),
});

/**
 * Offences whose recorded volume depends on proactive recording (the police finding the crime, or
 * a victim being believed and heard), so that a target elsewhere can make them fall through neglect.
 * A fall in one of these during a target's assessment window that the target does not cover is
 * reported as "outside the target" (detection/targets.ts `targetsOutside`).
 */
export const DEFAULT_PROACTIVE_RECORDING: ProactiveRecordingOffences = {
  groups: [
    {
      group: 'Sexual offences',
      reason:
        'under-reported; recorded when victims are believed and investigations look for it (HMIC 2014 found 26% of sexual offences reported to the police went unrecorded)',
    },
  ],
  codes: [
    {
      code: '106',
      reason: 'modern slavery: found almost only by proactive policing (NRM referrals, operations)',
    },
    { code: '19D', reason: 'rape of a girl under 16: child sexual abuse, recorded when looked for' },
    { code: '19E', reason: 'rape of a girl under 13: child sexual abuse' },
    { code: '19G', reason: 'rape of a boy under 16: child sexual abuse' },
    { code: '19H', reason: 'rape of a boy under 13: child sexual abuse' },
    { code: '17B', reason: 'sexual assault on a boy under 13: child sexual abuse' },
    { code: '20B', reason: 'sexual assault on a girl under 13: child sexual abuse' },
    { code: '21', reason: 'sexual activity involving a child under 13: child sexual abuse' },
    { code: '22B', reason: 'sexual activity involving a child under 16: child sexual abuse' },
    { code: '23', reason: 'incest or familial sexual offences: child sexual abuse within families' },
    { code: '71', reason: 'abuse of children through sexual exploitation (the Rotherham offence)' },
    { code: '72', reason: 'trafficking for sexual exploitation: found by proactive operations' },
    { code: '73', reason: 'abuse of position of trust of a sexual nature: child sexual abuse' },
    { code: '88A', reason: 'sexual grooming: child sexual abuse, largely found by proactive work' },
    { code: '24', reason: 'exploitation of prostitution: found by proactive operations' },
  ],
};

const proactiveList = z.custom<ProactiveRecordingOffences>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    Array.isArray((v as ProactiveRecordingOffences).groups) &&
    Array.isArray((v as ProactiveRecordingOffences).codes),
  { message: 'expected { groups: [{ group, reason }], codes: [{ code, reason }] }' },
);

/** Targets and breaks are reference data with their own modules; the configuration only carries them. */
const listOf = <T>(what: string) =>
  z.custom<readonly T[]>((v) => Array.isArray(v), { message: `expected a list of ${what}` });

export const SuddenDropConfigSchema = z.object({
  /**
   * Offence groups left out of every sudden-drop series (and the force total). Fraud: Action Fraud took over
   * fraud recording force by force between 2011 and 2013, so each force's fall comes at its own
   * date (which peers cannot absorb), and police-recorded fraud has not existed since.
   */
  excludeGroups: z.array(z.string()).readonly().default(['Fraud offences']),
  levelShift: LevelShiftConfigSchema.prefault({}),
  periodEndDip: PeriodEndDipConfigSchema.prefault({}),
  yearEndDip: YearEndDipConfigSchema.prefault({}),
  bunching: TargetBunchingConfigSchema.prefault({}),
  /** Offences a target's neglect shows in (near_target "outside the target"). */
  proactiveRecording: proactiveList.default(DEFAULT_PROACTIVE_RECORDING),
  targets: listOf<CrimeTarget>('crime-reduction targets').default(DEFAULT_TARGETS),
  knownBreaks: listOf<KnownBreak>('known breaks').default(KNOWN_BREAKS),
});

export type CoarsestLevelRule = z.infer<typeof CoarsestLevelRuleSchema>;
export type LevelShiftConfig = z.infer<typeof LevelShiftConfigSchema>;
export type PeriodEndDipConfig = z.infer<typeof PeriodEndDipConfigSchema>;
export type YearEndDipConfig = z.infer<typeof YearEndDipConfigSchema>;
export type TargetBunchingConfig = z.infer<typeof TargetBunchingConfigSchema>;
export type SuddenDropConfig = z.infer<typeof SuddenDropConfigSchema>;
/** What an override may give: any field left out (at any depth) takes its default. */
export type SuddenDropConfigOverride = z.input<typeof SuddenDropConfigSchema>;

/** The configuration with `override` applied; a bad override throws a ZodError naming the field. */
export function suddenDropConfig(override: SuddenDropConfigOverride = {}): SuddenDropConfig {
  return SuddenDropConfigSchema.parse(override);
}

export const DEFAULT_SUDDEN_DROP_CONFIG: SuddenDropConfig = suddenDropConfig();
