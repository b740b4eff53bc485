/**
 * sudden_drop.target_bunching — forces' year-on-year changes piling up just past a crime-reduction
 * target (METHODS §4 3D; Gerber & Malhotra 2008 QJPS 3:313 for the caliper test).
 *
 * For each configured target, every force with complete returns in both windows gets
 * g = 100 (Y_assessed / Y_baseline − 1) over the target's offences (detection/targets.ts). With the
 * target at g* = −100 × reduction and caliper half-width h (3 points):
 *
 *   below = #{g ∈ [g* − h, g*]}   (just met the target)
 *   above = #{g ∈ (g*, g* + h]}   (just missed it)
 *
 * Under a smooth distribution of changes, below | below + above ~ Bin(n, p₀). p₀ comes from a local
 * linear density fitted on the flanking bands L = #[g* − 3h, g* − h) and R = #(g* + h, g* + 3h]: a
 * line through their mean densities at g* ∓ 2h gives p₀ = ½ − (R − L)/(8(L + R)) (½ when both
 * are empty), so a density that merely slopes across the target is not mistaken for bunching. The
 * one-sided binomial p-value (stats/exact-tests.ts caliperTest) tests for an excess just past it.
 *
 * Design: the test is about the set of forces, not one force, but the findings table is per force.
 * When (and only when) the caliper test reaches `alpha`, one finding is emitted for each audited force
 * inside the bunching window [g* − h, g*], each carrying the caliper p-value and every force's g, so
 * that an auditor sees the whole distribution; the run-wide Benjamini–Hochberg step then treats these
 * like any other sudden-drop finding. A force in the window is not thereby shown to have done
 * anything: its summary says the set of forces shows the pattern and asks for the force's figures to
 * be confirmed. Severity is `medium` throughout, because the evidence is about the distribution, not
 * about the size of any one force's shortfall.
 */
