/**
 * Ingest notes and record-level transitions (duplicate keys, unknown codes) belong to the submission that produced them. Once a
 * later submission supersedes that force and period, the note is history, not a current problem.
 */
import type { CancellationCohort, IngestNote, ReclassificationTransition } from './model/ingest.ts';
import type { ReturnRow } from './model/returns.ts';
import type { StoredCohort, StoredTransition } from './ports.ts';

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

/**
 * Cancellation cohorts of the record-level submissions that are current for their force and month of
 * recording, matched like transitions. (A cohort month none of whose crimes still stands has no cell
 * of its own to match; with real volumes that does not happen, and then it is simply not used.)
 */
export function currentCohorts(
  cohorts: readonly StoredCohort[],
  current: readonly ReturnRow[],
): CancellationCohort[] {
  const held = new Set(
    current
      .filter((r) => r.source_format === 'record_level')
      .map((r) => `${r.force_code}|${r.period_start}|${r.input_sha256}`),
  );
  return cohorts
    .filter((c) => held.has(`${c.force_code}|${c.month}|${c.input_sha256}`))
    .map(({ input_sha256: _sha, ...c }) => c);
}
