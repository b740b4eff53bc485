/**
 * Ingest notes (duplicate keys, unknown codes) belong to the submission that produced them. Once a
 * later submission supersedes that force and period, the note is history, not a current problem.
 */
import type { IngestNote } from './checks/check.ts';
import type { ReturnRow } from './model/returns.ts';

export function currentNotes(notes: readonly IngestNote[], current: readonly ReturnRow[]): IngestNote[] {
  const held = new Set(current.map((r) => `${r.force_code}|${r.period_start}|${r.input_sha256}`));
  return notes.filter((n) => held.has(`${n.force_code}|${n.period_start}|${n.input_sha256}`));
}
