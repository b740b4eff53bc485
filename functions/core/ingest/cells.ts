/**
 * A cell as the accumulators build it: everything of a returns row but the submission's identity
 * (file, hash, time, run), which the result assembly stamps on every row at the end.
 */
import type { IngestNote, IngestNoteOf } from '../model/ingest.ts';
import type { ReturnRow } from '../model/returns.ts';

export type CellRow = Omit<
  ReturnRow,
  'input_sha256' | 'source_format' | 'source_file' | 'submitted_at' | 'processed_at' | 'run_id'
>;

/** What an accumulator hands to the result: its cells in the order first seen, and its notes. */
export interface AccumulatedCells {
  rows: CellRow[];
  notes: IngestNote[];
}

/** A cell whose offence code is not in the reference table, kept and noted for the data-quality checks. */
export function unknownCodeNote(
  row: CellRow,
  lines: number[],
  file: string,
  input_sha256: string,
): IngestNoteOf<'unknown_offence_code'> {
  return {
    kind: 'unknown_offence_code',
    force_code: row.force_code,
    offence_code: row.offence_code!,
    period_start: row.period_start,
    period_end: row.period_end,
    file,
    lines,
    recorded: row.recorded,
    input_sha256,
  };
}
