import { z } from 'zod';

/** One problem found while validating an input file: always file, line and field, and what was expected. */
export const ValidationIssueSchema = z.object({
  file: z.string(),
  /** 1-based physical line (the header is line 1 in CSV); 0 for problems with the file as a whole. */
  line: z.number().int().min(0),
  field: z.string(),
  /** What the file held there, truncated and stripped of control characters. */
  value: z.string().nullable(),
  message: z.string(),
});
export type ValidationIssue = z.infer<typeof ValidationIssueSchema>;

/** The machine-readable report stored beside a quarantined file. */
export const ValidationReportSchema = z.object({
  file: z.string(),
  input_sha256: z.string(),
  format: z.string().nullable(),
  rows_read: z.number().int(),
  issue_count: z.number().int(),
  /** The first issues (capped so a wholly wrong file does not produce a report larger than itself). */
  issues: z.array(ValidationIssueSchema),
  truncated: z.boolean(),
});
export type ValidationReport = z.infer<typeof ValidationReportSchema>;

export function formatIssue(i: ValidationIssue): string {
  const where = i.line > 0 ? `${i.file}:${i.line}` : i.file;
  const val = i.value === null ? '' : ` (got ${JSON.stringify(i.value)})`;
  return `${where}: field "${i.field}": ${i.message}${val}`;
}
