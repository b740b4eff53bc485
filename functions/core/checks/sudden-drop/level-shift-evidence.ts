/**
 * The level-shift evidence: what an auditor needs to recompute each figure of a finding (the DiD
 * inputs of both windows, the calibration, the segmentation), what the finding is set beside (peers,
 * known breaks, targets, excluded periods), and the coverage outcome (covered_by, covers, explains).
 * Keys are snake_case throughout; the engine-only facts (material, discriminator) are draft fields.
 */
import { peerGroupsEvidence } from '#core/detection/peers.ts';
import type { Evidence } from '#core/model/findings.ts';
import { periodEndOf, periodLength } from '#core/series/periods.ts';
import { round } from '#core/stats/rounding.ts';
import { parametersOf } from '../parameters.ts';
import { placeboRank } from './calibration.ts';
import { dropOf, type TestedShift } from './coarsest.ts';
import type { PeerComparison } from './comparison.ts';
import { breakEvidence, targetEvidence } from './context.ts';
import type { AnalysedSeries, AnalysedShift, DidOutcome, LevelShiftRun } from './level-shift-analyse.ts';
import type { ShiftCoverage } from './level-shift-coverage.ts';
import type { TrendOutcome } from './level-shift-trend.ts';

const METHOD =
  'PELT changepoints (Poisson cost, peer-sum exposure, MBIC penalty, difference-based quasi-Poisson φ̂); ' +
  'each downward change tested as a level break in the local linear trend of the force-to-peers log ratio ' +
  '(broken-trend model A, weighted least squares), calibrated across forces (robust τ²), its p bounded over ' +
  'every candidate change position (Hunter–Worsley); the plain peer DiD is shown beside it';
const REFERENCE =
  'Killick, Fearnhead & Eckley 2012 JASA 107:1590; Perron 1989 Econometrica 57:1361; Wagner et al. 2002 ' +
  'J Clin Pharm Ther 27:299; Hunter 1976 J Appl Probab 13:597; Worsley 1982 Biometrika 69:297; ' +
  'Abadie, Diamond & Hainmueller 2010 JASA 105:493; Paule & Mandel 1982 J Res NBS 87:377; METHODS.md §4 3A–3B';
const FORMULA =
  'r_t = ln((y_t + ½)/(e_t + ½)) = α + β(t − τ) + δ·1{t ≥ τ} + ε_t, Var ε_t = φ̂(1/(R e_t) + 1/e_t); ' +
  'z = (δ̂ − m)/√(SE² + τ̂²); p_point = Φ(z); p = Φ(z) + Σ_i 2 T(z, √((1 − ρ_i)/(1 + ρ_i))) over candidate ' +
  'changes; expected = Σ_post ((e_t + ½) exp(α̂ + β̂(t − τ)) − ½); drop = 1 − exp(δ̂)';

