/**
 * sudden_drop.level_shift — recorded crime falling suddenly and staying down, relative to similar
 * forces (METHODS §4, 3A + 3B).
 *
 * Per force and series (the force total excluding fraud, each offence group, and offence codes that
 * are large enough to stand alone), at the grain the returns came in (monthly or quarterly):
 *
 * 1. Locate level shifts: PELT with the Poisson cost (stats/pelt-poisson.ts), the MBIC penalty (× 0.8
 *    for monthly series since rule 1.2.0, calibrated on clean data: config.ts), and
 *    the peers' summed series as the exposure, so that a segment's rate is the force's level
 *    *relative to its peers* and seasonality and national shocks are not shifts. The cost is divided
 *    by a difference-based quasi-Poisson dispersion φ̂ (dispersion.ts) so over-dispersed counts do
 *    not over-segment, while the shifts themselves do not inflate φ̂.
 * 2. Confirm each downward shift (rate after < rate before) against peers: the DiD log rate ratio
 *    (stats/did.ts) between the segment before (pre: its last 12 months of usable periods) and the
 *    segment after (post: its first 12), SE = √(φ̂ Σ 1/Y), calibrated across forces with the placebo
 *    τ̂² of calibration.ts. The one-sided p-value of the calibrated z is the finding's p. When the
 *    segment before spans less than 12 months (a temporary rise, say), the new level must also be
 *    below the level before it: p is the larger of the two p-values (intersection–union test), so a
 *    return to normal after a spike is not a drop. A short segment that opens right after an excluded
 *    national shock is exempt (rule 1.2.0): the mask, not a rise, made it short.
 * 3. Gate: a fall of at least 10% against peers and at least 30 crimes a quarter below the peer-based
 *    expectation; below that the draft is emitted with `evidence.material = false` (tested, counted by
 *    Benjamini–Hochberg, never reported). A series with no downward shift at all gives one draft with
 *    p = 1 (also not material), so the multiple-testing family counts every series examined — a
 *    deliberate price in power for honesty about the PELT screen.
 * 4. One finding per drop episode (rule 1.4.0, coarsest.ts): a code's drop is reported inside its
 *    group's, a group's inside the force total's, when the parent's shift is the same episode (changes
 *    at most 2 months apart, finding periods overlapping), material and at least as significant
 *    (p_parent ≤ p_child: BH is monotone in p, so the parent is reported whenever the child would
 *    be), and the child's drop does not stand out (> 1.25 × the parent's and 1.96 of its SE beyond).
 *    The covered draft keeps its p (BH counts it) with material = false and `covered_by`; the
 *    parent's evidence lists what it `covers`.
 *
 * Period: period_start..period_end is the DiD's post window — the first 12 months (at most) of the
 * lower level — because observed, expected, the test statistic and the summary's months all cover
 * exactly that window (rule 1.3.0; before, period_end was the end of the lower segment, often the end
 * of the data, which the figures beside it did not cover). How long the lower level lasted is kept in
 * `evidence.lower_level` (its last period, and whether it runs to the end of the data).
 *
 * Known breaks: national counting-rule changes need nothing special (the peers live through them).
 * Periods inside a temporary national shock (COVID-19) are left out of every force's comparison, so
 * a shift across the shock is tested as the level after it against the level before it (shockMask).
 * Fraud is not analysed at all (config.ts `excludeGroups`).
 *
 * Severity: crimes missing a year × the seriousness weight (detection/seriousness.ts); one band lower
 * when the change coincides with the force's records-system migration (detection/known-breaks.ts),
 * which the evidence then cites. `near_target` when the drop begins inside a target's assessment
 * window (widened by its window_months) for offences the target covers: a drop that began years
 * before and merely persists into the window does not line up with the target.
 */
