/**
 * The level-shift check's analysis (level-shift.ts explains the method): for each series worth
 * segmenting, PELT against the peer sum, then each downward shift's calibrated peer DiD, its
 * intersection–union step, the material gate, the known breaks and targets it meets and its severity
 * before coverage. Numbers only: the evidence, the coverage decision and the summary are made from
 * what this returns (level-shift-evidence.ts, level-shift-coverage.ts, level-shift-summary.ts).
 */
import type { KnownBreak } from '#core/detection/known-breaks.ts';
import type { PeerGrouping } from '#core/detection/peers.ts';
import { seriousnessWeight, severityOf } from '#core/detection/seriousness.ts';
import { type CrimeTarget, nearTargets } from '#core/detection/targets.ts';
import type { Severity } from '#core/model/findings.ts';
import { type Grain, periodEndOf, periodLength } from '#core/series/periods.ts';
import { type DidResult, peerDid } from '#core/stats/did.ts';
import { type CalibratedZ, calibratedZ } from '#core/stats/log-odds-ratio.ts';
import { type PoissonSegment, peltPoisson } from '#core/stats/pelt-poisson.ts';
import type { AuditContext } from '../audit-context.ts';
import { annotationMask, shockMask } from './baseline-mask.ts';
import { calibrateWindows, type WindowCalibration } from './calibration.ts';
import type { TestedShift } from './coarsest.ts';
import {
  ComparisonCache,
  type PeerComparison,
  type WindowSums,
  windowSums,
  withoutBefore,
} from './comparison.ts';
import type { SuddenDropConfig } from './config.ts';
import { breaksAtChange } from './context.ts';
import { segmentedDispersion } from './dispersion.ts';
import {
  minSegmentOf,
  selectionAwareP,
  stepWindows,
  type TrendOutcome,
  trendOver,
  windowChoice,
} from './level-shift-trend.ts';
import { buildPanel, type Panel, type SeriesSpec } from './panel.ts';
import { preWindowBefore, scanCorrelations } from './trend-step.ts';

/** One grain's panel and what every series of it is compared with. */
export interface LevelShiftRun {
  cfg: SuddenDropConfig;
  panel: Panel;
  cache: ComparisonCache;
  grouping: PeerGrouping;
  /** Period positions left out of a series' comparisons (temporary national shocks), or null. */
  excluded: (spec: SeriesSpec) => Uint8Array | null;
  /**
   * Period positions of the force's own annotated breaks (baseline-mask.ts), or null: left out of
   * every shift's baseline, kept in its window.
   */
  explained: (spec: SeriesSpec, force: string) => Uint8Array | null;
  /** `force|spec id` of every series long enough to be segmented (tested, with or without a shift). */
  tested: Set<string>;
}

/** One force's series as segmented: its comparison, PELT's segments and the downward shifts tested. */
export interface AnalysedSeries {
  spec: SeriesSpec;
  comparison: PeerComparison;
  segments: readonly PoissonSegment[];
  penalty: number;
  /** Pearson φ of the counts about the segment levels (a check on the segmentation, for the evidence). */
  pearsonPhi: number;
  minSegment: number;
  shifts: AnalysedShift[];
  /** Candidate changes the scan bound counts (every position a change could have been placed). */
  scanCandidates: number;
}

/** The peer DiD of one post window against one pre window, calibrated across forces. */
export interface DidOutcome {
  preWindow: readonly [number, number];
  postWindow: readonly [number, number];
  pre: WindowSums;
  post: WindowSums;
  /** Haldane's ½, added to every cell when one is zero. */
  half: number;
  did: DidResult;
  cal: WindowCalibration;
  z: CalibratedZ;
  pValue: number;
  expected: number;
  missing: number;
  perQuarter: number;
  drop: number;
  postMonths: number;
  /** The tested statistic (rule 2.0.0); null when the configuration tests the level DiD alone. */
  trend: TrendOutcome | null;
}

