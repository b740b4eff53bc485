/**
 * Revisions: which submission's rows are current.
 *
 * Every accepted submission is kept. For each force × period × grain × level (the supersession key)
 * the rows of the latest submission that covers that key are current; a later submission replaces the
 * whole period for that force, so an offence dropped by a correction is dropped from the current view
 * (and the downward-revision check sees it fall to zero). Order: submitted_at, then input_sha256, so
 * that two submissions in the same instant still have one deterministic winner. The SQL view
 * `returns_current` applies the same rule.
 */
import { type ReturnRow, supersessionKey } from './model/returns.ts';

export function compareSubmissions(
  a: Pick<ReturnRow, 'submitted_at' | 'input_sha256'>,
  b: Pick<ReturnRow, 'submitted_at' | 'input_sha256'>,
): number {
  const dt = a.submitted_at.getTime() - b.submitted_at.getTime();
  if (dt !== 0) return dt;
  return a.input_sha256 < b.input_sha256 ? -1 : a.input_sha256 > b.input_sha256 ? 1 : 0;
}

export function currentRevision(history: readonly ReturnRow[]): ReturnRow[] {
  const latest = new Map<string, Pick<ReturnRow, 'submitted_at' | 'input_sha256'>>();
  for (const row of history) {
    const key = supersessionKey(row);
    const seen = latest.get(key);
    if (!seen || compareSubmissions(row, seen) > 0) latest.set(key, row);
  }
  return history.filter((row) => latest.get(supersessionKey(row))?.input_sha256 === row.input_sha256);
}
