// What the SubmissionBuilder tests share: a context, the headers of the four formats, a builder fed a
// table with physical line numbers, and the accepted/rejected narrowing.
import { SubmissionBuilder } from '#core/ingest/submission-builder.ts';
import type { IngestAccepted, IngestRejected, IngestResult } from '#core/model/ingest.ts';
import { MONTHLY_RETURN_HEADER, RECORD_LEVEL_HEADER } from '#core/synthetic/csv.ts';

export const SHA = 'a'.repeat(64);
export const CTX = {
  file: 'returns.csv',
  input_sha256: SHA,
  submitted_at: new Date('2025-04-01T09:00:00Z'),
  run_id: 'run-1',
};

/** Feeds a CSV-like table (header first) with physical line numbers 1, 2, … */
export function build(table: string[][], ctx = CTX): IngestResult {
  const b = new SubmissionBuilder(ctx);
  b.header(table[0]!, 1);
  table.slice(1).forEach((row, i) => {
    b.row(row, i + 2);
  });
  return b.finish();
}

export function accepted(r: IngestResult): IngestAccepted {
  if (!r.ok) throw new Error(`rejected: ${JSON.stringify(r.report.issues, null, 1)}`);
  return r;
}

export function rejected(r: IngestResult): IngestRejected {
  if (r.ok) throw new Error('expected a rejection');
  return r;
}

export const MONTHLY: string[] = [...MONTHLY_RETURN_HEADER];
export const HO = [
  'Financial Year',
  'Financial Quarter',
  'Force Name',
  'Offence Description',
  'Offence Group',
  'Offence Subgroup',
  'Offence Code',
  'Number of Offences',
];
export const HO_GROUP = [
  'Financial Year',
  'Financial Quarter',
  'Force Name',
  'Offence Group',
  'Number of Offences',
];
export const RECORD: string[] = [...RECORD_LEVEL_HEADER];