/** One downward shift, tested and gated: everything its draft is rendered from. */
export interface AnalysedShift {
  /** What the coverage rule sees (coarsest.ts). */
  shift: TestedShift;
  primary: DidOutcome;
  /** The comparison with the level before a short segment (intersection–union), or null. */
  established: DidOutcome | null;
  /** p of the larger of the primary and established statistics as if the change were fixed in advance. */
  pPoint: number;
  /** Window lengths the data could have chosen (1 unless a short lower segment set the window). */
  windowLengths: number;
  /** The normal score of `pValue` (Φ⁻¹(1 − p)), what severity reads as clarity. */
  clarity: number;
  drop: number;
  perQuarter: number;
  material: boolean;
  periodStart: string;
  periodEnd: string;
  /** The lower segment: its last period position, last month, usable periods, and whether it runs to the data's end. */
  segmentLast: number;
  segmentEnd: string;
  segmentPeriods: number;
  segmentToDataEnd: boolean;
  breaks: KnownBreak[];
  migration: KnownBreak[];
  weight: number;
  annualMissing: number;
  /** Severity before coverage (a covered drop is `info`). */
  severity: Severity;
  /** What severityOf was given, and its band (before the engine lowers an annotated finding). */
  severityInputs: { weightedExcess: number; relativeEffect: number; z: number; band: Severity };
  targets: CrimeTarget[];
}

/** The grain's panel, its run context and every audited force's segmented series; null without a panel. */
export function analysePanel(
  audit: AuditContext,
  cfg: SuddenDropConfig,
  grain: Grain,
  audited: ReadonlySet<string>,
  grouping: PeerGrouping,
): { run: LevelShiftRun; series: AnalysedSeries[] } | null {
  const ls = cfg.levelShift;
  const perPeriod = ls.minCodeMonthlyMean * periodLength(grain);
  const panel = buildPanel(audit, grain, {
    excludeGroups: cfg.excludeGroups,
    wantCode: (_code, _group, means) => [...means].some(([f, m]) => audited.has(f) && m >= perPeriod),
  });
  if (!panel) return null;
  const specs = new Map(panel.specs.map((s) => [s.id, s]));
  const masks = new Map<string, Uint8Array | null>();
  const excluded = (spec: SeriesSpec): Uint8Array | null => {
    if (!masks.has(spec.id)) masks.set(spec.id, shockMask(panel, spec, cfg.knownBreaks));
    return masks.get(spec.id)!;
  };
  const cache = new ComparisonCache(panel, grouping.groups, ls.minCompletePeers, (id) =>
    excluded(specs.get(id)!),
  );
  const explained = (spec: SeriesSpec, force: string) => annotationMask(panel, spec, force, cfg.knownBreaks);
  const run: LevelShiftRun = { cfg, panel, cache, grouping, excluded, explained, tested: new Set() };
  const series: AnalysedSeries[] = [];
  for (const spec of panel.specs) {
    const byForce = panel.values.get(spec.id)!;
    for (const force of panel.forces) {
      if (!audited.has(force) || !byForce.has(force)) continue;
      if (spec.level === 'code' && !codeStandsAlone(panel, spec, force, perPeriod, ls.maxCodeShareOfGroup))
        continue;
      const analysed = analyseSeries(run, spec, force);
      if (analysed) series.push(analysed);
    }
  }
  return { run, series };
}

/** A code is segmented on its own when it is large and not (almost) its whole group. */
export function codeStandsAlone(
  panel: Panel,
  spec: SeriesSpec,
  force: string,
  minPerPeriod: number,
  maxShare: number,
): boolean {
  const code = panel.values.get(spec.id)!.get(force)!;
  const group = panel.values.get(`group:${spec.offence_group}`)?.get(force);
  let c = 0;
  let g = 0;
  let n = 0;
  for (let t = 0; t < code.length; t++) {
    if (Number.isNaN(code[t]!)) continue;
    c += code[t]!;
    n += 1;
    if (group && !Number.isNaN(group[t]!)) g += group[t]!;
  }
  if (n === 0 || c / n < minPerPeriod) return false;
  return !(g > 0 && c / g > maxShare);
}

