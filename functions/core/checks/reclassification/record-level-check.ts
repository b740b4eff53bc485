/**
 * `reclassification.record_level`: in a record-level extract, did a force's downgrades within a
 * family (crimes first recorded as a serious code and finally as a lesser one) rise against its own
 * earlier months, or outnumber its upgrades more than before? One tested hypothesis per force × family
 * × financial quarter in which the force reclassified anything in the family (statistics in
 * record-level.ts, what is tested in record-level-analysis.ts, thresholds in record-level-config.ts).
 * Consecutive significant quarters are one campaign, reported once (campaigns.ts); evidence and
 * summary in record-level-evidence.ts and record-level-summary.ts; this file turns each test into its
 * draft. Runs only when the audit input carries record-level transitions.
 */
import { seriousnessWeight } from '#core/detection/seriousness.ts';
import type { AuditContext } from '../audit-context.ts';
import type { AuditInput, Check, CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import { type CampaignRole, campaignRoles } from './campaigns.ts';
import { ruleVersionOf } from './family-config.ts';
import { familyFindingFields, familyTarget } from './family-evidence.ts';
import { namedPair, type RecordLevelCase, recordLevelCases } from './record-level-analysis.ts';
import {
  type RecordLevelCheckConfig,
  type RecordLevelConfig,
  recordLevelConfig,
  recordLevelParameters,
} from './record-level-config.ts';
import { recordLevelEvidence } from './record-level-evidence.ts';
import { recordLevelSummary } from './record-level-summary.ts';

export const RECORD_LEVEL_CHECK_ID = 'reclassification.record_level';
const RULES = '1.3.0';

export function createRecordLevelCheck(override: RecordLevelCheckConfig = {}): Check {
  const config = recordLevelConfig(override);
  return {
    id: RECORD_LEVEL_CHECK_ID,
    signature: 'reclassification',
    ruleVersion: ruleVersionOf(RULES, config),
    description:
      'Record-level downgrades within a family of substitutable offence codes (first recorded as the ' +
      'serious code, finally a lesser one) rising against the force\u2019s earlier months or outnumbering ' +
      'upgrades more than before, per financial quarter; runs only on record-level extracts.',
    run: (input, ctx) => run(input, ctx, config),
  };
}

export const reclassificationRecordLevelCheck: Check = createRecordLevelCheck();

function run(input: AuditInput, ctx: AuditContext, config: RecordLevelConfig): CheckDraft[] {
  const parameters = recordLevelParameters(config);
  return recordLevelCases(input, ctx, config).flatMap((cases) => {
    const roles = campaignRoles(
      cases,
      (c) => ({ start: c.window.start, end: c.window.end, p: c.test.pValue, material: c.material }),
      config.campaignAlpha,
    );
    return cases.map((c, i) => draftOf(c, roles[i]!, config, parameters));
  });
}

function draftOf(
  c: RecordLevelCase,
  campaign: CampaignRole<RecordLevelCase>,
  config: RecordLevelConfig,
  parameters: Record<string, string | number>,
): CheckDraft {
  const { family, window: w, test } = c;
  const pair = namedPair(c);
  const target = familyTarget(config.targets, family, w.start, w.end);
  const evidence = recordLevelEvidence(c, config, {
    parameters: { ...parameters, seriousness_weight: seriousnessWeight(family.offence_group, pair.from) },
    pairs: pair.totals,
    nearTarget: target?.id ?? null,
    campaign,
  });
  return draft({
    ...familyFindingFields(family, { serious: pair.from, lesser: pair.to }, test.excessDown, target),
    force_code: c.force,
    period_start: w.start,
    period_end: w.end,
    observed: test.totals.window.down,
    expected: test.expectedDown,
    effect_size: test.effectSize,
    p_value: test.pValue,
    summary: recordLevelSummary(c, pair, campaign, config),
    evidence,
    // A quarter reported as part of a campaign is tested (BH counts it) but not reported on its own.
    material: c.material && campaign.kind !== 'covered',
    discriminator: family.id,
  });
}
