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
 *    τ̂² of calibration.ts — kept in evidence.did as the level comparison. What is tested (rule 2.0.0,
 *    trend-step.ts) is the step at the change in a linear trend of the force-to-peers log ratio over
 *    the 36 months before and the post window (Perron 1989 model A), calibrated the same way, so a
 *    force drifting from its peers is not a drop; the finding's p bounds that step's one-sided p over
 *    every change position PELT could have picked (Hunter–Worsley, stats/scan-bound.ts). When the
 *    segment before spans less than 12 months (a temporary rise, say), the new level must also be
 *    below the level before it: p is the larger of the two p-values (intersection–union test), so a
 *    return to normal after a spike is not a drop. A short segment that opens right after an excluded
 *    national shock is exempt (rule 1.2.0): the mask, not a rise, made it short.
 * 3. Gate: a fall of at least 10% against peers and at least 30 crimes a quarter below the peer-based
 *    expectation; below that the draft is emitted with `material = false` (tested, counted by
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
 * a shift across the shock is tested as the level after it against the level before it (baseline-mask.ts).
 * Fraud is not analysed at all (config.ts `excludeGroups`).
 *
 * Severity: severityOf (detection/seriousness.ts): crimes missing a year × the seriousness weight,
 * the relative drop against the trend and the clarity Φ⁻¹(1 − p) of the scan-bounded p. A change at
 * the force's records-system migration (detection/known-breaks.ts) is named in the summary; like
 * every finding overlapping an annotation, it is one band lower (engine/apply-annotations.ts). `near_target` when the drop begins inside a target's assessment
 * window (widened by its window_months) for offences the target covers: a drop that began years
 * before and merely persists into the window does not line up with the target.
 *
 * The work is split by job: level-shift-analyse.ts (segmentation, DiD, gate, severity before
 * coverage), level-shift-coverage.ts (the coarsest-level outcome, decided for a whole panel before
 * any draft is rendered), level-shift-evidence.ts and level-shift-summary.ts (each written once
 * from the analysis and the outcome); this file wires them into the check.
 */
import { periodEndOf } from '#core/series/periods.ts';
import { round } from '#core/stats/rounding.ts';
import { withRunBreaks } from '../annotated-breaks.ts';
import { type AuditContext, auditContext } from '../audit-context.ts';
import type { AuditInput, Check, CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import { DEFAULT_SUDDEN_DROP_CONFIG, type SuddenDropConfig } from './config.ts';
import {
  type AnalysedSeries,
  type AnalysedShift,
  analysePanel,
  type LevelShiftRun,
} from './level-shift-analyse.ts';
import { decideCoverage, type ShiftCoverage } from './level-shift-coverage.ts';
import { noShiftEvidence, shiftEvidence } from './level-shift-evidence.ts';
import { noShiftSummary, shiftSummary, summaryFacts } from './level-shift-summary.ts';
import { grainsOf } from './panel.ts';

export const LEVEL_SHIFT_CHECK_ID = 'sudden_drop.level_shift';
export const LEVEL_SHIFT_RULE_VERSION = '2.2.0';

export function createLevelShiftCheck(config: SuddenDropConfig = DEFAULT_SUDDEN_DROP_CONFIG): Check {
  return {
    id: LEVEL_SHIFT_CHECK_ID,
    signature: 'sudden_drop',
    ruleVersion: LEVEL_SHIFT_RULE_VERSION,
    description:
      'A sudden, sustained fall in recorded crime against similar forces (changepoint + calibrated peer comparison).',
    run(input: AuditInput, audit: AuditContext): CheckDraft[] {
      return levelShiftDrafts(input, withRunBreaks(config, input), audit);
    },
  };
}

export const levelShiftCheck: Check = createLevelShiftCheck();

/** Per grain: analyse every series, decide coverage across the panel, then render each draft once. */
export function levelShiftDrafts(
  input: AuditInput,
  cfg: SuddenDropConfig,
  audit: AuditContext = auditContext(input),
): CheckDraft[] {
  const audited = new Set(input.forces);
  const grouping = audit.peers({ size: cfg.levelShift.peerGroupSize });
  const out: CheckDraft[] = [];
  for (const grain of grainsOf(audit)) {
    const analysed = analysePanel(audit, cfg, grain, audited, grouping);
    if (!analysed) continue;
    const { run, series } = analysed;
    const coverage = decideCoverage(
      run,
      series.flatMap((s) => s.shifts.map((a) => a.shift)),
    );
    for (const s of series) {
      const drafts = s.shifts.map((a) => shiftDraft(run, s, a, coverage.get(a.shift)!));
      if (drafts.length === 0 && cfg.levelShift.emitNoShiftDrafts) drafts.push(noShiftDraft(run, s));
      out.push(...drafts);
    }
  }
  return out;
}

function shiftDraft(
  run: LevelShiftRun,
  s: AnalysedSeries,
  a: AnalysedShift,
  coverage: ShiftCoverage,
): CheckDraft {
  const { spec } = s;
  const { primary, shift } = a;
  const reported = coverage.relation === 'reported';
  return draft({
    severity: reported ? a.severity : 'info',
    force_code: shift.force,
    period_start: a.periodStart,
    period_end: a.periodEnd,
    offence_group: spec.offence_group,
    offence_subgroup: spec.offence_subgroup,
    offence_code: spec.offence_code,
    observed: primary.post.y,
    expected: round(primary.expected, 1),
    effect_size: round(shift.logRateRatio, 6),
    p_value: shift.pValue,
    near_target: a.targets.length > 0,
    summary: shiftSummary(run, spec, shift.force, summaryFacts(run, a, coverage)),
    evidence: shiftEvidence(run, s, a, coverage),
    // A drop reported inside another finding stays tested (its p counts in BH) but is not material.
    material: reported && a.material,
  });
}

/** A series without a downward shift: one p = 1 draft, so BH counts every series examined. */
function noShiftDraft(run: LevelShiftRun, s: AnalysedSeries): CheckDraft {
  const { panel } = run;
  const c = s.comparison;
  return draft({
    severity: 'info',
    force_code: c.force,
    period_start: panel.periods[c.index[0]!]!,
    period_end: periodEndOf(panel.periods[c.index[c.index.length - 1]!]!, panel.grain),
    offence_group: s.spec.offence_group,
    offence_subgroup: s.spec.offence_subgroup,
    offence_code: s.spec.offence_code,
    p_value: 1,
    summary: noShiftSummary(run, s.spec, c.force),
    evidence: noShiftEvidence(run, s),
    material: false,
    discriminator: 'no_downward_shift',
  });
}