/** PELT on one force's series against its peers, and every downward shift tested; null when too short. */
function analyseSeries(run: LevelShiftRun, spec: SeriesSpec, force: string): AnalysedSeries | null {
  const { panel, cfg } = run;
  const ls = cfg.levelShift;
  const c = run.cache.get(spec.id, force);
  const minSegment = minSegmentOf(run);
  if (!c || c.index.length < Math.max(ls.minPeriods, 2 * minSegment)) return null;
  run.tested.add(`${force}|${spec.id}`);
  const y = c.index.map((t) => c.y[t]!);
  const e = c.index.map((t) => c.e[t]!);
  // MBIC scaled as calibrated on clean monthly data (config.ts); β is reported in the evidence.
  const penaltyScale = panel.grain === 'month' ? ls.penaltyScaleMonths : ls.penaltyScaleQuarters;
  const pelt = peltPoisson(y, {
    exposure: e,
    dispersion: c.phi,
    minSegmentLength: minSegment,
    penalty: { value: penaltyScale * 3 * Math.log(y.length), lengthTerm: true },
  });
  const downward = pelt.segments.flatMap((s, k) => (k > 0 && s.rate < pelt.segments[k - 1]!.rate ? [k] : []));
  // The scan bound counts every position PELT could have placed a change at (trend-step.ts), for
  // windows of the length a shift is tested over (the cap, or a shorter lower segment's).
  const windows = stepWindows(run);
  const rhoCache = new Map<number, readonly number[]>();
  const rhosFor = (postCap: number): readonly number[] => {
    if (downward.length === 0 || !ls.scanBound) return [];
    const known = rhoCache.get(postCap);
    if (known) return known;
    const rhos = scanCorrelations(c, { ...windows, postCap });
    rhoCache.set(postCap, rhos);
    return rhos;
  };
  const rhos = rhosFor(windows.postCap);
  const shifts = downward.map((k) => analyseShift(run, spec, c, pelt.segments, k, rhosFor));
  return {
    spec,
    comparison: c,
    segments: pelt.segments,
    penalty: pelt.penalty,
    pearsonPhi: segmentedDispersion(y, e, pelt.segments),
    minSegment,
    shifts,
    scanCandidates: rhos.length + (downward.length > 0 ? 1 : 0),
  };
}

/** The peer DiD of `post` against `pre` for one force, calibrated across forces over the same windows. */
function didOver(
  run: LevelShiftRun,
  spec: SeriesSpec,
  c: PeerComparison,
  preWindow: readonly [number, number],
  postWindow: readonly [number, number],
  trendPre: readonly [number, number] | null,
): DidOutcome {
  const pre = windowSums(c, preWindow[0], preWindow[1]);
  const post = windowSums(c, postWindow[0], postWindow[1]);
  // A zero cell (a series that vanished) gets Haldane's ½ in every cell, as the log odds ratio does.
  const half = pre.y > 0 && post.y > 0 && pre.e > 0 && post.e > 0 ? 0 : 0.5;
  const cells = {
    focalPre: pre.y + half,
    focalPost: post.y + half,
    peerPre: pre.e + half,
    peerPost: post.e + half,
  };
  const did = peerDid(cells, c.phi);
  const cal = calibrateWindows(
    run.cache,
    run.panel.forces,
    spec.id,
    c.force,
    { pre: preWindow, post: postWindow },
    { prePeriods: pre.periods, postPeriods: post.periods, minForces: run.cfg.levelShift.minPlaceboForces },
  );
  const z = calibratedZ(did.logRateRatio, did.se ** 2, cal.centre, cal.tau2);
  const trend = trendPre ? trendOver(run, spec, c, trendPre, postWindow) : null;
  // With the broken-trend step tested, expected is the extrapolated trend and the drop its step.
  const expected = trend ? trend.step.expected : (cells.focalPre * cells.peerPost) / cells.peerPre;
  const missing = expected - post.y;
  const postMonths = post.periods * periodLength(run.panel.grain);
  const levelP = cal.available ? z.pLower : did.pLower;
  return {
    preWindow,
    postWindow,
    pre,
    post,
    half,
    did,
    cal,
    z,
    pValue: trend ? trend.pPoint : levelP,
    expected,
    missing,
    perQuarter: postMonths > 0 ? (missing * 3) / postMonths : 0,
    drop: 1 - Math.exp(trend ? trend.step.fit.step : did.logRateRatio),
    postMonths,
    trend,
  };
}

