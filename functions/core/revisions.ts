/**
 * Revisions: which submission's rows are current.
 *
 * Every accepted submission is kept. For each force × period × grain × level (the supersession key)
 * the rows of the latest submission that covers that key are current; a later submission replaces the
 * whole period for that force, so an offence dropped by a correction is dropped from the current view
 * (and the downward-revision check sees it fall to zero).
 *
 * "Latest" is upload order: `submitted_at` is when the file was uploaded (S3's event time, or the
 * local file's time), never when the auditor happened to process it, because S3 delivers events late
 * and out of order and a late redelivery of an old upload must not displace its correction. Equal
 * upload times fall back to `processed_at` (within one local run: the order the files were given),
 * then to `input_sha256`, so every reader picks the same winner. The SQL view `returns_current`
 * applies the same rule.
 */
import { type ReturnRow, supersessionKey } from './model/returns.ts';

export type SubmissionOrderKey = Pick<ReturnRow, 'submitted_at' | 'input_sha256'> & {
  processed_at?: Date | null;
};

export function compareSubmissions(a: SubmissionOrderKey, b: SubmissionOrderKey): number {
  const dt = a.submitted_at.getTime() - b.submitted_at.getTime();
  if (dt !== 0) return dt;
  const dp = (a.processed_at ?? a.submitted_at).getTime() - (b.processed_at ?? b.submitted_at).getTime();
  if (dp !== 0) return dp;
  return a.input_sha256 < b.input_sha256 ? -1 : a.input_sha256 > b.input_sha256 ? 1 : 0;
}

export function currentRevision(history: readonly ReturnRow[]): ReturnRow[] {
  const latest = new Map<string, SubmissionOrderKey>();
  for (const row of history) {
    const key = supersessionKey(row);
    const seen = latest.get(key);
    if (!seen || compareSubmissions(row, seen) > 0) latest.set(key, row);
  }
  return history.filter((row) => latest.get(supersessionKey(row))?.input_sha256 === row.input_sha256);
}
