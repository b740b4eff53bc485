/** What the consolidation stages read from a finding's evidence (JSON text) and how they rank severity. */
import type { Severity } from '../model/findings.ts';

export type Ev = Record<string, unknown>;

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, low: 1, medium: 2, high: 3 };

export function parseEvidence(text: string): Ev {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Ev) : {};
  } catch {
    return {};
  }
}

export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * True when the engine already folded this finding into another (its `explained_by` names a finding).
 * A check may use the same key for its own cross-reference (the year-end dip's finer dip), which names
 * no finding id and does not count.
 */
export function alreadyFolded(ev: Ev): boolean {
  const by = ev.explained_by;
  return by !== null && typeof by === 'object' && typeof (by as Ev).finding_id === 'string';
}