/** The evidence of a tested downward shift, its coverage outcome included. */
export function shiftEvidence(
  run: LevelShiftRun,
  series: AnalysedSeries,
  a: AnalysedShift,
  coverage: ShiftCoverage,
): Evidence {
  const { panel } = run;
  const c = series.comparison;
  const { primary, established } = a;
  const excluded = run.excluded(series.spec);
  return {
    ...commonEvidence(run, series),
    formula: FORMULA,
    baseline: baselineEvidence(run, series, primary),
    peer_group: { ...peerGroupsEvidence(c.force, run.grouping), used: [...c.peers], mode: c.peerMode },
    period_note:
      'period_start..period_end is the post window of the DiD (evidence.did.post_window): observed, expected, ' +
      'the test and the summary cover it; excluded_periods inside it are not counted',
    lower_level: {
      start: a.periodStart,
      end: a.segmentEnd,
      usable_periods: a.segmentPeriods,
      runs_to_end_of_data: a.segmentToDataEnd,
      description:
        'the segment after the change located by PELT: how long the lower level lasted (it may run beyond the finding period)',
    },
    did: didEvidence(run, c, primary),
    ...(established
      ? {
          established_level_did: didEvidence(run, c, established),
          established_level_note:
            'the segment before the change spans less than 12 months, so the new level is also compared with the level before it; p is the larger of the two p-values and the drop the smaller (intersection–union test)',
        }
      : {}),
    p_value_rule: `${established ? 'max(p_primary, p_established)' : 'p_primary'}${
      a.shift.pValue === a.pPoint ? '' : ', bounded over the candidate change positions (scan)'
    }`,
    p_point: a.pPoint,
    scan: {
      candidates: series.scanCandidates,
      window_lengths: a.windowLengths,
      p_value: a.shift.pValue,
      method:
        a.windowLengths > 1
          ? `Hunter–Worsley bound of the smallest step z over every position a change could be placed, for windows as long as the lower segment, times the ${a.windowLengths} lengths a segment shorter than the cap could have had (Bonferroni)`
          : 'Hunter–Worsley bound of the smallest step z over every position a change could be placed',
    },
    excluded_periods: excluded ? panel.periods.filter((_, t) => excluded[t]) : [],
    relative_drop: round(a.drop, 4),
    crimes_missing_per_quarter: round(a.perQuarter, 1),
    weighted_missing_per_year: round(a.annualMissing * a.weight, 1),
    seriousness_weight: a.weight,
    severity_inputs: {
      weighted_excess: round(a.severityInputs.weightedExcess, 1),
      relative_effect: round(a.severityInputs.relativeEffect, 4),
      z: round(a.severityInputs.z, 3),
      band: a.severityInputs.band,
      rule: 'detection/seriousness.ts severityOf: HIGH needs weighted ≥ 1,000, |effect| ≥ 20% and z ≥ 5; MEDIUM ≥ 200, ≥ 10%, z ≥ 3',
    },
    known_breaks: a.breaks.map(breakEvidence),
    near_targets: a.targets.map(targetEvidence),
    ...seriesExcerpt(run, c, a),
    ...coverageEvidence(run, a.shift, coverage),
  };
}

/** Which baseline the tested step was measured against, and over which months. */
function baselineEvidence(
  run: LevelShiftRun,
  series: AnalysedSeries,
  o: DidOutcome,
): { start: string; end: string; description: string } & Record<string, unknown> {
  const { panel } = run;
  const w = o.trend?.preWindow ?? o.preWindow;
  const mask = run.excluded(series.spec);
  let spansShock = false;
  // Between the window's start and the change: a window that ends where the shock began spans it too.
  for (let t = w[0]; t < o.postWindow[0]; t++) if (mask?.[t]) spansShock = true;
  const kind = o.trend ? o.trend.step.baseline : 'level';
  const explainedMask = run.explained(series.spec, series.comparison.force);
  const explained: string[] = [];
  for (let t = w[0]; t < o.postWindow[0]; t++) if (explainedMask?.[t]) explained.push(panel.periods[t]!);
  return {
    kind: kind === 'local_trend' ? 'peer_relative_local_trend' : 'peer_relative_level',
    start: panel.periods[w[0]]!,
    end: periodEndOf(panel.periods[w[1]]!, panel.grain),
    usable_periods: o.trend?.step.prePeriods ?? o.pre.periods,
    spans_excluded_shock: spansShock,
    description:
      (kind === 'local_trend'
        ? o.trend && o.trend.step.prePeriods < run.cfg.levelShift.minTrendMonths / periodLength(panel.grain)
          ? `the force's ratio to its peers over the months before the change, with the linear trend it shares with the months after (fewer than ${run.cfg.levelShift.minTrendMonths} usable months before the change to fit one alone)`
          : "the force's ratio to its peers over the months before the change, with its linear trend extrapolated"
        : `the force's ratio to its peers before the change, as a level: fewer than ${run.cfg.levelShift.minTrendMonths} usable months to fit a trend`) +
      (spansShock
        ? '; the window reaches back across the excluded national shock, which the peers absorb, so the force’s short own history since it is not the only baseline'
        : '') +
      (explained.length > 0
        ? `; ${explained.length} ${explained.length === 1 ? 'period' : 'periods'} the force's annotated break explains left out`
        : ''),
    ...(explained.length > 0 ? { explained_periods: explained } : {}),
  };
}

