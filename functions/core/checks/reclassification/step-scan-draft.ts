/** A step-scan result (step-scan-analysis.ts) as a mix-shift draft: evidence, summary, gate and severity. */
import { breaksAffecting } from '#core/detection/known-breaks.ts';
import { seriousnessWeight, severityOf } from '#core/detection/seriousness.ts';
import { stepPhrase } from '#core/detection/seriousness-ladders.ts';
import type { Evidence } from '#core/model/findings.ts';
import { codeLabel } from '#core/reference/reclassification-families.ts';
import { addMonths } from '#core/series/months.ts';
import { normalQuantile } from '#core/stats/distributions.ts';
import type { CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import { percentFixed, wholeNumber } from '../wording.ts';
import {
  COMPENSATION_RULE,
  type CompensationVerdict,
  cappedSeverity,
  reportableVerdict,
  verdictNote,
} from './compensation-verdict.ts';
import { familyEvidence, familyFindingFields, familyTarget } from './family-evidence.ts';
import type { MixShiftConfig } from './mix-shift-config.ts';
import { ladderStepEvidence } from './mix-shift-evidence.ts';
import type { StepScanResult } from './step-scan-analysis.ts';
import type { ScanExpectation } from './step-scan-counts.ts';

const METHOD = {
  method:
    'Changepoint scan of the monthly log odds of the serious code within its pair, centred on the ' +
    "nation's pooled log odds: weighted least squares with a level (and optionally a linear trend) and a step at each " +
    'quarter start, calibrated by the national median and robust between-force variance of the step; ' +
    'p-value of the minimum z over changepoints simulated from the design correlations, with the ' +
    'Hunter–Worsley bound in the tail',
  reference:
    'Seber & Lee 2003 §3.10 (WLS); von Neumann 1941 (successive-difference dispersion); Paule & Mandel ' +
    '1982 and METHODS §1 (robust τ²); Hunter 1976, Worsley 1982 (union bound); Slepian 1962',
  formula:
    'x_t = logit(s_t/n_t) − logit(S_t/N_t); x_t = α + β(t − c) + δ·1[t ≥ c] + e_t, Var e_t = φ/w_t; ' +
    'z_c = (δ̂_c − δ̃_c)/√(φ v_c + τ²_c); Z = min_c z_c; p = P(min_c N(0, R) ≤ Z); ' +
    'D = Σ_{t≥c} n_t·(expit(y_t − (δ̂ − δ̃)) − s_t/n_t); κ = (l_W − l_B·g_l)/(s_B·g_s − s_W)',
};

export function scanDraft(
  r: StepScanResult,
  e: ScanExpectation,
  config: MixShiftConfig,
  parameters: Record<string, string | number>,
  verdict: CompensationVerdict,
  rival: { family: string; start: string; end: string; p: number } | null,
): CheckDraft {
  const family = r.pair.family;
  const codes = { serious: family.serious.codes[0]!, lesser: family.lesser.codes[0]! };
  const shareChange = e.expectedShare - e.observedShare;
  const material =
    e.displaced >= Math.max(config.minDisplaced, config.minDisplacedShare * e.expectedSerious) &&
    shareChange >= Math.min(config.minShareChange, config.minRelativeShareChange * e.expectedShare) &&
    reportableVerdict(verdict);
  const weight = seriousnessWeight(family.offence_group, codes.serious);
  const target = familyTarget(config.targets, family, r.change, r.end);
  const p = r.scan.p;
  const severity = cappedSeverity(
    severityOf({
      weightedExcess: Math.max(0, e.displaced) * weight,
      relativeEffect: e.expectedSerious > 0 ? -e.displaced / e.expectedSerious : 0,
      z: p > 0 && p < 1 ? -normalQuantile(p) : 0,
    }),
    verdict,
  );
  return draft({
    ...familyFindingFields(family, codes, e.displaced, target, severity),
    force_code: r.series.force,
    period_start: r.change,
    period_end: r.end,
    observed: e.counts.seriousWindow,
    expected: e.expectedSerious,
    effect_size: r.delta - r.centre,
    p_value: p,
    summary: scanSummary(r, e) + verdictNote(verdict),
    evidence: scanEvidence(
      r,
      e,
      config,
      { ...parameters, seriousness_weight: weight },
      verdict,
      rival,
      target?.id ?? null,
    ),
    material: material && rival === null,
    discriminator: `${family.id}|scan|month`,
  });
}

function scanEvidence(
  r: StepScanResult,
  e: ScanExpectation,
  config: MixShiftConfig,
  parameters: Record<string, unknown>,
  verdict: CompensationVerdict,
  rival: { family: string; start: string; end: string; p: number } | null,
  nearTarget: string | null,
): Evidence {
  const k = e.counts;
  const c = e.compensation;
  return {
    ...METHOD,
    parameters,
    family: familyEvidence(r.pair.family),
    ...(r.pair.step === null ? {} : { ladder_step: ladderStepEvidence(r.pair.step) }),
    window: { kind: 'since_change', start: r.change, end: r.end, grain: 'month', months: k.windowMonths },
    baseline: baselineEvidence(r, k.baseMonths),
    table: {
      serious: { window: k.seriousWindow, baseline: k.seriousBase },
      lesser: { window: k.lesserWindow, baseline: k.lesserBase },
    },
    statistic: {
      step: r.delta,
      se2: r.se2,
      dispersion: r.series.phi,
      national_median: r.centre,
      tau2: r.tau2,
      calibration: r.calibration,
      z_min: r.z,
      candidates: r.candidates,
      p_value: r.scan.p,
      p_method: r.scan.method,
      simulations: r.scan.sims,
      simulated_below: r.scan.below,
    },
    expected: {
      serious_share_expected: e.expectedShare,
      serious_share_observed: e.observedShare,
      serious: e.expectedSerious,
      displaced: e.displaced,
    },
    compensation: {
      kappa: c.kappa,
      se: c.se,
      interval_95: c.kappa === null ? null : [c.lower, c.upper],
      lower_95_one_sided: c.lowerBound,
      rule: COMPENSATION_RULE,
      lesser_excess: c.lesserExcess,
      lesser_excess_sd: c.lesserExcessSd,
      z_lesser: c.zLesser,
      serious_shortfall: c.seriousShortfall,
      verdict,
      growth_serious: e.growthSerious,
      growth_lesser: e.growthLesser,
    },
    known_breaks: breaksAffecting(config.breaks, {
      force_code: r.series.force,
      offence_group: r.pair.family.offence_group,
      start: r.baseStart,
      end: r.end,
    }).map((b) => b.id),
    near_target: nearTarget,
    series: r.series.months
      .filter((m) => m >= r.baseStart)
      .map((m) => ({ period: m, value: r.series.ff.periods.get(m)!.serious, expected: null })),
    ...(rival === null
      ? {}
      : { reported_window: { family: rival.family, start: rival.start, end: rival.end, p_value: rival.p } }),
  };
}

function scanSummary(r: StepScanResult, e: ScanExpectation): string {
  const family = r.pair.family;
  const serious =
    family.serious.codes.length === 1 ? codeLabel(family, family.serious.codes[0]!) : family.serious.label;
  const lesser =
    family.lesser.codes.length === 1 ? codeLabel(family, family.lesser.codes[0]!) : family.lesser.label;
  const k = e.counts;
  const step = r.pair.step === null ? '' : `, ${stepPhrase(r.pair.step)},`;
  if (e.displaced <= 0) {
    return (
      `From ${r.change} to ${r.end} ${r.series.force} recorded ${wholeNumber(k.seriousWindow)} ${serious}; ` +
      `no step towards ${lesser} was seen against the months before.`
    );
  }
  return (
    `From ${r.change} to ${r.end} ${r.series.force} recorded ${wholeNumber(e.displaced)} fewer ${serious} ` +
    `than its mix of the ${k.baseMonths} months before predicts (${percentFixed(e.observedShare)} of the pair ` +
    `against ${percentFixed(e.expectedShare)}), while ${lesser} went from ${wholeNumber(k.lesserBase)} in those ` +
    `months to ${wholeNumber(k.lesserWindow)} in the ${k.windowMonths} since; the step from ${family.serious.label} ` +
    `to ${family.lesser.label}${step} requires explanation.`
  );
}

/** The scan's baseline, with the months an annotated break explains named when any were left out. */
function baselineEvidence(
  r: StepScanResult,
  months: number,
): { start: string; end: string; description: string } & Record<string, unknown> {
  const end = addMonths(r.change, -1);
  const base = { start: r.baseStart, end, description: `the ${months} months with data before the change` };
  const left = r.series.explained.filter((m) => m >= r.baseStart && m <= end);
  if (left.length === 0) return base;
  return {
    ...base,
    description: `${base.description}, leaving out ${left.length} the force's annotated break explains`,
    explained_months: left,
  };
}