import type { KnownBreak } from '../../detection/known-breaks.ts';
import { type PeerGrouping, peerGroupsEvidence } from '../../detection/peers.ts';
import { seriousnessWeight, severityFromWeightedExcess } from '../../detection/seriousness.ts';
import { targetsNear } from '../../detection/targets.ts';
import type { Evidence, FindingDraft, Severity } from '../../model/findings.ts';
import { periodEndOf, periodLabel, periodLength, spanLabel } from '../../series/periods.ts';
import { type DidResult, peerDid } from '../../stats/did.ts';
import { type CalibratedZ, calibratedZ } from '../../stats/log-odds-ratio.ts';
import { type PoissonSegment, peltPoisson } from '../../stats/pelt-poisson.ts';
import { round } from '../../stats/rounding.ts';
import { type AuditContext, auditContext } from '../audit-context.ts';
import type { AuditInput, Check } from '../check.ts';
import { fmt, forceName, percent, targetClause } from '../wording.ts';
import { calibrateWindows, placeboRank, type WindowCalibration } from './calibration.ts';
import { applyCoarsestLevel, coveredDescendants, dropOf, reportedBy, type TestedShift } from './coarsest.ts';
import { ComparisonCache, type PeerComparison, type WindowSums, windowSums } from './comparison.ts';
import { DEFAULT_SUDDEN_DROP_CONFIG, type SuddenDropConfig } from './config.ts';
import { breakEvidence, breaksAtChange, lowerSeverity, targetEvidence } from './context.ts';
import { segmentedDispersion } from './dispersion.ts';
import { buildPanel, grainsOf, type Panel, type SeriesSpec } from './panel.ts';
import { seriesLabel } from './wording.ts';

export const LEVEL_SHIFT_CHECK_ID = 'sudden_drop.level_shift';
export const LEVEL_SHIFT_RULE_VERSION = '1.5.0';

const METHOD =
  'PELT changepoints (Poisson cost, peer-sum exposure, MBIC penalty, difference-based quasi-Poisson φ̂) ' +
  'confirmed by a peer difference-in-differences log rate ratio calibrated across forces (robust τ²)';
const REFERENCE =
  'Killick, Fearnhead & Eckley 2012 JASA 107:1590; Zhang & Siegmund 2007 Biometrics 63:22; ' +
  'Abadie, Diamond & Hainmueller 2010 JASA 105:493; Paule & Mandel 1982 J Res NBS 87:377; METHODS.md §4 3A–3B';
const FORMULA =
  'ln RR = ln(Y_f,post/Y_f,pre) − ln(Y_P,post/Y_P,pre); SE = √(φ̂ Σ 1/Y); ' +
  'z = (ln RR − m)/√(SE² + τ̂²); p = Φ(z); expected = Y_f,pre × Y_P,post/Y_P,pre';

interface Ctx {
  cfg: SuddenDropConfig;
  panel: Panel;
  cache: ComparisonCache;
  grouping: PeerGrouping;
  /** Period positions left out of a series' comparisons (temporary national shocks), or null. */
  excluded: (spec: SeriesSpec) => Uint8Array | null;
  /** `force|spec id` of every series long enough to be segmented (tested, with or without a shift). */
  tested: Set<string>;
}

/** A tested shift with its draft and what its summary is made from (rewritten once coverage is known). */
interface ShiftDraft {
  shift: TestedShift;
  draft: FindingDraft;
  summary: SummaryFacts;
}

export function createLevelShiftCheck(config: SuddenDropConfig = DEFAULT_SUDDEN_DROP_CONFIG): Check {
  return {
    id: LEVEL_SHIFT_CHECK_ID,
    signature: 'sudden_drop',
    ruleVersion: LEVEL_SHIFT_RULE_VERSION,
    description:
      'A sudden, sustained fall in recorded crime against similar forces (changepoint + calibrated peer comparison).',
    run(input: AuditInput, audit: AuditContext): FindingDraft[] {
      return levelShiftDrafts(input, config, audit);
    },
  };
}

export const levelShiftCheck: Check = createLevelShiftCheck();