/** The evidence of a series in which no downward shift was located. */
export function noShiftEvidence(run: LevelShiftRun, series: AnalysedSeries): Evidence {
  return commonEvidence(run, series);
}

function commonEvidence(run: LevelShiftRun, series: AnalysedSeries): Evidence {
  return {
    method: METHOD,
    reference: REFERENCE,
    parameters: parametersOf(run.cfg.levelShift, {
      exclude_groups: run.cfg.excludeGroups,
      grain: run.panel.grain,
    }),
    peers: [...series.comparison.peers],
    changepoints: segmentationEvidence(run, series),
  };
}

/** PELT's segments on the panel's periods, with the penalty and the dispersion they were found with. */
export function segmentationEvidence(run: LevelShiftRun, series: AnalysedSeries): Record<string, unknown> {
  const { panel } = run;
  const c = series.comparison;
  return {
    segments: series.segments.map((s) => ({
      start: panel.periods[c.index[s.start - 1]!]!,
      end: panel.periods[c.index[s.end - 1]!]!,
      crimes: s.total,
      rate_vs_peers: round(s.rate, 6),
    })),
    penalty_beta: round(series.penalty, 4),
    dispersion_phi: round(c.phi, 4),
    pearson_phi_after_segmentation: round(series.pearsonPhi, 4),
    min_segment_periods: series.minSegment,
  };
}

/** One DiD's windows, inputs, statistic and calibration: enough to recompute its p-value. */
export function didEvidence(run: LevelShiftRun, c: PeerComparison, o: DidOutcome): Record<string, unknown> {
  const { panel } = run;
  const window = (w: readonly [number, number]) => ({
    start: panel.periods[w[0]]!,
    end: periodEndOf(panel.periods[w[1]]!, panel.grain),
  });
  return {
    pre_window: window(o.preWindow),
    post_window: window(o.postWindow),
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
    ...(o.trend ? { broken_trend: trendEvidence(run, o.trend) } : {}),
    relative_drop: round(o.drop, 4),
    expected: round(o.expected, 1),
    crimes_missing: round(o.missing, 1),
    crimes_missing_per_quarter: round(o.perQuarter, 1),
  };
}

/** The broken-trend step: its windows, fit and calibration (the tested statistic since rule 2.0.0). */
function trendEvidence(run: LevelShiftRun, t: TrendOutcome): Record<string, unknown> {
  const { panel } = run;
  const f = t.step.fit;
  const perYear = 12 / (panel.grain === 'month' ? 1 : 3);
  return {
    pre_window: {
      start: panel.periods[t.preWindow[0]]!,
      end: periodEndOf(panel.periods[t.preWindow[1]]!, panel.grain),
    },
    baseline: t.step.baseline,
    pre_periods: t.step.prePeriods,
    post_periods: t.step.postPeriods,
    level_before_change: round(f.alpha, 6),
    trend_per_year: round(f.beta * perYear, 6),
    step: round(f.step, 6),
    se: round(f.se, 6),
    z_uncalibrated: round(f.z, 4),
    calibration: {
      available: t.cal.available,
      tau2: round(t.cal.tau2, 8),
      centre_median_placebo: round(t.cal.centre, 6),
      z: round(t.z.z, 4),
      placebo_forces: t.cal.placebos.length,
      placebo_rank_p: placeboRank(f.step, t.cal),
    },
    p_point: t.pPoint,
    working_ratio: round(t.step.workingRatio, 8),
    observed: t.step.observed,
    expected: round(t.step.expected, 1),
  };
}

