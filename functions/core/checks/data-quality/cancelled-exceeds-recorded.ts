/**
 * dq.cancelled_exceeds_recorded — more crimes cancelled ("no-crimed") than recorded in a period for an
 * offence, where at least 20 were cancelled. Cancellations in a month can concern crimes recorded in
 * earlier months, so for small offences cancelled > recorded happens legitimately; at 20 or more
 * cancellations, cancelling more than was recorded means a cancellation rate above 100% for the
 * period, which needs explaining (or the two columns are swapped). Consecutive flagged periods of
 * one offence form one finding; severity by the excess of cancelled over recorded. Rows without
 * cancellation counts are skipped, as are cells with an invalid count (dq.invalid_count).
 */
import { seriesExcerpt } from '#core/series/excerpt.ts';
import { spanLabel } from '#core/series/periods.ts';
import { periodEndIn, type Series, type Stream } from '#core/series/streams.ts';
import { isUsableCount } from '#core/series/usable-count.ts';
import type { AuditContext } from '../audit-context.ts';
import type { AuditInput, Check, CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import { fmt, offenceLabel } from '../wording.ts';
import { severityAtStake } from './common.ts';
import { type DataQualityConfig, DEFAULT_DATA_QUALITY_CONFIG } from './config.ts';
import { seriesRuns } from './runs.ts';

export function createCancelledExceedsRecordedCheck(
  config: DataQualityConfig = DEFAULT_DATA_QUALITY_CONFIG,
): Check {
  const { min_cancelled } = config.cancelled_exceeds_recorded;
  const exceeds = (series: Series, period: string): boolean => {
    const row = series.rows.get(period);
    if (!row || row.cancelled === null || !isUsableCount(row.recorded) || !isUsableCount(row.cancelled))
      return false;
    return row.cancelled >= min_cancelled && row.cancelled > row.recorded;
  };
  return {
    id: 'dq.cancelled_exceeds_recorded',
    signature: 'data_quality',
    ruleVersion: '1.1.0',
    description: `More crimes cancelled than recorded in a period for an offence, with at least ${min_cancelled} cancelled.`,
    run: (input: AuditInput, ctx: AuditContext): CheckDraft[] =>
      seriesRuns(input, ctx, exceeds).map(({ stream, series, t0, t1 }) =>
        finding(config, stream, series, stream.periods.slice(t0, t1 + 1)),
      ),
  };
}

export const cancelledExceedsRecordedCheck: Check = createCancelledExceedsRecordedCheck();

function finding(
  config: DataQualityConfig,
  stream: Stream,
  series: Series,
  run: readonly string[],
): CheckDraft {
  const rows = run.map((p) => series.rows.get(p)!);
  const cancelled = rows.reduce((a, r) => a + (r.cancelled ?? 0), 0);
  const recorded = rows.reduce((a, r) => a + r.recorded, 0);
  const first = run[0]!;
  const last = run[run.length - 1]!;
  return draft({
    severity: severityAtStake(cancelled - recorded, series, config.materiality),
    force_code: stream.force_code,
    period_start: first,
    period_end: periodEndIn(stream, last),
    offence_group: series.offence_group,
    offence_subgroup: series.offence_subgroup,
    offence_code: series.offence_code,
    observed: cancelled,
    expected: recorded,
    effect_size: recorded > 0 ? cancelled / recorded : null,
    summary:
      `For ${stream.force_code}, ${offenceLabel(series)} had ${fmt(cancelled)} crimes cancelled against ${fmt(recorded)} recorded ` +
      `in ${spanLabel(first, last, stream.grain)}; cancelling more than was recorded requires explanation.`,
    inputs: [...new Set(rows.map((r) => r.input_sha256))].sort(),
    evidence: {
      method:
        'Cancelled count above the recorded count of the same period, with at least the minimum number cancelled.',
      parameters: { ...config.cancelled_exceeds_recorded, grain: stream.grain, level: stream.level },
      periods: rows.map((r) => ({ period: r.period_start, recorded: r.recorded, cancelled: r.cancelled })),
      lines: rows.map((r) => ({ file: r.source_file, line: r.source_line })),
      series: seriesExcerpt(stream, series, first, last, { value: (r) => r.cancelled }),
      series_value: 'cancelled',
    },
  });
}
