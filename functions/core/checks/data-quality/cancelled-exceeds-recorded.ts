/**
 * dq.cancelled_exceeds_recorded — more crimes cancelled ("no-crimed") than recorded in a period for an
 * offence, where at least 20 were cancelled. Cancellations in a month can concern crimes recorded in
 * earlier months, so for small offences cancelled > recorded happens legitimately; at 20 or more
 * cancellations, cancelling more than was recorded means a cancellation rate above 100% for the
 * period, which needs explaining (or the two columns are swapped). Consecutive flagged periods of
 * one offence form one finding; severity by the excess of cancelled over recorded. Rows without
 * cancellation counts are skipped, as are cells with an invalid count (dq.invalid_count).
 */
import type { FindingDraft } from '../../model/findings.ts';
import { seriesExcerpt } from '../../series/excerpt.ts';
import { spanLabel } from '../../series/periods.ts';
import { periodEndIn, type Series, type Stream } from '../../series/streams.ts';
import { isUsableCount } from '../../series/usable-count.ts';
import type { AuditContext } from '../audit-context.ts';
import type { AuditInput, Check } from '../check.ts';
import { fmt, offenceLabel } from '../wording.ts';
import { severityByCrimes } from './common.ts';

export const CANCELLED_EXCEEDS_PARAMS = { min_cancelled: 20 } as const;

export const cancelledExceedsRecordedCheck: Check = {
  id: 'dq.cancelled_exceeds_recorded',
  signature: 'data_quality',
  ruleVersion: '1.0.0',
  description: 'More crimes cancelled than recorded in a period for an offence, with at least 20 cancelled.',
  run(input: AuditInput, ctx: AuditContext): FindingDraft[] {
    const audited = new Set(input.forces);
    const out: FindingDraft[] = [];
    for (const stream of ctx.streams) {
      if (!audited.has(stream.force_code)) continue;
      for (const series of stream.series.values()) out.push(...runsOf(stream, series));
    }
    return out;
  },
};

function exceeds(series: Series, period: string): boolean {
  const row = series.rows.get(period);
  if (!row || row.cancelled === null || !isUsableCount(row.recorded) || !isUsableCount(row.cancelled))
    return false;
  return row.cancelled >= CANCELLED_EXCEEDS_PARAMS.min_cancelled && row.cancelled > row.recorded;
}

function runsOf(stream: Stream, series: Series): FindingDraft[] {
  const out: FindingDraft[] = [];
  const periods = stream.periods;
  let t = 0;
  while (t < periods.length) {
    if (!exceeds(series, periods[t]!)) {
      t++;
      continue;
    }
    let end = t;
    while (end + 1 < periods.length && exceeds(series, periods[end + 1]!)) end++;
    out.push(draft(stream, series, periods.slice(t, end + 1)));
    t = end + 1;
  }
  return out;
}

function draft(stream: Stream, series: Series, run: readonly string[]): FindingDraft {
  const rows = run.map((p) => series.rows.get(p)!);
  const cancelled = rows.reduce((a, r) => a + (r.cancelled ?? 0), 0);
  const recorded = rows.reduce((a, r) => a + r.recorded, 0);
  const first = run[0]!;
  const last = run[run.length - 1]!;
  return {
    signature: 'data_quality',
    check_id: cancelledExceedsRecordedCheck.id,
    rule_version: cancelledExceedsRecordedCheck.ruleVersion,
    severity: severityByCrimes(cancelled - recorded),
    force_code: stream.force_code,
    period_start: first,
    period_end: periodEndIn(stream, last),
    offence_group: series.offence_group,
    offence_subgroup: series.offence_subgroup,
    offence_code: series.offence_code,
    related_offence_code: null,
    observed: cancelled,
    expected: recorded,
    unit: 'crimes',
    effect_size: recorded > 0 ? cancelled / recorded : null,
    p_value: null,
    near_target: false,
    summary:
      `For ${stream.force_code}, ${offenceLabel(series)} had ${fmt(cancelled)} crimes cancelled against ${fmt(recorded)} recorded ` +
      `in ${spanLabel(first, last, stream.grain)}; cancelling more than was recorded requires explanation.`,
    evidence: {
      method:
        'Cancelled count above the recorded count of the same period, with at least the minimum number cancelled.',
      parameters: { ...CANCELLED_EXCEEDS_PARAMS, grain: stream.grain, level: stream.level },
      periods: rows.map((r) => ({ period: r.period_start, recorded: r.recorded, cancelled: r.cancelled })),
      lines: rows.map((r) => ({ file: r.source_file, line: r.source_line })),
      inputs: [...new Set(rows.map((r) => r.input_sha256))].sort(),
      series: seriesExcerpt(stream, series, first, last, { value: (r) => r.cancelled }),
      series_value: 'cancelled',
    },
  };
}
