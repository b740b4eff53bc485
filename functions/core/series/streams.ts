/**
 * Indexes rows into streams and series.
 *
 * A stream is one force's returns at one grain and level (e.g. Devon & Cornwall, quarterly, offence
 * group): the periods it reported and, per offence, the row of each period. A series is one offence
 * (code at code level, group at group level) within a stream. Keeping grain and level apart means a
 * force that uploaded both monthly returns and the Home Office quarterly table is never compared
 * across the two.
 */
import type { ReturnRow, SourceFormat } from '../model/returns.ts';
import { type Grain, periodEndOf } from './periods.ts';

export type Level = ReturnRow['level'];

export interface Series {
  /** offence_code at code level, offence_group at group level. */
  readonly key: string;
  readonly offence_code: string | null;
  readonly offence_group: string;
  readonly offence_subgroup: string | null;
  /** period_start → the row of that period (one per period once ingest has merged duplicates). */
  readonly rows: ReadonlyMap<string, ReturnRow>;
}

export interface Stream {
  readonly force_code: string;
  readonly grain: Grain;
  readonly level: Level;
  /** Distinct period starts with at least one row, ascending. */
  readonly periods: readonly string[];
  /** period_start → period_end as reported (falls back to the grain's arithmetic). */
  readonly periodEnds: ReadonlyMap<string, string>;
  /** period_start → the source formats of the rows of that period. */
  readonly formats: ReadonlyMap<string, ReadonlySet<SourceFormat>>;
  /** Offence series, keyed by Series.key, in ascending key order. */
  readonly series: ReadonlyMap<string, Series>;
}

export function seriesKeyOf(row: Pick<ReturnRow, 'level' | 'offence_code' | 'offence_group'>): string {
  return row.level === 'code' ? (row.offence_code ?? '') : row.offence_group;
}

export function streamKeyOf(row: Pick<ReturnRow, 'force_code' | 'grain' | 'level'>): string {
  return `${row.force_code}|${row.grain}|${row.level}`;
}

interface MutableStream {
  force_code: string;
  grain: Grain;
  level: Level;
  periodEnds: Map<string, string>;
  formats: Map<string, Set<SourceFormat>>;
  series: Map<string, { first: ReturnRow; rows: Map<string, ReturnRow> }>;
}

/**
 * Streams of `rows`, sorted by force, grain, level. When a series has two rows for one period (which
 * ingest should have prevented), the first one seen is kept: checks must not silently add them.
 * A run builds these once, in its AuditContext (checks/audit-context.ts), and every check reads them
 * from there.
 */
export function indexStreams(rows: readonly ReturnRow[]): readonly Stream[] {
  const streams = new Map<string, MutableStream>();
  for (const row of rows) {
    const sk = streamKeyOf(row);
    let stream = streams.get(sk);
    if (!stream) {
      stream = {
        force_code: row.force_code,
        grain: row.grain,
        level: row.level,
        periodEnds: new Map(),
        formats: new Map(),
        series: new Map(),
      };
      streams.set(sk, stream);
    }
    if (!stream.periodEnds.has(row.period_start)) stream.periodEnds.set(row.period_start, row.period_end);
    let formats = stream.formats.get(row.period_start);
    if (!formats) {
      formats = new Set();
      stream.formats.set(row.period_start, formats);
    }
    formats.add(row.source_format);
    const key = seriesKeyOf(row);
    let series = stream.series.get(key);
    if (!series) {
      series = { first: row, rows: new Map() };
      stream.series.set(key, series);
    }
    if (!series.rows.has(row.period_start)) series.rows.set(row.period_start, row);
  }
  const out: Stream[] = [];
  for (const s of streams.values()) {
    const periods = [...s.periodEnds.keys()].sort();
    const series = new Map<string, Series>();
    for (const key of [...s.series.keys()].sort()) {
      const entry = s.series.get(key)!;
      series.set(key, {
        key,
        offence_code: s.level === 'code' ? entry.first.offence_code : null,
        offence_group: entry.first.offence_group,
        offence_subgroup: s.level === 'code' ? entry.first.offence_subgroup : null,
        rows: entry.rows,
      });
    }
    out.push({
      force_code: s.force_code,
      grain: s.grain,
      level: s.level,
      periods,
      periodEnds: s.periodEnds,
      formats: s.formats,
      series,
    });
  }
  return out.sort((a, b) => cmp(streamKeyOf(a), streamKeyOf(b)));
}

export function periodEndIn(stream: Stream, periodStart: string): string {
  return stream.periodEnds.get(periodStart) ?? periodEndOf(periodStart, stream.grain);
}

/** Plain code-unit comparison (locale-independent, so output order never depends on the machine). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