export function levelShiftDrafts(
  input: AuditInput,
  cfg: SuddenDropConfig,
  audit: AuditContext = auditContext(input),
): FindingDraft[] {
  const audited = new Set(input.forces);
  const ls = cfg.levelShift;
  const grouping = audit.peers({ size: ls.peerGroupSize });
  const groups = grouping.groups;
  const out: FindingDraft[] = [];
  for (const grain of grainsOf(audit)) {
    const perPeriod = ls.minCodeMonthlyMean * periodLength(grain);
    const panel = buildPanel(audit, grain, {
      excludeGroups: cfg.excludeGroups,
      wantCode: (_code, _group, means) => [...means].some(([f, m]) => audited.has(f) && m >= perPeriod),
    });
    if (!panel) continue;
    const specs = new Map(panel.specs.map((s) => [s.id, s]));
    const masks = new Map<string, Uint8Array | null>();
    const excluded = (spec: SeriesSpec): Uint8Array | null => {
      if (!masks.has(spec.id)) masks.set(spec.id, shockMask(panel, spec, cfg.knownBreaks));
      return masks.get(spec.id)!;
    };
    const cache = new ComparisonCache(panel, groups, ls.minCompletePeers, (id) => excluded(specs.get(id)!));
    const ctx: Ctx = { cfg, panel, cache, grouping, excluded, tested: new Set() };
    const shifts: ShiftDraft[] = [];
    for (const spec of panel.specs) {
      const byForce = panel.values.get(spec.id)!;
      for (const force of panel.forces) {
        if (!audited.has(force) || !byForce.has(force)) continue;
        if (spec.level === 'code' && !codeStandsAlone(panel, spec, force, perPeriod, ls.maxCodeShareOfGroup))
          continue;
        const result = analyseSeries(ctx, spec, force);
        shifts.push(...result.shifts);
        out.push(...result.drafts);
      }
    }
    // One finding per drop episode at the coarsest level that explains it (rule 1.4.0, coarsest.ts).
    applyCoarsestLevel(
      shifts.map((s) => s.shift),
      ls.coarsestLevel,
      periodLength(grain),
      (id, force) => ctx.tested.has(`${force}|${id}`),
    );
    for (const s of shifts) recordCoverage(ctx, s);
  }
  return out;
}

/**
 * Periods inside a temporary national shock that touches the series (COVID-19 restrictions). Peers
 * absorb the average shock, but while it lasts forces diverge several times more than usual and
 * recover within months; a shift located inside it cannot be told from the shock. Those periods
 * are left out (for every force alike), so a change across the shock is still tested — as the level
 * after it against the level before it.
 */
function shockMask(panel: Panel, spec: SeriesSpec, breaks: readonly KnownBreak[]): Uint8Array | null {
  const shocks = breaks.filter(
    (b) =>
      b.kind === 'national_shock' &&
      b.force_code === null &&
      b.end !== null &&
      (b.offence_groups === null || spec.groups.some((g) => b.offence_groups!.includes(g))),
  );
  if (shocks.length === 0) return null;
  const mask = new Uint8Array(panel.periods.length);
  let any = false;
  panel.periods.forEach((p, t) => {
    const end = periodEndOf(p, panel.grain);
    if (shocks.some((b) => p <= b.end! && b.start <= end)) {
      mask[t] = 1;
      any = true;
    }
  });
  return any ? mask : null;
}

