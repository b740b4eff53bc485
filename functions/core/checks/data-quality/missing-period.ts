/**
 * dq.missing_period — a gap in a force's returns: one or more periods between its first and last
 * reported period (same grain and level) with no rows at all. A run of consecutive missing periods
 * is ONE finding (Devon & Cornwall's four missing quarters of 2022/23 Q3 – 2023/24 Q2 are one gap,
 * not four), because one cause — a return not made or not loaded — explains them together.
 */
import { seriesExcerpt, streamTotal } from '#core/series/excerpt.ts';
import { expectedPeriods, periodLabel, spanLabel } from '#core/series/periods.ts';
import { periodEndIn, type Stream } from '#core/series/streams.ts';
import type { AuditContext } from '../audit-context.ts';
import type { AuditInput, Check, CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import { fmt, plural } from '../wording.ts';
import { type DataQualityConfig, DEFAULT_DATA_QUALITY_CONFIG } from './config.ts';
import { runsWhere } from './runs.ts';

type MissingPeriodConfig = DataQualityConfig['missing_period'];

export function createMissingPeriodCheck(config: DataQualityConfig = DEFAULT_DATA_QUALITY_CONFIG): Check {
  return {
    id: 'dq.missing_period',
    signature: 'data_quality',
    ruleVersion: '1.0.0',
    description:
      "A period between a force's first and last reported period with no rows at all; consecutive missing periods form one gap.",
    run(input: AuditInput, ctx: AuditContext): CheckDraft[] {
      const audited = new Set(input.forces);
      const out: CheckDraft[] = [];
      for (const stream of ctx.streams) {
        if (!audited.has(stream.force_code)) continue;
        const reported = new Set(stream.periods);
        const all = expectedPeriods(
          stream.periods[0]!,
          stream.periods[stream.periods.length - 1]!,
          stream.grain,
        );
        for (const [i, j] of runsWhere(all, (p) => !reported.has(p)))
          out.push(gapFinding(config.missing_period, stream, all, i, j));
      }
      return out;
    },
  };
}

export const missingPeriodCheck: Check = createMissingPeriodCheck();

function gapFinding(
  config: MissingPeriodConfig,
  stream: Stream,
  all: readonly string[],
  i: number,
  j: number,
): CheckDraft {
  const first = all[i]!;
  const last = all[j]!;
  const before = all[i - 1]!;
  const after = all[j + 1]!;
  const periods = j - i + 1;
  const monthsMissing = periods * (stream.grain === 'quarter' ? 3 : 1);
  const baseline = stream.periods.filter((p) => p < first).slice(-config.baseline_periods);
  const totals = baseline.map((p) => streamTotal(stream, p) ?? 0);
  const mean = totals.length > 0 ? totals.reduce((a, b) => a + b, 0) / totals.length : null;
  const unit = stream.grain === 'quarter' ? 'quarter' : 'month';
  const span = spanLabel(first, last, stream.grain);
  const level = stream.level === 'code' ? 'offence-code' : 'offence-group';
  return draft({
    severity: monthsMissing >= config.high_severity_months ? 'high' : 'medium',
    force_code: stream.force_code,
    period_start: first,
    // A missing period has no reported end: the grain's arithmetic gives it.
    period_end: periodEndIn(stream, last),
    observed: 0,
    expected: mean === null ? null : mean * periods,
    summary:
      `${stream.force_code} has no ${level} returns for ${span} (${plural(periods, unit)}) although it reported ` +
      `${periodLabel(before, stream.grain)} and ${periodLabel(after, stream.grain)}` +
      (mean === null ? '' : `, when it averaged ${fmt(Math.round(mean))} crimes a ${unit}`) +
      '; please confirm whether these returns are missing.',
    evidence: {
      method:
        "Every period between the force's first and last reported period (same grain and level) is expected to have rows; consecutive periods without any form one gap. Expected = mean total recorded over the reported periods before the gap × periods missing.",
      parameters: { grain: stream.grain, level: stream.level, ...config },
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
  });
}
