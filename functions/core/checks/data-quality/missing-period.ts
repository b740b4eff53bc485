/**
 * dq.missing_period — a gap in a force's returns: one or more periods between its first and last
 * reported period (same grain and level) with no rows at all. A run of consecutive missing periods
 * is ONE finding (Devon & Cornwall's four missing quarters of 2022/23 Q3 – 2023/24 Q2 are one gap,
 * not four), because one cause — a return not made or not loaded — explains them together.
 */
import type { FindingDraft } from '../../model/findings.ts';
import { seriesExcerpt, streamTotal } from '../../series/excerpt.ts';
import { expectedPeriods, periodLabel, spanLabel } from '../../series/periods.ts';
import { periodEndIn, type Stream } from '../../series/streams.ts';
import type { AuditContext } from '../audit-context.ts';
import type { AuditInput, Check } from '../check.ts';
import { fmt, plural } from '../wording.ts';

/** Reported periods before a gap whose mean total gives the crimes the gap would have held. */
const BASELINE_PERIODS = 12;
/** A gap of at least this many months is high severity (a whole quarter of a force's crime). */
const HIGH_MONTHS = 3;

export const missingPeriodCheck: Check = {
  id: 'dq.missing_period',
  signature: 'data_quality',
  ruleVersion: '1.0.0',
  description:
    "A period between a force's first and last reported period with no rows at all; consecutive missing periods form one gap.",
  run(input: AuditInput, ctx: AuditContext): FindingDraft[] {
    const audited = new Set(input.forces);
    const out: FindingDraft[] = [];
    for (const stream of ctx.streams) {
      if (!audited.has(stream.force_code)) continue;
      out.push(...gapsOf(stream));
    }
    return out;
  },
};

function gapsOf(stream: Stream): FindingDraft[] {
  const reported = new Set(stream.periods);
  const all = expectedPeriods(stream.periods[0]!, stream.periods[stream.periods.length - 1]!, stream.grain);
  const out: FindingDraft[] = [];
  let i = 0;
  while (i < all.length) {
    if (reported.has(all[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < all.length && !reported.has(all[j + 1]!)) j++;
    out.push(gapFinding(stream, all, i, j));
    i = j + 1;
  }
  return out;
}

function gapFinding(stream: Stream, all: readonly string[], i: number, j: number): FindingDraft {
  const first = all[i]!;
  const last = all[j]!;
  const before = all[i - 1]!;
  const after = all[j + 1]!;
  const periods = j - i + 1;
  const monthsMissing = periods * (stream.grain === 'quarter' ? 3 : 1);
  const baseline = stream.periods.filter((p) => p < first).slice(-BASELINE_PERIODS);
  const totals = baseline.map((p) => streamTotal(stream, p) ?? 0);
  const mean = totals.length > 0 ? totals.reduce((a, b) => a + b, 0) / totals.length : null;
  const unit = stream.grain === 'quarter' ? 'quarter' : 'month';
  const span = spanLabel(first, last, stream.grain);
  const level = stream.level === 'code' ? 'offence-code' : 'offence-group';
  return {
    signature: 'data_quality',
    check_id: missingPeriodCheck.id,
    rule_version: missingPeriodCheck.ruleVersion,
    severity: monthsMissing >= HIGH_MONTHS ? 'high' : 'medium',
    force_code: stream.force_code,
    period_start: first,
    // A missing period has no reported end: the grain's arithmetic gives it.
    period_end: periodEndIn(stream, last),
    offence_group: null,
    offence_subgroup: null,
    offence_code: null,
    related_offence_code: null,
    observed: 0,
    expected: mean === null ? null : mean * periods,
    unit: 'crimes',
    effect_size: null,
    p_value: null,
    near_target: false,
    summary:
      `${stream.force_code} has no ${level} returns for ${span} (${plural(periods, unit)}) although it reported ` +
      `${periodLabel(before, stream.grain)} and ${periodLabel(after, stream.grain)}` +
      (mean === null ? '' : `, when it averaged ${fmt(Math.round(mean))} crimes a ${unit}`) +
      '; please confirm whether these returns are missing.',
    evidence: {
      method:
        "Every period between the force's first and last reported period (same grain and level) is expected to have rows; consecutive periods without any form one gap. Expected = mean total recorded over the reported periods before the gap × periods missing.",
      parameters: {
        grain: stream.grain,
        level: stream.level,
        baseline_periods: BASELINE_PERIODS,
        high_severity_months: HIGH_MONTHS,
      },
      gap: { first_period: first, last_period: last, periods, months: monthsMissing },
      reported_before: before,
      reported_after: after,
      ...(baseline.length > 0
        ? {
            baseline: {
              start: baseline[0]!,
              end: baseline[baseline.length - 1]!,
              description: `mean total recorded per ${unit} over ${plural(baseline.length, `reported ${unit}`)}`,
            },
          }
        : {}),
      series: seriesExcerpt(stream, null, first, last),
    },
  };
}
