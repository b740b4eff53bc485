import { z } from 'zod';
import type { ColumnType } from './findings.ts';

/** The `runs` table: one row per audit run, local or in the cloud. */
export const RunSchema = z.object({
  run_id: z.string(),
  kind: z.enum(['local', 'upload', 'scheduled']),
  started_at: z.date(),
  /** Null while the run is in progress (its row is written before the findings that name it). */
  finished_at: z.date().nullable(),
  /** `running` until the run ends: a row still `running` long after its start is a run that was killed. */
  status: z.enum(['running', 'succeeded', 'partial', 'failed']),
  files_seen: z.number().int(),
  files_ingested: z.number().int(),
  files_unchanged: z.number().int(),
  files_quarantined: z.number().int(),
  forces_audited: z.number().int(),
  findings_total: z.number().int(),
  findings_new: z.number().int(),
  rule_versions: z.string(),
  message: z.string(),
});
export type Run = z.infer<typeof RunSchema>;

export const RUN_COLUMNS: ReadonlyArray<readonly [keyof Run, ColumnType]> = [
  ['run_id', 'string'],
  ['kind', 'string'],
  ['started_at', 'timestamp'],
  ['finished_at', 'timestamp'],
  ['status', 'string'],
  ['files_seen', 'bigint'],
  ['files_ingested', 'bigint'],
  ['files_unchanged', 'bigint'],
  ['files_quarantined', 'bigint'],
  ['forces_audited', 'bigint'],
  ['findings_total', 'bigint'],
  ['findings_new', 'bigint'],
  ['rule_versions', 'string'],
  ['message', 'string'],
];