/** The force's series and its peers' sum around the change, with the expectation at the old level. */
function seriesExcerpt(
  run: LevelShiftRun,
  c: PeerComparison,
  a: AnalysedShift,
): Pick<Evidence, 'series'> & { peer_series: Array<{ period: string; value: number | null }> } {
  const { panel } = run;
  const { primary } = a;
  const rateBefore = (primary.pre.y + primary.half) / (primary.pre.e + primary.half);
  const earliest = Math.min(
    (a.established ?? primary).preWindow[0],
    (a.established ?? primary).trend?.preWindow[0] ?? Number.POSITIVE_INFINITY,
  );
  const from = Math.max(0, earliest - 2);
  const to = Math.min(panel.periods.length - 1, a.shift.postWindow[1] + 2);
  const series: NonNullable<Evidence['series']> = [];
  const peerSeries: Array<{ period: string; value: number | null }> = [];
  for (let t = from; t <= to; t++) {
    const yt = c.y[t]!;
    const et = c.e[t]!;
    series.push({
      period: panel.periods[t]!,
      value: Number.isNaN(yt) ? null : yt,
      expected: Number.isNaN(et) ? null : round(rateBefore * et, 1),
    });
    peerSeries.push({ period: panel.periods[t]!, value: Number.isNaN(et) ? null : et });
  }
  return { series, peer_series: peerSeries };
}

/** Where a shift sits, for another finding's evidence. */
function shiftRef(run: LevelShiftRun, s: TestedShift): Record<string, unknown> {
  return {
    level: s.spec.level,
    offence_group: s.spec.offence_group,
    offence_code: s.spec.offence_code,
    change: run.panel.periods[s.change]!,
    period_start: run.panel.periods[s.postWindow[0]]!,
    period_end: periodEndOf(run.panel.periods[s.postWindow[1]]!, run.panel.grain),
    relative_drop: round(dropOf(s), 4),
    log_rate_ratio: round(s.logRateRatio, 6),
    se: round(s.se, 6),
    p_value: s.pValue,
  };
}

/**
 * The coarsest-level outcome: a drop reported elsewhere names the finding that reports it (it stays
 * tested, its p in the BH family, but is not material); a finding lists every drop it reports.
 */
function coverageEvidence(run: LevelShiftRun, shift: TestedShift, c: ShiftCoverage): Record<string, unknown> {
  const rule = run.cfg.levelShift.coarsestLevel;
  const out: Record<string, unknown> = {};
  if (c.relation === 'explained') {
    // Rule 1.5.0: a coarser drop reported inside the finer one that explains it.
    out.drop_material = true;
    out.covered_by = {
      ...shiftRef(run, c.by!),
      relation: 'explained_by_finer_drop',
      rule:
        `same force and episode, the finer drop material, reported and at least as significant, and its ` +
        `shortfall at least ${rule.explainedShare} of this one's`,
    };
  } else if (c.relation === 'covered') {
    out.drop_material = true;
    out.covered_by = {
      ...shiftRef(run, c.by!),
      ...(c.reportedBy !== c.by ? { reported_with: shiftRef(run, c.reportedBy!) } : {}),
      rule:
        `same force and episode (changes at most ${rule.changeToleranceMonths} months apart, finding periods ` +
        'overlap), parent material and p_parent ≤ p_child, and the drop does not stand out ' +
        `(drop_child > ${rule.standOutDropRatio} × drop_parent with (ln RR_child − ln RR_parent)/SE_child ≤ −${rule.standOutZ})`,
    };
  }
  if (c.explains.length > 0)
    out.explains = c.explains.map((p) => ({
      ...shiftRef(run, p),
      shortfall: round(p.shortfall, 1),
      share_explained: round(shift.shortfall / p.shortfall, 4),
    }));
  if (c.includes.length > 0) {
    out.covers = c.includes.map(({ shift: d, via }) => ({
      ...shiftRef(run, d),
      ...(via ? { via: { level: via.spec.level, offence_group: via.spec.offence_group } } : {}),
    }));
    out.covers_note =
      'drops in finer series of the same episode reported in this finding (each tested, counted by ' +
      'Benjamini–Hochberg, and not reported separately)';
  }
  return out;
}
