/**
 * The series excerpt a finding carries as evidence: the periods around the problem, so that an
 * auditor sees the pattern without querying the returns. A period with no row reads `null`.
 */
import type { Evidence } from '../model/findings.ts';
import type { ReturnRow } from '../model/returns.ts';
import { expectedPeriods } from './periods.ts';
import type { Series, Stream } from './streams.ts';
import { isUsableCount } from './usable-count.ts';

export type SeriesExcerpt = NonNullable<Evidence['series']>;

/**
 * Every expected period from `before` periods ahead of `first` to `after` periods beyond `last`,
 * clipped to the stream's own first and last reported periods. `value` picks the number shown
 * (default: recorded).
 */
export function seriesExcerpt(
  stream: Stream,
  series: Series | null,
  first: string,
  last: string,
  opts: { before?: number; after?: number; value?: (row: ReturnRow) => number | null } = {},
): SeriesExcerpt {
  const all = expectedPeriods(stream.periods[0]!, stream.periods[stream.periods.length - 1]!, stream.grain);
  const i = all.indexOf(first);
  const j = all.indexOf(last);
  const from = Math.max(0, (i < 0 ? 0 : i) - (opts.before ?? 6));
  const to = Math.min(all.length - 1, (j < 0 ? all.length - 1 : j) + (opts.after ?? 3));
  const pick = opts.value ?? ((row) => row.recorded);
  const out: SeriesExcerpt = [];
  for (const period of all.slice(from, to + 1)) {
    if (series) {
      const row = series.rows.get(period);
      out.push({ period, value: row ? pick(row) : null });
    } else {
      out.push({ period, value: streamTotal(stream, period) });
    }
  }
  return out;
}

/** Sum of usable recorded counts over every series of the stream in a period; null when the stream has no row then. */
export function streamTotal(stream: Stream, period: string): number | null {
  if (!stream.periodEnds.has(period)) return null;
  let total = 0;
  for (const s of stream.series.values()) {
    const row = s.rows.get(period);
    if (row && isUsableCount(row.recorded)) total += row.recorded;
  }
  return total;
}
