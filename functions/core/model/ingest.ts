/**
 * What ingesting one file yields, and the facts noticed on the way that travel with a submission to
 * every later run (notes, transitions, cohorts). These shapes cross layers: the ingest builds them,
 * the store keeps them in the submission manifest, the checks read them. Each schema lists its fields
 * in the order the ingest writes them, so a manifest read back serialises exactly as it was written.
 */
import { z } from 'zod';
import { ReturnRowSchema, SOURCE_FORMATS } from './returns.ts';
import { ValidationReportSchema } from './validation.ts';

/** A fact recorded during ingest that the data-quality checks turn into findings. */
export const IngestNoteSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('duplicate_key'),
    force_code: z.string(),
    period_start: z.string(),
    period_end: z.string(),
    offence_group: z.string(),
    offence_code: z.string().nullable(),
    file: z.string(),
    lines: z.array(z.number()),
    values: z.array(z.number()),
    input_sha256: z.string(),
  }),
  z.object({
    kind: z.literal('unknown_offence_code'),
    force_code: z.string(),
    offence_code: z.string(),
    period_start: z.string(),
    period_end: z.string(),
    file: z.string(),
    lines: z.array(z.number()),
    recorded: z.number(),
    input_sha256: z.string(),
  }),
  /**
   * Record-level: crime_ids found on more than one row of the file. Each crime was counted once, from
   * its first row; the later rows were left out. One note per force and month (the month the kept rows
   * were counted in), so a corrected re-submission of that month retires it.
   */
  z.object({
    kind: z.literal('duplicate_crime_id'),
    force_code: z.string(),
    period_start: z.string(),
    period_end: z.string(),
    file: z.string(),
    /** Distinct crime_ids with more than one row. */
    crimes: z.number(),
    /** Rows left out: every row of a crime after its first. */
    rows_dropped: z.number(),
    /** Of those, rows that differ from the kept row (offence, status, dates or cancellation code). */
    conflicting_rows: z.number(),
    /** The first rows left out (at most MAX_NOTE_LINES): crime, line kept, line left out, same or not. */
    duplicates: z.array(
      z.object({ crime_id: z.string(), kept_line: z.number(), line: z.number(), identical: z.boolean() }),
    ),
    input_sha256: z.string(),
  }),
  /**
   * Record-level: cancelled or transferred records whose status_date is earlier than their
   * recorded_date (UK calendar day). The records were still counted as given. One note per force and
   * month (the month each record was counted in).
   */
  z.object({
    kind: z.literal('status_date_before_recorded'),
    force_code: z.string(),
    period_start: z.string(),
    period_end: z.string(),
    file: z.string(),
    /** How many such records. */
    records: z.number(),
    /** The first of them (at most MAX_NOTE_LINES). */
    examples: z.array(
      z.object({
        crime_id: z.string(),
        line: z.number(),
        status: z.enum(['cancelled', 'transferred']),
        recorded_date: z.string(),
        status_date: z.string(),
      }),
    ),
    input_sha256: z.string(),
  }),
]);
export type IngestNote = z.infer<typeof IngestNoteSchema>;
export type IngestNoteOf<K extends IngestNote['kind']> = Extract<IngestNote, { kind: K }>;

/**
 * Rows deliberately not turned into cells, grouped by reason and value, so that nothing is dropped
 * silently: the caller shows these in the run summary.
 * - `non_force_body`: Action Fraud, CIFAS, UK Finance — not police forces, so not audited.
 * - `not_available`: "N/a" (or empty) in the Home Office "Number of Offences": the force did not supply
 *   the figure; it is not zero, so no cell is made (a gap the missing-period checks can see).
 * - `transferred`: record-level crimes passed to another force, which records them; counting them here
 *   too would count one crime twice.
 */