/** A code is segmented on its own when it is large and not (almost) its whole group. */
function codeStandsAlone(
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

function analyseSeries(
  ctx: Ctx,
  spec: SeriesSpec,
  force: string,
): { drafts: FindingDraft[]; shifts: ShiftDraft[] } {
  const { panel, cfg } = ctx;
  const ls = cfg.levelShift;
  const c = ctx.cache.get(spec.id, force);
  const minSeg = panel.grain === 'month' ? ls.minSegmentMonths : ls.minSegmentQuarters;
  if (!c || c.index.length < Math.max(ls.minPeriods, 2 * minSeg)) return { drafts: [], shifts: [] };
  ctx.tested.add(`${force}|${spec.id}`);
  const y = c.index.map((t) => c.y[t]!);
  const e = c.index.map((t) => c.e[t]!);
  // MBIC scaled as calibrated on clean monthly data (config.ts); β is reported in the evidence.
  const penaltyScale = panel.grain === 'month' ? ls.penaltyScaleMonths : ls.penaltyScaleQuarters;
  const pelt = peltPoisson(y, {
    exposure: e,
    dispersion: c.phi,
    minSegmentLength: minSeg,
    penalty: { value: penaltyScale * 3 * Math.log(y.length), lengthTerm: true },
  });
  const segmentation = {
    segments: pelt.segments.map((s) => ({
      start: panel.periods[c.index[s.start - 1]!]!,
      end: panel.periods[c.index[s.end - 1]!]!,
      crimes: s.total,
      rate_vs_peers: round(s.rate, 6),
    })),
    penalty_beta: round(pelt.penalty, 4),
    dispersion_phi: round(c.phi, 4),
    pearson_phi_after_segmentation: round(segmentedDispersion(y, e, pelt.segments), 4),
    min_segment_periods: minSeg,
  };
  const shifts: ShiftDraft[] = [];
  for (let k = 1; k < pelt.segments.length; k++) {
    const before = pelt.segments[k - 1]!;
    const after = pelt.segments[k]!;
    if (!(after.rate < before.rate)) continue;
    shifts.push(testShift(ctx, spec, c, pelt.segments, k, segmentation));
  }
  const drafts = shifts.map((s) => s.draft);
  if (drafts.length === 0 && ls.emitNoShiftDrafts) drafts.push(noShiftDraft(ctx, spec, c, segmentation));
  return { drafts, shifts };
}

interface DidOutcome {
  preWindow: readonly [number, number];
  postWindow: readonly [number, number];
  pre: WindowSums;
  post: WindowSums;
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
}

/** The peer DiD of `post` against `pre` for one force, calibrated across forces over the same windows. */
function didOver(
  ctx: Ctx,
  spec: SeriesSpec,
  c: PeerComparison,
  preWindow: readonly [number, number],
  postWindow: readonly [number, number],
): DidOutcome {
  const ls = ctx.cfg.levelShift;
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
    ctx.cache,
    ctx.panel.forces,
    spec.id,
    c.force,
    { pre: preWindow, post: postWindow },
    {
      prePeriods: pre.periods,
      postPeriods: post.periods,
      minForces: ls.minPlaceboForces,
    },
  );
  const z = calibratedZ(did.logRateRatio, did.se ** 2, cal.centre, cal.tau2);
  const expected = (cells.focalPre * cells.peerPost) / cells.peerPre;
  const missing = expected - post.y;
  const postMonths = post.periods * periodLength(ctx.panel.grain);
  return {
    preWindow,
    postWindow,
    pre,
    post,
    half,
    did,
    cal,
    z,
    pValue: cal.available ? z.pLower : did.pLower,
    expected,
    missing,
    perQuarter: postMonths > 0 ? (missing * 3) / postMonths : 0,
    drop: 1 - Math.exp(did.logRateRatio),
    postMonths,
  };
}

function didEvidence(ctx: Ctx, c: PeerComparison, o: DidOutcome): Record<string, unknown> {
  const { panel } = ctx;
  return {
    pre_window: {
      start: panel.periods[o.preWindow[0]]!,
      end: periodEndOf(panel.periods[o.preWindow[1]]!, panel.grain),
    },
    post_window: {
      start: panel.periods[o.postWindow[0]]!,
      end: periodEndOf(panel.periods[o.postWindow[1]]!, panel.grain),
    },
    inputs: {
      focal_pre: o.pre.y,
      focal_post: o.post.y,
      peer_pre: o.pre.e,
      peer_post: o.post.e,
      continuity_correction: o.half,
      pre_periods: o.pre.periods,
      post_periods: o.post.periods,
      dispersion_phi: round(c.phi, 6),
    },
    log_rate_ratio: round(o.did.logRateRatio, 6),
    se: round(o.did.se, 6),
    z_uncalibrated: round(o.did.z, 4),
    p_uncalibrated: o.did.pLower,
    calibration: {
      available: o.cal.available,
      tau2: round(o.cal.tau2, 8),
      centre_median_placebo: round(o.cal.centre, 6),
      z: round(o.z.z, 4),
      p_one_sided: o.pValue,
      placebo_rank_p: placeboRank(o.did.logRateRatio, o.cal),
      placebos: o.cal.placebos.map((p) => ({
        force: p.force,
        log_rate_ratio: round(p.log_rate_ratio, 5),
        se: round(p.se, 5),
      })),
      ...(o.cal.available
        ? {}
        : { note: 'too few comparison forces for τ²: the uncalibrated p-value is used' }),
    },
    relative_drop: round(o.drop, 4),
    expected: round(o.expected, 1),
    crimes_missing: round(o.missing, 1),
    crimes_missing_per_quarter: round(o.perQuarter, 1),
  };
}

