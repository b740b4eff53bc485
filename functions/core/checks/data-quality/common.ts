/**
 * What the data-quality checks share: the materiality ladder that sets severity, the formats in
 * which an absent cell means zero, and the wording helpers that keep summaries neutral and uniform.
 */
import type { Severity } from '#core/model/findings.ts';
import type { IngestNote, IngestNoteOf } from '#core/model/ingest.ts';
import type { SourceFormat } from '#core/model/returns.ts';
import type { AuditInput } from '../check.ts';
import type { Materiality } from './config.ts';

/**
 * Severity by the number of crimes at stake on the family's materiality ladder (config.ts): at least
 * the high step high, at least the medium step medium, any crimes low, otherwise info.
 */
export function severityByCrimes(crimes: number, ladder: Materiality): Severity {
  const c = Math.abs(crimes);
  if (c >= ladder.severity_high_crimes) return 'high';
  if (c >= ladder.severity_medium_crimes) return 'medium';
  if (c > 0) return 'low';
  return 'info';
}

/**
 * Formats in which a missing cell is a zero, not an omission: the Home Office offence-group table
 * drops zero cells upstream, and cells aggregated from a record-level extract only exist where at
 * least one crime does. Monthly returns and the offence-code table list their zeros.
 */
export const ABSENT_MEANS_ZERO: ReadonlySet<SourceFormat> = new Set<SourceFormat>([
  'home_office_pfa_group',
  'record_level',
]);

/**
 * Probability of k further zero periods after y crimes in n baseline periods, allowing for the
 * uncertainty of the rate itself: Poisson counts with a Jeffreys Gamma(½, 0) prior on the rate give a
 * Gamma(y + ½, n) posterior, and the posterior predictive probability of k zero periods is
 * (n / (n + k))^(y + ½). For a well-measured rate it equals exp(−k·y/n); for a sparse code whose
 * baseline happens to hold a chance clump of crimes it stays large, so a quiet spell after the clump
 * is not flagged (the plug-in mean treats the clump as the rate and flags it).
 */
export function predictiveZeroRunProbability(
  baselineCrimes: number,
  baselinePeriods: number,
  k: number,
): number {
  return (baselinePeriods / (baselinePeriods + k)) ** (baselineCrimes + 0.5);
}

/**
 * Notes grouped by force and file (submission hash and name), in a stable order: for facts about one
 * extract that are filed per month (so that a re-submitted month retires its share) but reported once,
 * because their cause and remedy belong to the file.
 */
export function byForceAndFile<
  T extends { force_code: string; input_sha256: string; file: string; period_start: string },
>(notes: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const n of notes) {
    const key = JSON.stringify([n.force_code, n.input_sha256, n.file]);
    const g = groups.get(key);
    if (g) g.push(n);
    else groups.set(key, [n]);
  }
  return [...groups.keys()]
    .sort()
    .map((k) =>
      groups
        .get(k)!
        .sort((a, b) => (a.period_start < b.period_start ? -1 : a.period_start > b.period_start ? 1 : 0)),
    );
}

/** A note's period: one month, or the first to the last. */
export function periodText(n: { period_start: string; period_end: string }): string {
  return n.period_start === n.period_end ? n.period_start : `${n.period_start} to ${n.period_end}`;
}

/** The ingest notes of one kind, in the order ingest made them. */
export function notesOf<K extends IngestNote['kind']>(
  input: Pick<AuditInput, 'notes'>,
  kind: K,
): IngestNoteOf<K>[] {
  return input.notes.filter((n): n is IngestNoteOf<K> => n.kind === kind);
}