export const SkippedRowsSchema = z.object({
  reason: z.enum(['non_force_body', 'not_available', 'transferred']),
  /** The column as the file named it. */
  field: z.string(),
  /** The value that caused the skip (e.g. "Action Fraud", "N/a", "transferred"). */
  value: z.string(),
  count: z.number().int(),
  /** The first lines (at most MAX_SKIPPED_LINES). */
  lines: z.array(z.number().int()),
  message: z.string(),
});
export type SkippedRows = z.infer<typeof SkippedRowsSchema>;

/**
 * Record-level reclassifications: crimes still recorded whose final offence code differs from the
 * code first recorded, counted by force, month recorded and (from → to). Only status `recorded`
 * counts, so these reconcile with the `recorded` cells: of the crimes counted under `to_offence_code`
 * in that month, `count` started as `from_offence_code`.
 */
export const ReclassificationTransitionSchema = z.object({
  force_code: z.string(),
  month: z.string(),
  from_offence_code: z.string(),
  to_offence_code: z.string(),
  count: z.number().int(),
});
export type ReclassificationTransition = z.infer<typeof ReclassificationTransitionSchema>;

/**
 * Record-level cancellation cohorts (METHODS §3, "use cohorts": right-censoring fakes drops and hides
 * rises in recent months). The crimes first recorded in `month` (by recorded_date) under their final
 * `offence_code`, still recorded or since cancelled (transferred crimes excluded), and how many of
 * them were cancelled within `follow_up_days` of their recorded_date. `complete` is false when the
 * extract ends before every crime of the month has had the whole follow-up (its last date is earlier
 * than the month's last day + follow_up_days): such a cohort is still filling and must not be
 * compared with complete ones.
 */
export const CancellationCohortSchema = z.object({
  force_code: z.string(),
  month: z.string(),
  offence_code: z.string(),
  /** Crimes recorded in the month (recorded or cancelled since). */
  crimes: z.number().int(),
  /** Of those, cancelled within follow_up_days of being recorded. */
  cancelled_within: z.number().int(),
  follow_up_days: z.number().int(),
  complete: z.boolean(),
});
export type CancellationCohort = z.infer<typeof CancellationCohortSchema>;

/** A file accepted: the normalised cells with the facts noticed on the way. */
export const IngestAcceptedSchema = z.object({
  ok: z.literal(true),
  format: z.enum(SOURCE_FORMATS),
  /** One row per cell (duplicates summed, records aggregated); source_line is the cell's first line. */
  rows: z.array(ReturnRowSchema),
  notes: z.array(IngestNoteSchema),
  /** Data rows read (excluding the header and blank lines). */
  rowsRead: z.number().int(),
  /** Home Office rows whose count was "N/a"/empty and so made no cell. */
  notAvailable: z.number().int(),
  skipped: z.array(SkippedRowsSchema),
  /** Record-level files only. */
  transitions: z.array(ReclassificationTransitionSchema).optional(),
  /** Record-level files only. */
  cohorts: z.array(CancellationCohortSchema).optional(),
  /** The offence reference table version the codes were mapped with. */
  offenceReferenceVersion: z.string(),
});
export type IngestAccepted = z.infer<typeof IngestAcceptedSchema>;

/** A file rejected, whole: nothing is half-applied. */
export const IngestRejectedSchema = z.object({ ok: z.literal(false), report: ValidationReportSchema });
export type IngestRejected = z.infer<typeof IngestRejectedSchema>;

export const IngestResultSchema = z.discriminatedUnion('ok', [IngestAcceptedSchema, IngestRejectedSchema]);
export type IngestResult = z.infer<typeof IngestResultSchema>;

/** The bytes a result was read from: their sha256 is the submission's identity. */
const ReadFileIdentity = { input_sha256: z.string(), bytes: z.number().int() };

/** One file read: the ingest result and the identity of the exact bytes it came from. */
export const ReadReturnResultSchema = z.discriminatedUnion('ok', [
  IngestAcceptedSchema.extend(ReadFileIdentity),
  IngestRejectedSchema.extend(ReadFileIdentity),
]);
export type ReadReturnResult = z.infer<typeof ReadReturnResultSchema>;
