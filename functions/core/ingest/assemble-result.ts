/**
 * What SubmissionBuilder.finish() returns, assembled from what the accumulators gathered: the cells
 * stamped with the submission's identity, or the validation report that rejects the whole file.
 */
import type { IngestAccepted, IngestRejected, SkippedRows } from '../model/ingest.ts';
import type { ReturnRow, SourceFormat } from '../model/returns.ts';
import { OFFENCE_REFERENCE_VERSION } from '../reference/offence-reference.ts';
import type { AccumulatedCells } from './cells.ts';
import type { IssueCollector } from './issues.ts';
import type { AccumulatedRecords } from './record-accumulator.ts';

/** Who submitted what, when: stamped on every row. */
export interface SubmissionIdentity {
  file: string;
  input_sha256: string;
  submitted_at: Date;
  /** When the auditor read the file (default: submitted_at). */
  processed_at?: Date;
  run_id: string;
}

/** How far reading got, for the file-level problems and the counts the run summary shows. */
export interface ReadProgress {
  headerDone: boolean;
  rowsRead: number;
  notAvailable: number;
  cells: number;
  skipped: readonly SkippedRows[];
}

/** A file with no issue of its own can still hold nothing to audit; that is a problem of the whole file. */
export function emptyFileMessage(progress: ReadProgress): string | null {
  if (!progress.headerDone) return 'the file is empty: expected a header line followed by data rows';
  if (progress.rowsRead === 0) return 'no data rows: the file has a header but no rows after it';
  if (progress.cells > 0) return null;
  const why = progress.skipped.map((s) => `${s.count} ${s.reason.replace(/_/g, ' ')} (${s.value})`);
  return `no usable rows: all ${progress.rowsRead} data rows were skipped — ${why.join(', ')}; nothing to audit`;
}

export function rejected(
  identity: Pick<SubmissionIdentity, 'file' | 'input_sha256'>,
  format: SourceFormat | null,
  rowsRead: number,
  issues: IssueCollector,
): IngestRejected {
  return {
    ok: false,
    report: {
      file: identity.file,
      input_sha256: identity.input_sha256,
      format,
      rows_read: rowsRead,
      issue_count: issues.count,
      issues: issues.issues,
      truncated: issues.truncated,
    },
  };
}

export function accepted(
  identity: SubmissionIdentity,
  format: SourceFormat,
  progress: ReadProgress,
  cells: AccumulatedCells | AccumulatedRecords,
): IngestAccepted {
  const base = {
    source_format: format,
    source_file: identity.file,
    input_sha256: identity.input_sha256,
    submitted_at: identity.submitted_at,
    processed_at: identity.processed_at ?? identity.submitted_at,
    run_id: identity.run_id,
  };
  const rows: ReturnRow[] = cells.rows.map((r) => ({ ...r, ...base }));
  const result: IngestAccepted = {
    ok: true,
    format,
    rows,
    notes: cells.notes,
    rowsRead: progress.rowsRead,
    notAvailable: progress.notAvailable,
    skipped: [...progress.skipped],
    offenceReferenceVersion: OFFENCE_REFERENCE_VERSION,
  };
  if ('transitions' in cells) {
    result.transitions = cells.transitions;
    result.cohorts = cells.cohorts;
  }
  return result;
}