/** The shift from segment k − 1 to segment k, tested against peers (and the level before, when short). */
function analyseShift(
  run: LevelShiftRun,
  spec: SeriesSpec,
  c: PeerComparison,
  segments: readonly PoissonSegment[],
  k: number,
  rhosFor: (postCap: number) => readonly number[],
): AnalysedShift {
  const ls = run.cfg.levelShift;
  const len = periodLength(run.panel.grain);
  const cap = Math.max(1, Math.round(ls.windowCapMonths / len));
  const preCap = Math.max(1, Math.round(ls.preWindowCapMonths / len));
  const before = segments[k - 1]!;
  const after = segments[k]!;
  const change = c.index[after.start - 1]!;
  // Windows count usable periods (a gap or an excluded shock does not shorten them): the last `cap`
  // periods of a segment, or the first `cap` after the change. Positions are 1-based segment bounds.
  const tail = (s: PoissonSegment): readonly [number, number] => [
    c.index[Math.max(s.start, s.end - preCap + 1) - 1]!,
    c.index[s.end - 1]!,
  ];
  const postWindow = [change, c.index[Math.min(after.end, after.start + cap - 1) - 1]!] as const;
  // The trend's pre window is not confined to the segment before: PELT cuts a drifting series into
  // short steps, and a trend needs years. It is the `trendPreWindowMonths` usable periods before.
  const trendCap = stepWindows(run).preCap;
  const trendBefore = (end: number) => (ls.stepAgainstTrend ? preWindowBefore(c, end, trendCap) : null);
  // The windows are placed on the series as segmented; the force's explained months before the
  // change are then left out of their baseline sums and trend fits (the window keeps them).
  const base = withoutBefore(c, run.explained(spec, c.force), change);
  const primary = didOver(run, spec, base, tail(before), postWindow, trendBefore(after.start - 1));

  // A short segment before the change may be a temporary rise: a return from it is no drop. The new
  // level must then also be below the level before that segment (an intersection–union test: the
  // larger p-value and the smaller drop decide).
  // "Short" in calendar time: a segment that spans an excluded shock is not a temporary rise.
  const beforeMonths = (c.index[before.end - 1]! - c.index[before.start - 1]! + 1) * len;
  // A segment that opens right after an excluded shock is short because the mask cut it, not because
  // the level rose for a while: its start marks where the series re-entered the comparison.
  const mask = run.excluded(spec);
  const firstBefore = c.index[before.start - 1]!;
  const opensAfterShock =
    ls.shockEdgeIsNotTemporary && mask !== null && firstBefore > 0 && mask[firstBefore - 1] === 1;
  const earlier = k >= 2 && beforeMonths < ls.windowCapMonths && !opensAfterShock ? segments[k - 2]! : null;
  const established = earlier
    ? didOver(run, spec, base, tail(earlier), postWindow, trendBefore(earlier.end))
    : null;
  const { lengths, scanCap } = windowChoice(run, c, after, cap);
  const { pPoint, pValue, clarity } = selectionAwareP(primary, established, rhosFor(scanCap), lengths);
  const drop = Math.min(primary.drop, established?.drop ?? Number.POSITIVE_INFINITY);
  const perQuarter = Math.min(primary.perQuarter, established?.perQuarter ?? Number.POSITIVE_INFINITY);
  const material = drop >= ls.minRelativeDrop && perQuarter >= ls.minCrimesPerQuarter;
  const shift: TestedShift = {
    spec,
    force: c.force,
    change,
    postWindow,
    logRateRatio: primary.trend?.step.fit.step ?? primary.did.logRateRatio,
    se: primary.trend?.step.fit.se ?? primary.did.se,
    pValue,
    material,
    shortfall: primary.expected - primary.post.y,
    coveredBy: null,
    covers: [],
    explains: [],
  };
  const segmentLast = c.index[after.end - 1]!;
  return {
    shift,
    primary,
    established,
    pPoint,
    windowLengths: lengths,
    clarity,
    drop,
    perQuarter,
    material,
    ...findingPeriod(run.panel, change, postWindow),
    segmentLast,
    segmentEnd: periodEndOf(run.panel.periods[segmentLast]!, run.panel.grain),
    segmentPeriods: after.end - after.start + 1,
    segmentToDataEnd: after.end === c.index.length,
    ...shiftContext(run, spec, c.force, change, { primary, established, material, drop, clarity }),
  };
}

