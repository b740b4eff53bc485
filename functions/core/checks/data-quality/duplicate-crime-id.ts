/**
 * dq.duplicate_crime_id — a record-level extract lists the same crime_id on more than one row for a
 * force. Ingest counted each crime once, from its first row, left the later rows out and noted them per
 * month; this check reports them once per force and file. The file is the unit an auditor can act on:
 * a repeated reference comes from how the extract was produced (a join that fans out, status updates
 * appended instead of applied, a file concatenated twice), so the force fixes it with one re-export
 * and one answer, and month-by-month findings would split one cause into many findings, each too small
 * to rank by its true size. Severity by the crimes affected (the materiality ladder of common.ts);
 * the summary says whether the later rows were copies or disagreed with the row that was counted.
 */

import type { IngestNoteOf } from '#core/model/ingest.ts';
import type { Check, CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import { fmt, linesLabel, plural } from '../wording.ts';
import { ANY_OFFENCE, byForceAndFile, notesOf, periodText, severityAtStake } from './common.ts';
import { type DataQualityConfig, DEFAULT_DATA_QUALITY_CONFIG, type Materiality } from './config.ts';

type DuplicateCrimeNote = IngestNoteOf<'duplicate_crime_id'>;

/** Crimes named in the summary; the evidence lists every row the notes hold. */
const SUMMARY_EXAMPLES = 3;

const COMPARED_FIELDS = [
  'recorded_date',
  'offence_code',
  'original_offence_code',
  'status',
  'status_date',
  'cancellation_code',
];

export function createDuplicateCrimeIdCheck(config: DataQualityConfig = DEFAULT_DATA_QUALITY_CONFIG): Check {
  return {
    id: 'dq.duplicate_crime_id',
    signature: 'data_quality',
    ruleVersion: '1.1.0',
    description:
      'A record-level extract lists the same crime_id on more than one row; each crime was counted once, from its first row.',
    run(input) {
      const notes = notesOf(input, 'duplicate_crime_id');
      return byForceAndFile(notes).map((group) => fromNotes(group, config.materiality));
    },
  };
}

export const duplicateCrimeIdCheck: Check = createDuplicateCrimeIdCheck();

function fromNotes(notes: DuplicateCrimeNote[], materiality: Materiality): CheckDraft {
  const first = notes[0]!;
  const last = notes[notes.length - 1]!;
  const crimes = sum(notes, (n) => n.crimes);
  const dropped = sum(notes, (n) => n.rows_dropped);
  const conflicting = sum(notes, (n) => n.conflicting_rows);
  const duplicates = notes.flatMap((n) => n.duplicates.map((d) => ({ month: n.period_start, ...d })));
  const period = { period_start: first.period_start, period_end: last.period_end };
  const lineSet = new Set<number>();
  for (const d of duplicates) lineSet.add(d.kept_line).add(d.line);
  return draft({
    severity: severityAtStake(crimes, ANY_OFFENCE, materiality),
    force_code: first.force_code,
    ...period,
    // The rows the file holds for these crimes, against the crimes they stand for.
    observed: crimes + dropped,
    expected: crimes,
    summary: summaryOf(first, period, { crimes, dropped, conflicting }, duplicates),
    inputs: [first.input_sha256],
    discriminator: `${first.input_sha256}|${first.file}`,
    evidence: {
      method:
        'Ingest counted each crime_id of a force once, from its first row in the file, and left out the later rows with the same crime_id, comparing each with the row counted.',
      parameters: { rule: 'first_row_wins', compared_fields: COMPARED_FIELDS },
      crimes,
      rows_dropped: dropped,
      conflicting_rows: conflicting,
      identical_rows: dropped - conflicting,
      months: notes.map((n) => ({
        month: n.period_start,
        crimes: n.crimes,
        rows_dropped: n.rows_dropped,
        conflicting_rows: n.conflicting_rows,
      })),
      // Ingest keeps the first rows left out of each month (a bounded list); the counts above are complete.
      duplicates,
      duplicates_complete: duplicates.length === dropped,
      lines: [...lineSet].sort((a, b) => a - b).map((line) => ({ file: first.file, line })),
    },
  });
}

function summaryOf(
  first: DuplicateCrimeNote,
  period: { period_start: string; period_end: string },
  { crimes, dropped, conflicting }: { crimes: number; dropped: number; conflicting: number },
  duplicates: ReadonlyArray<DuplicateCrimeNote['duplicates'][number]>,
): string {
  // Per crime: the kept line and the lines left out, for the summary's examples.
  const linesByCrime = new Map<string, number[]>();
  for (const d of duplicates) {
    const ls = linesByCrime.get(d.crime_id);
    if (ls) ls.push(d.line);
    else linesByCrime.set(d.crime_id, [d.kept_line, d.line]);
  }
  const examples = [...linesByCrime.entries()]
    .slice(0, SUMMARY_EXAMPLES)
    .map(([id, ls]) => `${JSON.stringify(id)} on ${linesLabel(ls)}`);
  const more = crimes - examples.length;
  const exampleText = `${examples.join('; ')}${more > 0 ? ` and ${fmt(more)} more` : ''}`;
  const agreement =
    conflicting === 0
      ? dropped === 1
        ? 'an exact copy of the row counted'
        : 'all exact copies of the rows counted'
      : conflicting === dropped
        ? `${dropped === 1 ? 'which differs' : 'all of which differ'} from the row counted in offence, status, dates or cancellation code`
        : `${fmt(conflicting)} of which ${conflicting === 1 ? 'differs' : 'differ'} from the row counted in offence, status, dates or cancellation code`;
  return (
    `In ${first.file}, ${plural(crimes, 'crime_id')} of ${first.force_code} counted in ${periodText(period)} ` +
    `${crimes === 1 ? 'appears' : 'appear'} on more than one row (${exampleText}); each crime was counted once, ` +
    `from its first row, leaving out ${plural(dropped, 'later row')}, ${agreement}, which requires explanation.`
  );
}

function sum<T>(xs: readonly T[], f: (x: T) => number): number {
  return xs.reduce((acc, x) => acc + f(x), 0);
}
