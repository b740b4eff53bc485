/**
 * dq.duplicate_key — the same cell (force, period, offence) appeared more than once in one file.
 * Ingest keeps every line and adds the values together, and records the fact as a note, one a period.
 * One finding per force, file and offence, spanning the first to the last period with a repeat, each
 * period in the evidence (rule 1.1.0; 1.0.0 raised one finding a period, 27 for one offence group
 * of the City of London in the Home Office table): one file's layout explains them together.
 * Severity by the crimes at stake (config.ts `materiality`): where a period's values are identical the
 * row may be a copy, and the copies' crimes are double-counted; where they differ they are plausibly
 * parts of one cell (split by sub-area, say), the sum is likely right, and the finding is low. The
 * summary says what was done with the values.
 */

import type { Severity } from '#core/model/findings.ts';
import type { IngestNoteOf } from '#core/model/ingest.ts';
import type { AuditInput, Check, CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import { capitalise, fmt, linesLabel, offenceLabel, plural } from '../wording.ts';
import { byForceFileAnd, notesOf, periodText, severityAtStake } from './common.ts';
import { type DataQualityConfig, DEFAULT_DATA_QUALITY_CONFIG, type Materiality } from './config.ts';

type DuplicateNote = IngestNoteOf<'duplicate_key'>;

export function createDuplicateKeyCheck(config: DataQualityConfig = DEFAULT_DATA_QUALITY_CONFIG): Check {
  return {
    id: 'dq.duplicate_key',
    signature: 'data_quality',
    ruleVersion: '1.1.0',
    description:
      'The same force, period and offence appears on more than one line of a file; the values were added together.',
    run(input: AuditInput): CheckDraft[] {
      const subgroups = subgroupIndex(input);
      const groups = byForceFileAnd(notesOf(input, 'duplicate_key'), (n) =>
        JSON.stringify([n.offence_group, n.offence_code]),
      );
      return groups.map((g) => fromNotes(g, subgroups, config.materiality));
    },
  };
}

export const duplicateKeyCheck: Check = createDuplicateKeyCheck();

/** offence code → subgroup, from the current rows (a note does not carry it). */
export function subgroupIndex(input: AuditInput): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const r of input.current) {
    if (r.offence_code !== null && !out.has(r.offence_code)) out.set(r.offence_code, r.offence_subgroup);
  }
  return out;
}

const identical = (n: DuplicateNote) => n.values.length > 1 && n.values.every((v) => v === n.values[0]);
const sumOf = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Crimes counted twice if the identical repeats are copies: every value after the first. */
function copiedCrimes(notes: readonly DuplicateNote[]): number {
  return sumOf(notes.filter(identical).map((n) => sumOf(n.values.slice(1))));
}

function severityOf(notes: readonly DuplicateNote[], materiality: Materiality): Severity {
  const first = notes[0]!;
  const copied = severityAtStake(copiedCrimes(notes), first, materiality);
  return copied === 'info' ? 'low' : copied;
}

function fromNotes(
  notes: DuplicateNote[],
  subgroups: Map<string, string | null>,
  materiality: Materiality,
): CheckDraft {
  const n = notes[0]!;
  const last = notes[notes.length - 1]!;
  const period = { period_start: n.period_start, period_end: last.period_end };
  const total = sumOf(notes.map((x) => sumOf(x.values)));
  const copies = notes.filter(identical).length;
  const copied = copiedCrimes(notes);
  const what = offenceLabel({ offence_code: n.offence_code, offence_group: n.offence_group });
  const lines = notes.flatMap((x) => x.lines);
  const where = `${n.file} (${linesLabel(lines)})`;
  return draft({
    severity: severityOf(notes, materiality),
    force_code: n.force_code,
    ...period,
    offence_group: n.offence_group,
    offence_subgroup: n.offence_code === null ? null : (subgroups.get(n.offence_code) ?? null),
    offence_code: n.offence_code,
    observed: total,
    // If the identical repeats are accidental copies, the cells should have held that much less.
    expected: copies > 0 ? total - copied : null,
    summary: capitalise(summaryOf(notes, what, where, total, copies)),
    inputs: [n.input_sha256],
    discriminator: `${n.input_sha256}|${n.file}`,
    evidence: {
      method:
        'Ingest found more than one line with the same force, period and offence in one file and summed them; the periods of one file and offence form one finding.',
      parameters: { grouped_by: ['force', 'file', 'offence'], identical_values: copies === notes.length },
      periods: notes.map((x) => ({
        period: x.period_start,
        values: [...x.values],
        summed_to: sumOf(x.values),
        identical_values: identical(x),
      })),
      summed_to: total,
      copied_crimes: copied,
      lines: lines.map((line) => ({ file: n.file, line })),
    },
  });
}

function summaryOf(
  notes: readonly DuplicateNote[],
  what: string,
  where: string,
  total: number,
  copies: number,
): string {
  const n = notes[0]!;
  const period = periodText({
    period_start: n.period_start,
    period_end: notes[notes.length - 1]!.period_end,
  });
  if (notes.length === 1) {
    return copies === 1
      ? `${what} for ${n.force_code} in ${period} appears ${n.values.length} times with the same value (${fmt(n.values[0]!)}) in ${where}; the values were added together to give ${fmt(total)}, which double-counts if a row was repeated, so please confirm.`
      : `${what} for ${n.force_code} in ${period} appears ${n.values.length} times with different values (${n.values.map(fmt).join(', ')}) in ${where}; the values were added together to give ${fmt(total)}, please confirm that is right.`;
  }
  const kind =
    copies === notes.length
      ? 'each time with identical values, which double-counts if rows were repeated'
      : copies === 0
        ? 'each time with different values'
        : `with identical values in ${plural(copies, 'period')}, which double-counts if rows were repeated`;
  return `${what} for ${n.force_code} appears more than once in each of ${plural(notes.length, 'period')} from ${period} in ${where}, ${kind}; the values of each period were added together (${fmt(total)} in all), please confirm that is right.`;
}
