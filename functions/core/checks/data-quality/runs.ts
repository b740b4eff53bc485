/** Runs of consecutive periods: the unit most data-quality findings are about (one cause, one finding). */
import type { Series, Stream } from '#core/series/streams.ts';
import type { AuditContext } from '../audit-context.ts';
import type { AuditInput } from '../check.ts';

/** Every maximal run of consecutive entries of `periods` that satisfy `holds`, as [first, last] indexes. */
export function runsWhere(
  periods: readonly string[],
  holds: (period: string) => boolean,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let t = 0;
  while (t < periods.length) {
    if (!holds(periods[t]!)) {
      t++;
      continue;
    }
    let end = t;
    while (end + 1 < periods.length && holds(periods[end + 1]!)) end++;
    out.push([t, end]);
    t = end + 1;
  }
  return out;
}

/** A run of periods in one series of an audited force. */
export interface SeriesRun {
  stream: Stream;
  series: Series;
  /** Indexes into `stream.periods` of the run's first and last period. */
  t0: number;
  t1: number;
}

/** Every run, in every series of every audited force's streams, of periods where `holds` is true. */
export function seriesRuns(
  input: Pick<AuditInput, 'forces'>,
  ctx: Pick<AuditContext, 'streams'>,
  holds: (series: Series, period: string) => boolean,
): SeriesRun[] {
  const audited = new Set(input.forces);
  const out: SeriesRun[] = [];
  for (const stream of ctx.streams) {
    if (!audited.has(stream.force_code)) continue;
    for (const series of stream.series.values()) {
      for (const [t0, t1] of runsWhere(stream.periods, (p) => holds(series, p)))
        out.push({ stream, series, t0, t1 });
    }
  }
  return out;
}