function testShift(
  ctx: Ctx,
  spec: SeriesSpec,
  c: PeerComparison,
  segments: readonly PoissonSegment[],
  k: number,
  segmentation: Record<string, unknown>,
): ShiftDraft {
  const { panel, cfg } = ctx;
  const ls = cfg.levelShift;
  const len = periodLength(panel.grain);
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
  const primary = didOver(ctx, spec, c, tail(before), postWindow);

  // A short segment before the change may be a temporary rise: a return from it is no drop. The new
  // level must then also be below the level before that segment (an intersection–union test: the
  // larger p-value and the smaller drop decide).
  // "Short" in calendar time: a segment that spans an excluded shock is not a temporary rise.
  const beforeMonths = (c.index[before.end - 1]! - c.index[before.start - 1]! + 1) * len;
  // A segment that opens right after an excluded shock is short because the mask cut it, not because
  // the level rose for a while: its start marks where the series re-entered the comparison.
  const mask = ctx.excluded(spec);
  const firstBefore = c.index[before.start - 1]!;
  const opensAfterShock =
    ls.shockEdgeIsNotTemporary && mask !== null && firstBefore > 0 && mask[firstBefore - 1] === 1;
  const earlier = k >= 2 && beforeMonths < ls.windowCapMonths && !opensAfterShock ? segments[k - 2]! : null;
  const established = earlier ? didOver(ctx, spec, c, tail(earlier), postWindow) : null;
  const pValue = Math.max(primary.pValue, established?.pValue ?? 0);
  const drop = Math.min(primary.drop, established?.drop ?? Number.POSITIVE_INFINITY);
  const perQuarter = Math.min(primary.perQuarter, established?.perQuarter ?? Number.POSITIVE_INFINITY);
  const material = drop >= ls.minRelativeDrop && perQuarter >= ls.minCrimesPerQuarter;

  const observed = primary.post.y;
  const periodStart = panel.periods[change]!;
  // The finding's period is the post window, not the whole lower segment: observed, expected, the
  // DiD and the summary cover exactly these periods, so an auditor can recompute every figure shown
  // beside the period from evidence.did.inputs. Stretching the figures over the whole segment instead
  // would leave the statistic (a ≤ 12-month window, against a ≤ 12-month pre window) unrecomputable
  // from what the finding shows. The segment's extent goes to evidence.lower_level.
  const periodEnd = periodEndOf(panel.periods[postWindow[1]]!, panel.grain);
  const segmentLast = c.index[after.end - 1]!;
  const segmentEnd = periodEndOf(panel.periods[segmentLast]!, panel.grain);
  const segmentToDataEnd = after.end === c.index.length;
  const breaks = breaksAtChange(cfg.knownBreaks, {
    force_code: c.force,
    groups: spec.groups,
    changeMonth: periodStart,
    slackMonths: Math.max(3, len),
  });
  const migration = breaks.filter((b) => b.kind === 'it_migration');
  const weight = seriousnessWeight(spec.offence_group, spec.offence_code);
  const annualMissing =
    primary.postMonths > 0
      ? (Math.max(0, Math.min(primary.missing, established?.missing ?? Infinity)) * 12) / primary.postMonths
      : 0;
  let severity: Severity = material ? severityFromWeightedExcess(annualMissing * weight) : 'info';
  if (material && migration.length > 0) severity = lowerSeverity(severity);
  const targets = targetsNear(cfg.targets, {
    start: periodStart,
    end: periodStart,
    codes: spec.offence_code === null ? [] : [spec.offence_code],
    groups: spec.groups,
  });

  const rateBefore = (primary.pre.y + primary.half) / (primary.pre.e + primary.half);
  const excerptFrom = Math.max(0, (established ?? primary).preWindow[0] - 2);
  const excerptTo = Math.min(panel.periods.length - 1, postWindow[1] + 2);
  const series: NonNullable<Evidence['series']> = [];
  const peerSum: Array<{ period: string; value: number | null }> = [];
  for (let t = excerptFrom; t <= excerptTo; t++) {
    const yt = c.y[t]!;
    const et = c.e[t]!;
    series.push({
      period: panel.periods[t]!,
      value: Number.isNaN(yt) ? null : yt,
      expected: Number.isNaN(et) ? null : round(rateBefore * et, 1),
    });
    peerSum.push({ period: panel.periods[t]!, value: Number.isNaN(et) ? null : et });
  }
  const excluded = ctx.excluded(spec);
  const excludedPeriods = excluded ? panel.periods.filter((_, t) => excluded[t]) : [];

  const evidence: Evidence = {
    method: METHOD,
    reference: REFERENCE,
    formula: FORMULA,
    parameters: { ...ls, exclude_groups: cfg.excludeGroups, grain: panel.grain },
    baseline: {
      start: panel.periods[primary.preWindow[0]]!,
      end: periodEndOf(panel.periods[primary.preWindow[1]]!, panel.grain),
      description: 'pre window: the segment before the change, at most 12 months',
    },
    peers: [...c.peers],
    peer_group: { ...peerGroupsEvidence(c.force, ctx.grouping), used: [...c.peers], mode: c.peerMode },
    period_note:
      'period_start..period_end is the post window of the DiD (evidence.did.post_window): observed, expected, ' +
      'the test and the summary cover it; excluded_periods inside it are not counted',
    lower_level: {
      start: periodStart,
      end: segmentEnd,
      usable_periods: after.end - after.start + 1,
      runs_to_end_of_data: segmentToDataEnd,
      description:
        'the segment after the change located by PELT: how long the lower level lasted (it may run beyond the finding period)',
    },
    did: didEvidence(ctx, c, primary),
    ...(established
      ? {
          established_level_did: didEvidence(ctx, c, established),
          established_level_note:
            'the segment before the change spans less than 12 months, so the new level is also compared with the level before it; p is the larger of the two p-values and the drop the smaller (intersection–union test)',
        }
      : {}),
    p_value_rule: established ? 'max(p_primary, p_established)' : 'p_primary',
    changepoints: segmentation,
    excluded_periods: excludedPeriods,
    relative_drop: round(drop, 4),
    crimes_missing_per_quarter: round(perQuarter, 1),
    weighted_missing_per_year: round(annualMissing * weight, 1),
    seriousness_weight: weight,
    material,
    known_breaks: breaks.map(breakEvidence),
    ...(migration.length > 0
      ? { severity_note: 'severity lowered one band: the change coincides with a records-system migration' }
      : {}),
    near_targets: targets.map(targetEvidence),
    series,
    peer_series: peerSum,
  };

  const facts: SummaryFacts = {
    drop: primary.drop,
    observed,
    expected: primary.expected,
    periodStart,
    postLast: panel.periods[postWindow[1]]!,
    leftOut: postWindow[1] - change + 1 - primary.post.periods,
    segmentLast: segmentLast > postWindow[1] ? panel.periods[segmentLast]! : null,
    segmentToDataEnd,
    migration: migration.map((b) => b.id),
    targets,
    material,
  };
  const draft: FindingDraft = {
    check_id: LEVEL_SHIFT_CHECK_ID,
    rule_version: LEVEL_SHIFT_RULE_VERSION,
    signature: 'sudden_drop',
    severity,
    force_code: c.force,
    period_start: periodStart,
    period_end: periodEnd,
    offence_group: spec.offence_group,
    offence_subgroup: spec.offence_subgroup,
    offence_code: spec.offence_code,
    related_offence_code: null,
    observed,
    expected: round(primary.expected, 1),
    unit: 'crimes',
    effect_size: round(primary.did.logRateRatio, 6),
    p_value: clampP(pValue),
    near_target: targets.length > 0,
    summary: summaryOf(ctx, spec, c.force, facts),
    evidence,
  };
  const shift: TestedShift = {
    spec,
    force: c.force,
    change,
    postWindow,
    logRateRatio: primary.did.logRateRatio,
    se: primary.did.se,
    pValue: draft.p_value!,
    material,
    shortfall: primary.expected - observed,
    coveredBy: null,
    covers: [],
    explains: [],
  };
  return { shift, draft, summary: facts };
}

