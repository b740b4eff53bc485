/**
 * The evidence of a mix-shift finding: everything an auditor needs to recompute the statistic (the
 * force's 2×2 table, per-code counts, the calibration, the expectation), the peer comparison as
 * confirmation, and the family's series in the baseline and the window.
 */
import type { KnownBreak } from '#core/detection/known-breaks.ts';
import { type LadderStep, stepPhrase } from '#core/detection/seriousness-ladders.ts';
import type { Evidence } from '#core/model/findings.ts';
import { addMonths } from '#core/series/months.ts';
import { COMPENSATION_RULE, type CompensationVerdict } from './compensation-verdict.ts';
import { familyCodes } from './family-counts.ts';
import { familyEvidence } from './family-evidence.ts';
import type { MixShiftResult } from './mix-shift.ts';
import type { ForceFamily, MixShiftTest } from './mix-shift-analysis.ts';
import type { TestWindow } from './windows.ts';

const METHOD = {
  method:
    'Year-on-year log odds ratio of the serious against the lesser codes of a family (METHODS §2 1A), ' +
    'centred on the national median and calibrated by the robust between-force variance; peer ' +
    'difference-in-differences on the logit scale as confirmation (1B)',
  reference:
    'Woolf 1955 (variance); Haldane 1956 (½ correction); Paule & Mandel 1982 and METHODS §1 (robust τ²)',
  formula:
    'δ = ln[(s_W+½)(l_B+½)/((l_W+½)(s_B+½))]; SE² = Σ 1/(cell+½); z = (δ − δ̃)/√(SE² + τ²); p = Φ(z); ' +
    'Ê s_W = π·(s_W+l_W), π = odds/(1+odds), odds = (s_B+½)/(l_B+½)·exp(δ̃); D = Ê s_W − s_W; ' +
    'κ = (l_W − l_B·g_l)/(s_B·g_s − s_W), SE by the delta method, one-sided lower limit by Fieller (compensation.ts); z_N = (l_W − l_B·g_l)/SD',
};

export interface MixShiftEvidenceFacts {
  /** The configuration's reported parameters with the finding's seriousness weight. */
  parameters: Record<string, unknown>;
  shareChange: number;
  /** What κ says (compensation-verdict.ts). */
  verdict: CompensationVerdict;
  breaks: readonly KnownBreak[];
  nearTarget: string | null;
  /** The overlapping window (or whole-run scan) reported instead of this one, if any. */
  reportedInstead: { family: string; start: string; end: string; p: number } | null;
}

export function mixShiftEvidence(t: MixShiftTest, facts: MixShiftEvidenceFacts): Evidence {
  const { result: r, family, window, ff } = t;
  const c = r.counts;
  const rival = facts.reportedInstead;
  return {
    ...METHOD,
    parameters: facts.parameters,
    family: familyEvidence(family),
    window: {
      kind: window.kind,
      start: window.start,
      end: window.end,
      label: window.label,
      grain: ff.stream.grain,
    },
    baseline: {
      start: window.baseStart,
      end: window.baseEnd,
      description: `the same months a year earlier (${window.baseLabel}), month by month`,
    },
    paired_periods: c.periods,
    table: {
      serious: { window: c.seriousWindow, baseline: c.seriousBase },
      lesser: { window: c.lesserWindow, baseline: c.lesserBase },
    },
    codes: familyCodes(family)
      .map((code, i) => ({
        code,
        side: i < family.serious.codes.length ? 'serious' : 'lesser',
        window: c.codeWindow[i]!,
        baseline: c.codeBase[i]!,
      }))
      .filter((x) => x.window + x.baseline > 0),
    statistic: statisticEvidence(r),
    expected: {
      serious_share_expected: r.expectedShare,
      serious_share_observed: r.observedShare,
      share_change: facts.shareChange,
      serious: r.expectedSerious,
      lesser: r.expectedLesser,
      displaced: r.displaced,
    },
    compensation: {
      kappa: r.compensation.kappa,
      se: r.compensation.se,
      interval_95: r.compensation.kappa === null ? null : [r.compensation.lower, r.compensation.upper],
      lower_95_one_sided: r.compensation.lowerBound,
      rule: COMPENSATION_RULE,
      lesser_excess: r.compensation.lesserExcess,
      lesser_excess_sd: r.compensation.lesserExcessSd,
      z_lesser: r.compensation.zLesser,
      serious_shortfall: r.compensation.seriousShortfall,
      verdict: facts.verdict,
      growth_serious: r.growthSerious,
      growth_lesser: r.growthLesser,
      level_expected_serious: r.levelExpectedSerious,
      level_expected_lesser: r.levelExpectedLesser,
    },
    ...(t.pair.step === null ? {} : { ladder_step: ladderStepEvidence(t.pair.step) }),
    peers: r.peer?.peers ?? [],
    peer_comparison: peerEvidence(r),
    known_breaks: facts.breaks.map((b) => b.id),
    near_target: facts.nearTarget,
    series: excerpt(ff, window, r.expectedShare, 'serious'),
    series_lesser: excerpt(ff, window, 1 - r.expectedShare, 'lesser'),
    ...(rival === null
      ? {}
      : {
          reported_window: { family: rival.family, start: rival.start, end: rival.end, p_value: rival.p },
        }),
  };
}

export function ladderStepEvidence(step: LadderStep): Record<string, unknown> {
  return {
    id: step.id,
    ladder: step.ladder.id,
    name: step.name,
    position: step.position,
    description: stepPhrase(step),
    upper_codes: step.upper.codes,
    lower_codes: step.lower.codes,
  };
}

function statisticEvidence(r: MixShiftResult): Record<string, unknown> {
  return {
    log_odds_ratio: r.logOddsRatio,
    se2: r.variance,
    national_median: r.centre,
    tau2: r.tau2,
    tau2_window: r.tau2Window,
    tau2_pooled: r.tau2Pooled,
    calibration: r.calibration,
    forces_in_cross_section: r.forces,
    z: r.z,
    p_value: r.pLower,
  };
}

function peerEvidence({ peer }: MixShiftResult): Record<string, unknown> | null {
  if (peer === null) return null;
  return {
    table: {
      serious_window: peer.counts.seriousWindow,
      lesser_window: peer.counts.lesserWindow,
      serious_base: peer.counts.seriousBase,
      lesser_base: peer.counts.lesserBase,
    },
    log_odds_ratio: peer.logOddsRatio,
    se2: peer.variance,
    did: peer.did,
    did_variance: peer.didVariance,
    did_median: peer.centre,
    tau2: peer.tau2,
    z: peer.z,
    p_value: peer.pLower,
  };
}

/** The family side's count in each baseline and window period, with the mix expectation in the window. */
function excerpt(
  { periods, sorted }: ForceFamily,
  window: TestWindow,
  share: number,
  side: 'serious' | 'lesser',
): NonNullable<Evidence['series']> {
  const out: NonNullable<Evidence['series']> = [];
  for (const period of sorted) {
    if (period < window.baseStart || period > window.end) continue;
    const pc = periods.get(period)!;
    const inWindow = period >= window.start && periods.has(addMonths(period, -12));
    out.push({
      period,
      value: pc[side],
      expected: inWindow ? share * (pc.serious + pc.lesser) : null,
    });
  }
  return out;
}
