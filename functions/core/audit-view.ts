/**
 * What one audit run reads of the store: the current revision of every force's cells (the audited
 * forces' own data and everyone else's as peer and national context), every revision of the audited
 * forces' cells (what revision checks compare), and the ingest facts that belong to current cells.
 * Every force's part of it depends on that force's submissions alone (the supersession key starts
 * with the force), so it can be built force by force and kept per force between runs.
 */
import { currentCohorts, currentNotes, currentTransitions } from './notes.ts';
import type { AuditView, StoredSubmissions } from './ports.ts';
import { currentRevision } from './revisions.ts';

/** The view of these submissions for an audit of `audited` (null: every force is audited). */
export function auditView(stored: StoredSubmissions, audited: ReadonlySet<string> | null): AuditView {
  const current = currentRevision(stored.rows);
  return {
    history: audited ? stored.rows.filter((r) => audited.has(r.force_code)) : stored.rows,
    current,
    notes: currentNotes(stored.notes, current),
    transitions: currentTransitions(stored.transitions, current),
    cohorts: currentCohorts(stored.cohorts, current),
  };
}

/** Submissions restricted to one force's rows and facts (a file with several forces keeps only this one's). */
export function forcePart(stored: StoredSubmissions, force: string): StoredSubmissions {
  return {
    rows: stored.rows.filter((r) => r.force_code === force),
    notes: stored.notes.filter((n) => n.force_code === force),
    transitions: stored.transitions.filter((t) => t.force_code === force),
    cohorts: stored.cohorts.filter((c) => c.force_code === force),
  };
}