import { forceSeries, type NationalIndex } from '#core/detection/national.ts';
import type { CrimeTarget } from '#core/detection/targets.ts';
import { monthRange } from '#core/series/months.ts';
import { expectedPeriods, type Grain, periodEndOf, periodLength } from '#core/series/periods.ts';
import { cmp } from '#core/series/streams.ts';
import { caliperTest } from '#core/stats/exact-tests.ts';
import { round } from '#core/stats/rounding.ts';
import { type AuditContext, auditContext } from '../audit-context.ts';
import type { AuditInput, Check, CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import { parametersOf } from '../parameters.ts';
import { fmt, forceName, percent } from '../wording.ts';
import { DEFAULT_SUDDEN_DROP_CONFIG, type SuddenDropConfig } from './config.ts';
import { targetEvidence } from './context.ts';

export const TARGET_BUNCHING_CHECK_ID = 'sudden_drop.target_bunching';
export const TARGET_BUNCHING_RULE_VERSION = '1.0.1';

const METHOD =
  'caliper test for bunching of force year-on-year changes just past a crime-reduction target ' +
  '(null share from a local linear density on the flanking bands)';
const REFERENCE = 'Gerber & Malhotra 2008 QJPS 3:313; METHODS.md §4 3D';
const FORMULA =
  'g = 100 (Y_assessed/Y_baseline − 1); below = #[g*−h, g*], above = #(g*, g*+h]; ' +
  'p₀ = ½ − (R − L)/(8(L + R)); p = P(X ≥ below), X ~ Bin(below + above, p₀)';

export interface ForceChange {
  force: string;
  grain: Grain;
  baseline: number;
  assessed: number;
  g: number;
}

export interface CaliperOutcome {
  target: number;
  h: number;
  below: number;
  above: number;
  flankLow: number;
  flankHigh: number;
  nullShare: number;
  pValue: number;
}

/** The caliper test on a set of changes (exported for tests). */
export function caliperOutcome(gs: readonly number[], target: number, h: number): CaliperOutcome | null {
  const count = (lo: number, hi: number, loClosed: boolean, hiClosed: boolean): number =>
    gs.filter((g) => (loClosed ? g >= lo : g > lo) && (hiClosed ? g <= hi : g < hi)).length;
  const below = count(target - h, target, true, true);
  const above = count(target, target + h, false, true);
  if (below + above === 0) return null;
  const flankLow = count(target - 3 * h, target - h, true, false);
  const flankHigh = count(target + h, target + 3 * h, false, true);
  const flanks = flankLow + flankHigh;
  const nullShare = flanks > 0 ? 0.5 - (flankHigh - flankLow) / (8 * flanks) : 0.5;
  const { pValue } = caliperTest(below, above, nullShare);
  return { target, h, below, above, flankLow, flankHigh, nullShare, pValue };
}

export function createTargetBunchingCheck(config: SuddenDropConfig = DEFAULT_SUDDEN_DROP_CONFIG): Check {
  return {
    id: TARGET_BUNCHING_CHECK_ID,
    signature: 'sudden_drop',
    ruleVersion: TARGET_BUNCHING_RULE_VERSION,
    description:
      "Forces' year-on-year changes bunching just past a crime-reduction target (caliper test across forces).",
    run(input: AuditInput, ctx: AuditContext): CheckDraft[] {
      return targetBunchingDrafts(input, config, ctx);
    },
  };
}

export const targetBunchingCheck: Check = createTargetBunchingCheck();

export function targetBunchingDrafts(
  input: AuditInput,
  cfg: SuddenDropConfig,
  ctx: AuditContext = auditContext(input),
): CheckDraft[] {
  const audited = new Set(input.forces);
  const out: CheckDraft[] = [];
  for (const target of cfg.targets) {
    const changes = forceChanges(ctx, target);
    if (changes.length < cfg.bunching.minForces) continue;
    const gStar = -100 * target.reduction;
    const h = cfg.bunching.caliperPoints;
    const caliper = caliperOutcome(
      changes.map((c) => c.g),
      gStar,
      h,
    );
    if (!caliper || caliper.pValue > cfg.bunching.alpha) continue;
    for (const c of changes) {
      if (!audited.has(c.force) || c.g < gStar - h || c.g > gStar) continue;
      out.push(draftFor(cfg, target, c, changes, caliper));
    }
  }
  return out;
}

/** Each force's change over the target's offences, at its finest grain with complete windows. */
export function forceChanges(ctx: AuditContext, target: CrimeTarget): ForceChange[] {
  const streams = ctx.streams;
  const forces = [...new Set(streams.map((s) => s.force_code))].sort(cmp);
  const out: ForceChange[] = [];
  for (const force of forces) {
    for (const grain of ['month', 'quarter'] as const) {
      if (!streams.some((s) => s.force_code === force && s.grain === grain)) continue;
      const baseline = windowTotal(ctx.national, force, grain, target, target.baseline);
      const assessed = windowTotal(ctx.national, force, grain, target, target.assessment);
      if (baseline === null || assessed === null || !(baseline > 0)) continue;
      out.push({ force, grain, baseline, assessed, g: 100 * (assessed / baseline - 1) });
      break;
    }
  }
  return out;
}

/** Sum over the window's periods of the target's offences; null unless every period is there for every key. */
function windowTotal(
  index: NationalIndex,
  force: string,
  grain: Grain,
  target: CrimeTarget,
  window: { start: string; end: string },
): number | null {
  const len = periodLength(grain);
  // Periods lying wholly inside the window; they must tile it exactly.
  const months = monthRange(window.start, window.end);
  if (months.length % len !== 0) return null;
  const periods = expectedPeriods(window.start, window.end, grain).filter(
    (p) => periodEndOf(p, grain) <= window.end,
  );
  if (periods.length * len !== months.length) return null;
  const queries =
    target.offence_codes.length > 0
      ? target.offence_codes.map((key) => ({ level: 'code' as const, grain, key }))
      : target.offence_groups.length > 0
        ? target.offence_groups.map((key) => ({ level: 'group' as const, grain, key }))
        : [{ level: 'group' as const, grain, key: '*' }];
  let total = 0;
  for (const q of queries) {
    const s = forceSeries(index, force, q);
    for (const p of periods) {
      const v = s.get(p);
      if (v === undefined) return null;
      total += v;
    }
  }
  return total;
}

function draftFor(
  cfg: SuddenDropConfig,
  target: CrimeTarget,
  c: ForceChange,
  all: readonly ForceChange[],
  caliper: CaliperOutcome,
): CheckDraft {
  const single = target.offence_codes.length === 0 && target.offence_groups.length === 1;
  const singleCode = target.offence_codes.length === 1 ? target.offence_codes[0]! : null;
  const summary =
    `Recorded crime covered by the target ${target.id} in ${forceName(c.force)} changed by ` +
    `${fmt(Math.round(c.g * 10) / 10)}% from the baseline year to the assessment year, just past the ` +
    `${percent(target.reduction)} reduction sought; across ${all.length} forces, ${caliper.below} changes sit ` +
    `within ${fmt(caliper.h)} points past the target against ${caliper.above} just short of it (caliper test ` +
    `p = ${caliper.pValue.toPrecision(2)}), a pattern that requires explanation; please confirm the force's figures ` +
    'for the assessment year.';
  return draft({
    severity: 'medium',
    force_code: c.force,
    period_start: target.assessment.start,
    period_end: target.assessment.end,
    offence_group: single ? target.offence_groups[0]! : null,
    offence_code: singleCode,
    observed: c.assessed,
    expected: Math.round(c.baseline * (1 - target.reduction) * 10) / 10,
    effect_size: Math.round(c.g * 1000) / 1000,
    p_value: Math.min(1, Math.max(0, caliper.pValue)),
    near_target: true,
    summary,
    // One caliper test per target: several targets can name the same force over the same window.
    discriminator: target.id,
    evidence: {
      method: METHOD,
      reference: REFERENCE,
      formula: FORMULA,
      parameters: parametersOf(cfg.bunching),
      baseline: {
        start: target.baseline.start,
        end: target.baseline.end,
        description: 'the target baseline',
      },
      target: targetEvidence(target),
      near_targets: [targetEvidence(target)],
      statistic_inputs: {
        force: { baseline: c.baseline, assessed: c.assessed, g: round(c.g, 4), grain: c.grain },
        caliper: {
          target_g: caliper.target,
          h: caliper.h,
          below: caliper.below,
          above: caliper.above,
          flank_low: caliper.flankLow,
          flank_high: caliper.flankHigh,
          null_share_below: round(caliper.nullShare, 6),
          p_value: caliper.pValue,
        },
        forces: all.map((o) => ({
          force: o.force,
          baseline: o.baseline,
          assessed: o.assessed,
          g: round(o.g, 4),
        })),
      },
      offences: { groups: [...target.offence_groups], codes: [...target.offence_codes] },
    },
  });
}
