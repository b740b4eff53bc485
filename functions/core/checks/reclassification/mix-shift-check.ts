/**
 * `reclassification.mix_shift`: did a force's mix within a family of substitutable codes move from
 * the serious codes to the lesser ones, more than the nation's did and more than forces' mixes
 * naturally drift? One tested hypothesis per force × family × test window: every 12 months ending at
 * a quarter end (financial years and the years to June, September and December) and the latest 12
 * months, each against the 12 months before. A shift starting mid-year is then compared whole in one
 * window instead of being split between two financial years (rule version 1.1.0; 1.0.0 tested
 * financial years only and found a 12-month downgrade starting in, say, November at half strength).
 * Overlapping windows of a force and family are all tested, but only the one with the smallest p may
 * be reported (overlapping-windows.ts). What is tested in mix-shift-analysis.ts (statistics in
 * mix-shift.ts, windows in windows.ts, families in reference/reclassification-families.json),
 * thresholds in mix-shift-config.ts, evidence and summary in mix-shift-evidence.ts and
 * mix-shift-summary.ts; this file turns each test into its draft.
 *
 * The peer difference-in-differences (1B) is computed for every test and reported in the same
 * finding's evidence as confirmation, not as a second hypothesis: the two statistics share the force's
 * own 2×2 table, so two findings would count one shift twice and spend the multiple-testing budget twice.
 *
 * Works on code-level returns, monthly or quarterly (the Home Office code table). On group-level
 * returns it does nothing (see the family table's `group_level.rationale`).
 */
import { breaksAffecting } from '#core/detection/known-breaks.ts';
import { seriousnessWeight } from '#core/detection/seriousness.ts';
import type { AuditContext } from '../audit-context.ts';
import type { AuditInput, Check, CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import { reclassificationCoverageReport } from './coverage.ts';
import { ruleVersionOf } from './family-config.ts';
import { familyFindingFields, familyTarget } from './family-evidence.ts';
import { type MixShiftTest, mixShiftTests, namedCodes } from './mix-shift-analysis.ts';
import {
  type MixShiftCheckConfig,
  type MixShiftConfig,
  mixShiftConfig,
  mixShiftParameters,
} from './mix-shift-config.ts';
import { mixShiftEvidence } from './mix-shift-evidence.ts';
import { mixShiftSummary } from './mix-shift-summary.ts';
import { reportedInstead } from './overlapping-windows.ts';

export const MIX_SHIFT_CHECK_ID = 'reclassification.mix_shift';
const RULES = '1.1.0';

export function createMixShiftCheck(override: MixShiftCheckConfig = {}): Check {
  const config = mixShiftConfig(override);
  return {
    id: MIX_SHIFT_CHECK_ID,
    signature: 'reclassification',
    ruleVersion: ruleVersionOf(RULES, config),
    description:
      'Year-on-year shift within a family of substitutable offence codes (e.g. assault with injury to ' +
      'without injury) beyond the national shift and natural between-force drift; needs code-level ' +
      'returns and does nothing on offence-group data, where no substitutable family can be seen.',
    run: (input, ctx) => run(input, ctx, config),
    // The family's coverage (extracts, aggregates only, not checked) is reported once, here.
    coverage: (input) => reclassificationCoverageReport(input),
  };
}

export const reclassificationMixShiftCheck: Check = createMixShiftCheck();

function run(input: AuditInput, ctx: AuditContext, config: MixShiftConfig): CheckDraft[] {
  const parameters = mixShiftParameters(config);
  return mixShiftTests(input, ctx, config).flatMap((tests) => {
    const instead = reportedInstead(
      tests.map((t) => ({
        test: t,
        force: t.result.force,
        start: t.window.start,
        end: t.window.end,
        p: t.result.pLower,
      })),
    );
    return tests.map((t, i) => draftOf(t, instead[i]?.test ?? null, config, parameters));
  });
}

function draftOf(
  t: MixShiftTest,
  rival: MixShiftTest | null,
  config: MixShiftConfig,
  parameters: Record<string, string | number>,
): CheckDraft {
  const { result: r, family, window } = t;
  const codes = namedCodes(t);
  const shareChange = r.expectedShare - r.observedShare;
  const material =
    r.displaced >= Math.max(config.minDisplaced, config.minDisplacedShare * r.expectedSerious) &&
    shareChange >= config.minShareChange;
  const target = familyTarget(config.targets, family, window.start, window.end);
  const breaks = breaksAffecting(config.breaks, {
    force_code: r.force,
    offence_group: family.offence_group,
    start: window.baseStart,
    end: window.end,
  });
  const evidence = mixShiftEvidence(t, {
    parameters: { ...parameters, seriousness_weight: seriousnessWeight(family.offence_group, codes.serious) },
    shareChange,
    breaks,
    nearTarget: target?.id ?? null,
    reportedInstead: rival,
  });
  return draft({
    ...familyFindingFields(family, codes, r.displaced, target),
    force_code: r.force,
    period_start: window.start,
    period_end: window.end,
    observed: r.counts.seriousWindow,
    expected: r.expectedSerious,
    effect_size: r.logOddsRatio - r.centre,
    p_value: r.pLower,
    summary: mixShiftSummary(r, family, window, codes),
    evidence,
    // Reported only when past the material gate and no overlapping window is reported instead.
    material: material && rival === null,
    // A force may send both monthly and quarterly code-level returns: each grain is its own test.
    discriminator: `${family.id}|${window.key}|${t.ff.stream.grain}`,
  });
}
