/**
 * What ingesting one file yields: either the normalised cells with the facts noticed on the way, or a
 * validation report (the whole file is rejected: nothing is half-applied).
 */
import type { IngestNote } from '../checks/check.ts';
import type { ReturnRow, SourceFormat } from '../model/returns.ts';
import type { ValidationReport } from '../model/validation.ts';

/**
 * Rows deliberately not turned into cells, grouped by reason and value, so that nothing is dropped
 * silently: the caller shows these in the run summary.
 * - `non_force_body`: Action Fraud, CIFAS, UK Finance — not police forces, so not audited.
 * - `not_available`: "N/a" (or empty) in the Home Office "Number of Offences": the force did not supply
 *   the figure; it is not zero, so no cell is made (a gap the missing-period checks can see).
 * - `transferred`: record-level crimes passed to another force, which records them; counting them here
 *   too would count one crime twice.
 */
export interface SkippedRows {
  reason: 'non_force_body' | 'not_available' | 'transferred';
  /** The column as the file named it. */
  field: string;
  /** The value that caused the skip (e.g. "Action Fraud", "N/a", "transferred"). */
  value: string;
  count: number;
  /** The first lines (at most MAX_SKIPPED_LINES). */
  lines: number[];
  message: string;
}

/**
 * Record-level reclassifications: crimes still recorded whose final offence code differs from the
 * code first recorded, counted by force, month recorded and (from → to). Only status `recorded`
 * counts, so these reconcile with the `recorded` cells: of the crimes counted under `to_offence_code`
 * in that month, `count` started as `from_offence_code`.
 */
export interface ReclassificationTransition {
  force_code: string;
  month: string;
  from_offence_code: string;
  to_offence_code: string;
  count: number;
}

/**
 * Record-level cancellation cohorts (METHODS §3, "use cohorts": right-censoring fakes drops and hides
 * rises in recent months). The crimes first recorded in `month` (by recorded_date) under their final
 * `offence_code`, still recorded or since cancelled (transferred crimes excluded), and how many of
 * them were cancelled within `follow_up_days` of their recorded_date. `complete` is false when the
 * extract ends before every crime of the month has had the whole follow-up (its last date is earlier
 * than the month's last day + follow_up_days): such a cohort is still filling and must not be
 * compared with complete ones.
 */
export interface CancellationCohort {
  force_code: string;
  month: string;
  offence_code: string;
  /** Crimes recorded in the month (recorded or cancelled since). */
  crimes: number;
  /** Of those, cancelled within follow_up_days of being recorded. */
  cancelled_within: number;
  follow_up_days: number;
  complete: boolean;
}

export interface IngestAccepted {
  ok: true;
  format: SourceFormat;
  /** One row per cell (duplicates summed, records aggregated); source_line is the cell's first line. */
  rows: ReturnRow[];
  notes: IngestNote[];
  /** Data rows read (excluding the header and blank lines). */
  rowsRead: number;
  /** Home Office rows whose count was "N/a"/empty and so made no cell. */
  notAvailable: number;
  skipped: SkippedRows[];
  /** Record-level files only. */
  transitions?: ReclassificationTransition[];
  /** Record-level files only. */
  cohorts?: CancellationCohort[];
  /** The offence reference table version the codes were mapped with. */
  offenceReferenceVersion: string;
}

export interface IngestRejected {
  ok: false;
  report: ValidationReport;
}

export type IngestResult = IngestAccepted | IngestRejected;