/** Where a shift sits, for another finding's evidence. */
function shiftRef(ctx: Ctx, s: TestedShift): Record<string, unknown> {
  return {
    level: s.spec.level,
    offence_group: s.spec.offence_group,
    offence_code: s.spec.offence_code,
    change: ctx.panel.periods[s.change]!,
    period_start: ctx.panel.periods[s.postWindow[0]]!,
    period_end: periodEndOf(ctx.panel.periods[s.postWindow[1]]!, ctx.panel.grain),
    relative_drop: round(dropOf(s), 4),
    log_rate_ratio: round(s.logRateRatio, 6),
    se: round(s.se, 6),
    p_value: s.pValue,
  };
}

/**
 * Writes the coarsest-level outcome into a shift's draft: a covered shift is tested (its p stays in
 * the BH family) but not material, and names the finding that reports it; a parent lists every drop
 * it reports (its direct children and theirs).
 */
function recordCoverage(ctx: Ctx, s: ShiftDraft): void {
  const { shift, draft } = s;
  const rule = ctx.cfg.levelShift.coarsestLevel;
  if (shift.coveredBy?.explains.includes(shift)) {
    // Rule 1.5.0: a coarser drop reported inside the finer one that explains it.
    const child = shift.coveredBy;
    draft.severity = 'info';
    draft.evidence.material = false;
    draft.evidence.drop_material = true;
    draft.evidence.covered_by = {
      ...shiftRef(ctx, child),
      relation: 'explained_by_finer_drop',
      rule:
        `same force and episode, the finer drop material, reported and at least as significant, and its ` +
        `shortfall at least ${rule.explainedShare} of this one's`,
    };
    draft.summary = summaryOf(ctx, shift.spec, shift.force, { ...s.summary, explainedBy: child });
  } else if (shift.coveredBy !== null) {
    const parent = shift.coveredBy;
    const top = reportedBy(shift);
    draft.severity = 'info';
    draft.evidence.material = false;
    draft.evidence.drop_material = true;
    draft.evidence.covered_by = {
      ...shiftRef(ctx, parent),
      ...(top !== parent ? { reported_with: shiftRef(ctx, top) } : {}),
      rule:
        `same force and episode (changes at most ${rule.changeToleranceMonths} months apart, finding periods ` +
        'overlap), parent material and p_parent ≤ p_child, and the drop does not stand out ' +
        `(drop_child > ${rule.standOutDropRatio} × drop_parent with (ln RR_child − ln RR_parent)/SE_child ≤ −${rule.standOutZ})`,
    };
    draft.summary = summaryOf(ctx, shift.spec, shift.force, { ...s.summary, coveredBy: top });
  }
  if (shift.explains.length > 0) {
    draft.evidence.explains = shift.explains.map((p) => ({
      ...shiftRef(ctx, p),
      shortfall: round(p.shortfall, 1),
      share_explained: round(shift.shortfall / p.shortfall, 4),
    }));
    draft.summary = summaryOf(ctx, shift.spec, shift.force, { ...s.summary, explains: shift.explains });
  }
  if (shift.covers.length > 0) {
    const listed = coveredDescendants(shift);
    draft.evidence.covers = listed.map(({ shift: d, via }) => ({
      ...shiftRef(ctx, d),
      ...(via ? { via: { level: via.spec.level, offence_group: via.spec.offence_group } } : {}),
    }));
    draft.evidence.covers_note =
      'drops in finer series of the same episode reported in this finding (each tested, counted by ' +
      'Benjamini–Hochberg, and not reported separately)';
    draft.summary = summaryOf(ctx, shift.spec, shift.force, {
      ...s.summary,
      coveredBy: shift.coveredBy === null ? null : reportedBy(shift),
      includes: listed.map((d) => d.shift),
      explains: shift.explains,
    });
  }
}

