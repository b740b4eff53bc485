/**
 * Ingest notes and record-level transitions (duplicate keys, unknown codes) belong to the submission that produced them. Once a
 * later submission supersedes that force and period, the note is history, not a current problem.
 */
import type { IngestNote } from './checks/check.ts';
import type { ReclassificationTransition } from './ingest/result.ts';
import type { ReturnRow } from './model/returns.ts';
import type { StoredTransition } from './ports.ts';

export function currentNotes(notes: readonly IngestNote[], current: readonly ReturnRow[]): IngestNote[] {
  const held = new Set(current.map((r) => `${r.force_code}|${r.period_start}|${r.input_sha256}`));
  return notes.filter((n) => held.has(`${n.force_code}|${n.period_start}|${n.input_sha256}`));
}

/**
 * Transitions of the record-level submissions that are current for their force and month. They carry
 * no hash of their own, so they are matched to the current record-level cells by force and month.
 */
export function currentTransitions(
  transitions: readonly StoredTransition[],
  current: readonly ReturnRow[],
): ReclassificationTransition[] {
  const held = new Set(
    current
      .filter((r) => r.source_format === 'record_level')
      .map((r) => `${r.force_code}|${r.period_start}|${r.input_sha256}`),
  );
  return transitions
    .filter((t) => held.has(`${t.force_code}|${t.month}|${t.input_sha256}`))
    .map(({ input_sha256: _sha, ...t }) => t);
}