/**
 * The finding's period is the post window, not the whole lower segment: observed, expected, the
 * DiD and the summary cover exactly these periods, so an auditor can recompute every figure shown
 * beside the period from evidence.did.inputs. Stretching the figures over the whole segment instead
 * would leave the statistic (a ≤ 12-month window, against a ≤ 12-month pre window) unrecomputable
 * from what the finding shows. The segment's extent goes to evidence.lower_level.
 */
function findingPeriod(
  panel: Panel,
  change: number,
  postWindow: readonly [number, number],
): { periodStart: string; periodEnd: string } {
  return {
    periodStart: panel.periods[change]!,
    periodEnd: periodEndOf(panel.periods[postWindow[1]]!, panel.grain),
  };
}

/** What the shift is set beside (known breaks, targets) and the severity they and its size give. */
function shiftContext(
  run: LevelShiftRun,
  spec: SeriesSpec,
  force: string,
  change: number,
  tested: {
    primary: DidOutcome;
    established: DidOutcome | null;
    material: boolean;
    drop: number;
    clarity: number;
  },
): Pick<
  AnalysedShift,
  'breaks' | 'migration' | 'weight' | 'annualMissing' | 'severity' | 'severityInputs' | 'targets'
> {
  const { primary, established, material } = tested;
  const { cfg, panel } = run;
  const periodStart = panel.periods[change]!;
  const breaks = breaksAtChange(cfg.knownBreaks, {
    force_code: force,
    groups: spec.groups,
    changeMonth: periodStart,
    slackMonths: Math.max(3, periodLength(panel.grain)),
  });
  const migration = breaks.filter((b) => b.kind === 'it_migration');
  const weight = seriousnessWeight(spec.offence_group, spec.offence_code);
  const annualMissing =
    primary.postMonths > 0
      ? (Math.max(0, Math.min(primary.missing, established?.missing ?? Infinity)) * 12) / primary.postMonths
      : 0;
  // One rule for the statistical families (detection/seriousness.ts): harm, size and clarity together.
  const inputs = { weightedExcess: annualMissing * weight, relativeEffect: -tested.drop, z: tested.clarity };
  // A migration is cited here; the band drop is the engine's, as for every annotated break.
  const band: Severity = material ? severityOf(inputs) : 'info';
  const severity = band;
  const targets = nearTargets(
    cfg.targets,
    {
      start: periodStart,
      end: periodStart,
      codes: spec.offence_code === null ? [] : [spec.offence_code],
      groups: spec.groups,
    },
    cfg.proactiveRecording,
  );
  return { breaks, migration, weight, annualMissing, severity, severityInputs: { ...inputs, band }, targets };
}
