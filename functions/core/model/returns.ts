import { z } from 'zod';
import type { ColumnType } from './findings.ts';

/**
 * One normalised cell of a force return: a force, a period (a month, or a financial quarter when the
 * source is quarterly), an offence at code or group level, and its counts. This is the curated
 * `returns` table; every revision of every cell is kept and `returns_current` picks the latest.
 */
export const SOURCE_FORMATS = [
  'monthly_aggregate',
  'home_office_pfa',
  'home_office_pfa_group',
  'record_level',
] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export const ReturnRowSchema = z.object({
  force_code: z.string(),
  period_start: z.string(),
  period_end: z.string(),
  /** `month` or `quarter` (a financial quarter: three months, contract §1b). */
  grain: z.enum(['month', 'quarter']),
  /** `code` when offence_code is set, `group` when the source only has offence groups. */
  level: z.enum(['code', 'group']),
  offence_code: z.string().nullable(),
  offence_group: z.string(),
  offence_subgroup: z.string().nullable(),
  /** Kept as given (double) so that a negative or fractional count is preserved and flagged, not lost. */
  recorded: z.number(),
  /** Null when the source has no cancellation counts: no-crime checks then skip and say so. */
  cancelled: z.number().nullable(),
  source_format: z.enum(SOURCE_FORMATS),
  source_file: z.string(),
  /** 1-based line of the source row (the first line for cells aggregated from record-level data). */
  source_line: z.number().int(),
  /** Content hash of the uploaded file: the submission (revision) identifier. */
  input_sha256: z.string(),
  /**
   * When the submission was uploaded (S3's event time for the object; locally the file's modification
   * time or `--submitted-at`): the order that decides which revision is current.
   */
  submitted_at: z.date(),
  /** When the auditor read it (null in files written before 0.8.0): a tie-break, never the order. */
  processed_at: z.date().nullable().optional(),
  run_id: z.string(),
});
export type ReturnRow = z.infer<typeof ReturnRowSchema>;

export const RETURN_COLUMNS: ReadonlyArray<readonly [keyof ReturnRow, ColumnType]> = [
  ['force_code', 'string'],
  ['period_start', 'string'],
  ['period_end', 'string'],
  ['grain', 'string'],
  ['level', 'string'],
  ['offence_code', 'string'],
  ['offence_group', 'string'],
  ['offence_subgroup', 'string'],
  ['recorded', 'double'],
  ['cancelled', 'double'],
  ['source_format', 'string'],
  ['source_file', 'string'],
  ['source_line', 'bigint'],
  ['input_sha256', 'string'],
  ['submitted_at', 'timestamp'],
  ['processed_at', 'timestamp'],
  ['run_id', 'string'],
];

/** The key a corrected re-submission supersedes: force × period × grain × level. */
export function supersessionKey(
  r: Pick<ReturnRow, 'force_code' | 'period_start' | 'grain' | 'level'>,
): string {
  return `${r.force_code}|${r.period_start}|${r.grain}|${r.level}`;
}

/** The key of one cell within a period. */
export function cellKey(
  r: Pick<ReturnRow, 'force_code' | 'period_start' | 'grain' | 'level' | 'offence_code' | 'offence_group'>,
): string {
  return `${supersessionKey(r)}|${r.level === 'code' ? r.offence_code : r.offence_group}`;
}
