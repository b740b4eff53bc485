/**
 * Merging a run's findings into a force's stored findings. A finding whose id is already stored is
 * the same finding seen again: the stored row (its first run_id and created_at) is kept, so running
 * the same audit twice leaves the table unchanged. Stored findings the run no longer raises are
 * reported as resolved (the data that raised them was corrected or superseded).
 */
import type { Finding } from './model/findings.ts';

export interface MergedFindings {
  findings: Finding[];
  added: Finding[];
  kept: Finding[];
  resolved: Finding[];
}

export function mergeFindings(stored: readonly Finding[], raised: readonly Finding[]): MergedFindings {
  const storedById = new Map(stored.map((f) => [f.finding_id, f]));
  const raisedIds = new Set(raised.map((f) => f.finding_id));
  const added: Finding[] = [];
  const kept: Finding[] = [];
  const findings = raised.map((f) => {
    const prior = storedById.get(f.finding_id);
    if (!prior) {
      added.push(f);
      return f;
    }
    // Same finding: keep its identity in time, take the newest evidence and statistics.
    const merged = { ...f, run_id: prior.run_id, created_at: prior.created_at };
    kept.push(merged);
    return merged;
  });
  const resolved = stored.filter((f) => !raisedIds.has(f.finding_id));
  return { findings, added, kept, resolved };
}
