/**
 * What the data-quality checks share: the materiality ladder that sets severity, the formats in
 * which an absent cell means zero, and the wording helpers that keep summaries neutral and uniform.
 */
import { seriousnessWeight } from '#core/detection/seriousness.ts';
import type { Severity } from '#core/model/findings.ts';
import type { IngestNote, IngestNoteOf } from '#core/model/ingest.ts';
import type { SourceFormat } from '#core/model/returns.ts';
import type { AuditInput } from '../check.ts';
import type { Materiality } from './config.ts';

/** The offence a finding is about, for its seriousness weight; nulls for "all offences" or an unknown code. */
export interface OffenceOf {
  offence_group: string | null;
  offence_code: string | null;
}

/**
 * Severity by the crimes at stake weighted by seriousness (config.ts `materiality`): |crimes| × the
 * offence's weight against the ladder's steps; no crimes at stake is info.
 */
export function severityAtStake(crimes: number, offence: OffenceOf, ladder: Materiality): Severity {
  const c = Math.abs(crimes);
  if (!(c > 0)) return 'info';
  const weighted = c * seriousnessWeight(offence.offence_group, offence.offence_code);
  if (weighted >= ladder.severity_high_weighted_crimes) return 'high';
  if (weighted >= ladder.severity_medium_weighted_crimes) return 'medium';
  return 'low';
}

/** For problems not tied to one offence (a file's repeated crime_ids): the default weight. */
export const ANY_OFFENCE: OffenceOf = { offence_group: null, offence_code: null };

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
export function byForceAndFile<T extends FileNote>(notes: readonly T[]): T[][] {
  return byForceFileAnd(notes, () => '');
}

interface FileNote {
  force_code: string;
  input_sha256: string;
  file: string;
  period_start: string;
}

/**
 * Notes grouped by force, file and `key` (an offence code or cell key), each group in period order and
 * the groups in a stable order: one problem of one file (an unknown code, a repeated cell) is one
 * finding however many months it recurs in, since one correction of the file fixes every month.
 */
export function byForceFileAnd<T extends FileNote>(notes: readonly T[], key: (n: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const n of notes) {
    const k = JSON.stringify([n.force_code, n.input_sha256, n.file, key(n)]);
    const g = groups.get(k);
    if (g) g.push(n);
    else groups.set(k, [n]);
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
