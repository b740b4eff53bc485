import { z } from 'zod';

/**
 * The `findings` table of the outside contract (contract.md §3). This schema is the single source
 * of the TypeScript type, of the Parquet column list and of the Glue/Athena table columns; a test
 * keeps those equal.
 */
export const SIGNATURES = ['reclassification', 'no_crime_spike', 'sudden_drop', 'data_quality'] as const;
export const SignatureSchema = z.enum(SIGNATURES);
export type Signature = z.infer<typeof SignatureSchema>;

export const SEVERITIES = ['high', 'medium', 'low', 'info'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');

export const FindingSchema = z.object({
  finding_id: z.string().min(1),
  run_id: z.string().min(1),
  signature: SignatureSchema,
  check_id: z.string().min(1),
  rule_version: z.string().min(1),
  severity: SeveritySchema,
  force_code: z.string().min(1),
  period_start: month,
  period_end: month,
  offence_group: z.string().nullable(),
  offence_subgroup: z.string().nullable(),
  offence_code: z.string().nullable(),
  related_offence_code: z.string().nullable(),
  observed: z.number().nullable(),
  expected: z.number().nullable(),
  unit: z.enum(['crimes', 'rate']),
  effect_size: z.number().nullable(),
  p_value: z.number().min(0).max(1).nullable(),
  q_value: z.number().min(0).max(1).nullable(),
  near_target: z.boolean(),
  summary: z.string().min(1),
  /** JSON text: method, parameters, baseline window, peers used, series excerpt. */
  evidence: z.string().min(2),
  input_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  created_at: z.date(),
});
export type Finding = z.infer<typeof FindingSchema>;

/** Physical column types shared by the Parquet writer, DuckDB views and the Glue table. */
export type ColumnType = 'string' | 'double' | 'bigint' | 'boolean' | 'timestamp';

export const FINDING_COLUMNS: ReadonlyArray<readonly [keyof Finding, ColumnType]> = [
  ['finding_id', 'string'],
  ['run_id', 'string'],
  ['signature', 'string'],
  ['check_id', 'string'],
  ['rule_version', 'string'],
  ['severity', 'string'],
  ['force_code', 'string'],
  ['period_start', 'string'],
  ['period_end', 'string'],
  ['offence_group', 'string'],
  ['offence_subgroup', 'string'],
  ['offence_code', 'string'],
  ['related_offence_code', 'string'],
  ['observed', 'double'],
  ['expected', 'double'],
  ['unit', 'string'],
  ['effect_size', 'double'],
  ['p_value', 'double'],
  ['q_value', 'double'],
  ['near_target', 'boolean'],
  ['summary', 'string'],
  ['evidence', 'string'],
  ['input_sha256', 'string'],
  ['created_at', 'timestamp'],
];

/** Evidence is structured while in memory and serialised to JSON text in the table. */
export interface Evidence {
  method: string;
  reference?: string;
  parameters?: Record<string, unknown>;
  baseline?: { start: string; end: string; description?: string };
  peers?: string[];
  series?: Array<{ period: string; value: number | null; expected?: number | null }>;
  lines?: Array<{ file: string; line: number }>;
  [extra: string]: unknown;
}
