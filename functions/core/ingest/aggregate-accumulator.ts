/**
 * The aggregate formats (monthly returns and both Home Office layouts): one row is one cell. A key seen
 * again is summed and noted (duplicate_key), not rejected; an unknown offence code is kept and noted.
 */
import type { IngestNote } from '../model/ingest.ts';
import { cellKey } from '../model/returns.ts';
import { type AccumulatedCells, type CellRow, unknownCodeNote } from './cells.ts';
import { quarterMonths } from './periods.ts';
import { codeLevel, resolveOffenceCode, resolveQuarterOffence } from './resolver.ts';
import type { HomeOfficePfaGroupRow, HomeOfficePfaRow, MonthlyAggregateRow } from './schemas.ts';

interface AggregateCell {
  row: CellRow;
  unknownCode: boolean;
  /** Every line and value of a key seen more than once. */
  dupLines?: number[];
  dupValues?: number[];
}

/** A mapped row: its cell and whether its offence code is unknown. */
export interface AggregateEntry {
  row: CellRow;
  unknownCode: boolean;
}

/** §1a: a month cell at code level. `hasCancelled` is false when the file has no cancelled column. */
export function monthEntry(
  r: MonthlyAggregateRow,
  slug: string,
  line: number,
  hasCancelled: boolean,
): AggregateEntry {
  const o = resolveOffenceCode(r.offence_code);
  return {
    row: {
      force_code: slug,
      period_start: r.month,
      period_end: r.month,
      grain: 'month',
      ...codeLevel(o),
      recorded: r.recorded,
      // Absent column → null for every row: the no-crime checks then skip and say so.
      cancelled: hasCancelled ? r.cancelled : null,
      source_line: line,
    },
    unknownCode: !o.known,
  };
}

/**
 * §1b, both layouts: a financial-quarter cell at offence-code or offence-group level. `recorded` is the
 * row's count, known (an "N/a" row makes no cell); the tables carry no cancellations.
 */
export function quarterEntry(
  r: HomeOfficePfaRow | HomeOfficePfaGroupRow,
  recorded: number,
  slug: string,
  line: number,
): AggregateEntry {
  const { start, end } = quarterMonths(r.financial_year, r.financial_quarter);
  const { offence, known } = resolveQuarterOffence(r);
  return {
    row: {
      force_code: slug,
      period_start: start,
      period_end: end,
      grain: 'quarter',
      ...offence,
      recorded,
      cancelled: null,
      source_line: line,
    },
    unknownCode: !known,
  };
}

export class AggregateAccumulator {
  private readonly cells = new Map<string, AggregateCell>();

  get size(): number {
    return this.cells.size;
  }

  add({ row, unknownCode }: AggregateEntry): void {
    const key = cellKey(row);
    const cell = this.cells.get(key);
    if (!cell) {
      this.cells.set(key, { row, unknownCode });
      return;
    }
    if (!cell.dupLines) {
      cell.dupLines = [cell.row.source_line];
      cell.dupValues = [cell.row.recorded];
    }
    cell.dupLines.push(row.source_line);
    cell.dupValues!.push(row.recorded);
    cell.row.recorded += row.recorded;
    // A total is known only if every part is: one unknown part makes the sum unknown.
    cell.row.cancelled =
      cell.row.cancelled === null || row.cancelled === null ? null : cell.row.cancelled + row.cancelled;
  }

  /** The cells in the order first seen; per cell, its duplicate-key note and then its unknown-code note. */
  finish(file: string, input_sha256: string): AccumulatedCells {
    const rows: CellRow[] = [];
    const notes: IngestNote[] = [];
    for (const { row, unknownCode, dupLines, dupValues } of this.cells.values()) {
      rows.push(row);
      if (dupLines) {
        notes.push({
          kind: 'duplicate_key',
          force_code: row.force_code,
          period_start: row.period_start,
          period_end: row.period_end,
          offence_group: row.offence_group,
          offence_code: row.offence_code,
          file,
          lines: dupLines,
          values: dupValues!,
          input_sha256,
        });
      }
      if (unknownCode) notes.push(unknownCodeNote(row, dupLines ?? [row.source_line], file, input_sha256));
    }
    return { rows, notes };
  }
}