interface SummaryFacts {
  drop: number;
  observed: number;
  expected: number;
  periodStart: string;
  postLast: string;
  /** Periods of the window not counted (inside an excluded national shock, or missing). */
  leftOut: number;
  /** The lower segment's last period when it outlasts the post window, else null. */
  segmentLast: string | null;
  segmentToDataEnd: boolean;
  migration: string[];
  targets: ReturnType<typeof targetsNear>;
  material: boolean;
  /** The shift whose finding reports this drop (coarsest level), if not this one. */
  coveredBy?: TestedShift | null;
  /** Finer shifts of the same episode this finding reports. */
  includes?: readonly TestedShift[];
  /** Coarser shifts this finding reports because it explains them (rule 1.5.0). */
  explains?: readonly TestedShift[];
  /** The finer shift whose finding reports this (coarser) drop (rule 1.5.0). */
  explainedBy?: TestedShift | null;
}

function summaryOf(ctx: Ctx, spec: SeriesSpec, force: string, s: SummaryFacts): string {
  const what = seriesLabel(spec, ctx.cfg.excludeGroups);
  // The months the figures cover: the whole period, less any the comparison left out.
  const unit = ctx.panel.grain === 'quarter' ? 'quarter' : 'month';
  const span =
    spanLabel(s.periodStart, s.postLast, ctx.panel.grain) +
    (s.leftOut > 0
      ? ` without the ${s.leftOut} ${unit}${s.leftOut === 1 ? '' : 's'} left out as a national shock or missing`
      : '');
  const head =
    `${capitalise(what)} in ${forceName(force)} fell ${percent(s.drop)} relative to its peer forces from ` +
    `${spanLabel(s.periodStart, s.periodStart, ctx.panel.grain)} (${fmt(s.observed)} recorded against ` +
    `${fmt(Math.round(s.expected))} expected from the peers' trend, ${span})`;
  // How long the lower level lasted beyond the compared window (the period covers only the window).
  const lasted =
    s.segmentLast === null
      ? ''
      : s.segmentToDataEnd
        ? `, and the lower level continues to the end of the data (${periodLabel(s.segmentLast, ctx.panel.grain)})`
        : `, and the lower level lasted until ${periodLabel(s.segmentLast, ctx.panel.grain)}`;
  const cover = s.coveredBy ?? null;
  const finer = s.explainedBy ?? null;
  const tail = finer
    ? `${lasted}; most of it (${fmt(Math.round(finer.shortfall))} of ${fmt(Math.round(s.expected - s.observed))} crimes) is the fall ` +
      `in ${seriesLabel(finer.spec, ctx.cfg.excludeGroups)} from ` +
      `${spanLabel(ctx.panel.periods[finer.change]!, ctx.panel.periods[finer.change]!, ctx.panel.grain)}, ` +
      'which is reported as one finding, and it is not reported separately.'
    : cover
      ? `${lasted}; it is part of the fall in ${seriesLabel(cover.spec, ctx.cfg.excludeGroups)} from ` +
        `${spanLabel(ctx.panel.periods[cover.change]!, ctx.panel.periods[cover.change]!, ctx.panel.grain)}, ` +
        'which is reported as one finding, and is not reported separately.'
      : s.material
        ? `${lasted}; this sudden drop requires explanation.`
        : `${lasted}; this is below the material threshold and is not reported.`;
  const it =
    s.migration.length > 0
      ? ` It coincides with a known records-system change (${s.migration.join(', ')}), which may explain it; please confirm.`
      : '';
  const parts = (s.includes ?? []).map(
    (d) => `${seriesLabel(d.spec, ctx.cfg.excludeGroups)}, down ${percent(dropOf(d))}`,
  );
  const includes =
    parts.length > 0
      ? ` The fall includes ${parts.length > 1 ? `${parts.slice(0, -1).join('; ')}; and ${parts.at(-1)}` : parts[0]}` +
        ' over the same months; each was tested and is listed in the evidence (covers).'
      : '';
  const explained = (s.explains ?? []).map(
    (p) =>
      ` Over the same months ${seriesLabel(p.spec, ctx.cfg.excludeGroups)} fell ${percent(dropOf(p))} ` +
      `(${fmt(Math.round(p.shortfall))} crimes short), mostly through this fall; it was tested and is listed in the evidence (explains).`,
  );
  return `${head}${tail}${it}${includes}${explained.join('')}${targetClause(s.targets)}`;
}

