/** The one-sentence summary of a record-level finding: what the force reclassified against its own earlier months. */
import { codeLabel } from '#core/reference/reclassification-families.ts';
import { percentFixed, wholeNumber } from '../wording.ts';
import type { CampaignRole } from './campaigns.ts';
import type { RecordLevelCase } from './record-level-analysis.ts';
import type { RecordLevelConfig } from './record-level-config.ts';

export function recordLevelSummary(
  c: RecordLevelCase,
  pair: { from: string; to: string },
  campaign: CampaignRole<RecordLevelCase>,
  config: RecordLevelConfig,
): string {
  const { force, family, window: w, base, test } = c;
  const span = w.start === w.end ? `In ${w.start}` : `From ${w.start} to ${w.end}`;
  const wc = test.totals.window;
  const side = (codes: readonly string[], code: string, label: string) =>
    codes.length === 1 ? `${codeLabel(family, code)} (${code})` : `${label} (mostly ${code})`;
  const moved =
    `${span} ${force} reclassified ${wholeNumber(wc.down)} ${wc.down === 1 ? 'crime' : 'crimes'} first recorded as ` +
    `${side(family.serious.codes, pair.from, family.serious.label)} to ` +
    side(family.lesser.codes, pair.to, family.lesser.label);
  const rate =
    test.rate !== null
      ? `, ${percentFixed(test.rate.window)} of those first recorded as such against ${percentFixed(test.rate.baseline)} ` +
        (base.length === 1 ? `in ${base[0]}` : `from ${base[0]} to ${base[base.length - 1]}`)
      : '';
  const timing =
    test.timing !== null && test.timing.pValue < config.timingAlpha
      ? `, ${wholeNumber(test.timing.downAtQuarterEnd)} of them in the last month of a quarter`
      : '';
  const others =
    campaign.kind === 'reported'
      ? `; downgrades were also raised in the other quarters from ${campaign.start} to ${campaign.end} (listed in the evidence)`
      : '';
  return `${moved}${rate}${timing}, and ${wholeNumber(wc.up)} the other way${others}; the change requires explanation.`;
}
