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
import { seriousnessWeight, severityOf } from '#core/detection/seriousness.ts';
import { normalQuantile } from '#core/stats/distributions.ts';
import { runBreaks } from '../annotated-breaks.ts';
import type { AuditContext } from '../audit-context.ts';
import type { AuditInput, Check, CheckDraft } from '../check.ts';
import { withLazyEvidence } from '../draft.ts';
import {
  cappedSeverity,
  compensationVerdict,
  reportableVerdict,
  verdictNote,
} from './compensation-verdict.ts';
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
import { scanDraft } from './step-scan-draft.ts';

/** The overlapping window or scan reported instead of a test. */
export interface Rival {
  family: string;
  start: string;
  end: string;
  p: number;
}

export const MIX_SHIFT_CHECK_ID = 'reclassification.mix_shift';
const RULES = '2.2.0';

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
    run: (input, ctx) => run(input, ctx, { ...config, breaks: runBreaks(input, config.breaks) }),
    // The family's coverage (extracts, aggregates only, not checked) is reported once, here.
    coverage: (input) => reclassificationCoverageReport(input),
  };
}

export const reclassificationMixShiftCheck: Check = createMixShiftCheck();

function run(input: AuditInput, ctx: AuditContext, config: MixShiftConfig): CheckDraft[] {
  const parameters = mixShiftParameters(config);
  return mixShiftTests(input, ctx, config).flatMap(({ tests, scans }) => {
    // Windows and scans of one force and cluster compete: only the smallest p of overlapping ones is reported.
    const entries = [
      ...tests.map((t) => ({
        kind: 'window' as const,
        force: t.result.force,
        start: t.window.start,
        end: t.window.end,
        p: t.result.pLower,
        family: t.family.id,
      })),
      ...scans.map((c) => ({
        kind: 'scan' as const,
        force: c.result.series.force,
        start: c.result.change,
        end: c.result.end,
        p: c.result.scan.p,
        family: c.result.pair.family.id,
      })),
    ];
    const instead = reportedInstead(entries);
    const rivalOf = (i: number) => {
      const e = instead[i];
      return e === null || e === undefined ? null : { family: e.family, start: e.start, end: e.end, p: e.p };
    };
    return [
      ...tests.map((t, i) => draftOf(t, rivalOf(i), config, parameters)),
      ...scans.map((c, i) =>
        scanDraft(
          c.result,
          c.expectation,
          config,
          parameters,
          compensationVerdict(c.expectation.compensation, config),
          rivalOf(tests.length + i),
        ),
      ),
    ];
  });
}

function draftOf(
  t: MixShiftTest,
  rival: Rival | null,
  config: MixShiftConfig,
  parameters: Record<string, string | number>,
): CheckDraft {
  const { result: r, family, window } = t;
  const codes = namedCodes(t);
  const shareChange = r.expectedShare - r.observedShare;
  const verdict = compensationVerdict(r.compensation, config);
  const material =
    r.displaced >= Math.max(config.minDisplaced, config.minDisplacedShare * r.expectedSerious) &&
    shareChange >= Math.min(config.minShareChange, config.minRelativeShareChange * r.expectedShare) &&
    reportableVerdict(verdict);
  const weight = seriousnessWeight(family.offence_group, codes.serious);
  const target = familyTarget(config.targets, family, window.start, window.end);
  const breaks = breaksAffecting(config.breaks, {
    force_code: r.force,
    offence_group: family.offence_group,
    start: window.baseStart,
    end: window.end,
  });
  const severity = cappedSeverity(
    severityOf({
      weightedExcess: Math.max(0, r.displaced) * weight,
      relativeEffect: r.expectedSerious > 0 ? -r.displaced / r.expectedSerious : 0,
      z: r.pLower > 0 ? -normalQuantile(r.pLower) : -r.z,
    }),
    verdict,
  );
  // Thousands of window tests a national run, a handful reported: their evidence is built when read.
  const evidence = () =>
    mixShiftEvidence(t, {
      parameters: { ...parameters, seriousness_weight: weight },
      shareChange,
      verdict,
      breaks,
      nearTarget: target?.id ?? null,
      reportedInstead: rival,
    });
  return withLazyEvidence(
    {
      ...familyFindingFields(family, codes, r.displaced, target, severity),
      force_code: r.force,
      period_start: window.start,
      period_end: window.end,
      observed: r.counts.seriousWindow,
      expected: r.expectedSerious,
      effect_size: r.logOddsRatio - r.centre,
      p_value: r.pLower,
      summary: mixShiftSummary(r, family, window, codes, t.pair.step) + verdictNote(verdict),
      // Reported only when past the material gate and no overlapping window is reported instead.
      material: material && rival === null,
      // A force may send both monthly and quarterly code-level returns: each grain is its own test.
      discriminator: `${family.id}|${window.key}|${t.ff.stream.grain}`,
    },
    evidence,
  );
}