function noShiftDraft(
  ctx: Ctx,
  spec: SeriesSpec,
  c: PeerComparison,
  segmentation: Record<string, unknown>,
): FindingDraft {
  const { panel } = ctx;
  const first = panel.periods[c.index[0]!]!;
  const last = panel.periods[c.index[c.index.length - 1]!]!;
  return {
    check_id: LEVEL_SHIFT_CHECK_ID,
    rule_version: LEVEL_SHIFT_RULE_VERSION,
    signature: 'sudden_drop',
    severity: 'info',
    force_code: c.force,
    period_start: first,
    period_end: periodEndOf(last, panel.grain),
    offence_group: spec.offence_group,
    offence_subgroup: spec.offence_subgroup,
    offence_code: spec.offence_code,
    related_offence_code: null,
    observed: null,
    expected: null,
    unit: 'crimes',
    effect_size: null,
    p_value: 1,
    near_target: false,
    summary: `No downward level shift against peer forces was located in ${seriesLabel(
      spec,
      ctx.cfg.excludeGroups,
    )} for ${forceName(c.force)}; nothing to explain.`,
    evidence: {
      method: METHOD,
      reference: REFERENCE,
      parameters: { ...ctx.cfg.levelShift, exclude_groups: ctx.cfg.excludeGroups, grain: panel.grain },
      peers: [...c.peers],
      changepoints: segmentation,
      material: false,
      discriminator: 'no_downward_shift',
    },
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Probabilities that underflow to 0 stay valid; rounding noise above 1 is trimmed. */
function clampP(p: number): number {
  return Math.min(1, Math.max(0, p));
}
