/**
 * dq.status_date_before_recorded — cancelled or transferred records in a record-level extract whose
 * status_date is earlier than their recorded_date: a crime cannot be cancelled or transferred before
 * it was recorded. Ingest counted the records as given and noted them per month; this check reports
 * them once per force and file (the dates come from how the force's system or extract fills them, so
 * one answer covers the file). Severity by the records affected; the summary names the line,
 * crime_id and both dates of the first record, and the evidence lists all the notes hold.
 */

import type { IngestNoteOf } from '#core/model/ingest.ts';
import type { Check, CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import { fmt, plural } from '../wording.ts';
import { ANY_OFFENCE, byForceAndFile, notesOf, periodText, severityAtStake } from './common.ts';
import { type DataQualityConfig, DEFAULT_DATA_QUALITY_CONFIG, type Materiality } from './config.ts';

type StatusDateNote = IngestNoteOf<'status_date_before_recorded'>;

export function createStatusDateBeforeRecordedCheck(
  config: DataQualityConfig = DEFAULT_DATA_QUALITY_CONFIG,
): Check {
  return {
    id: 'dq.status_date_before_recorded',
    signature: 'data_quality',
    ruleVersion: '1.1.0',
    description:
      'A cancelled or transferred record whose status_date is earlier than its recorded_date; the record was still counted.',
    run(input) {
      const notes = notesOf(input, 'status_date_before_recorded');
      return byForceAndFile(notes).map((group) => fromNotes(group, config.materiality));
    },
  };
}

export const statusDateBeforeRecordedCheck: Check = createStatusDateBeforeRecordedCheck();

function fromNotes(notes: StatusDateNote[], materiality: Materiality): CheckDraft {
  const first = notes[0]!;
  const last = notes[notes.length - 1]!;
  const records = notes.reduce((acc, n) => acc + n.records, 0);
  const examples = notes.flatMap((n) => n.examples.map((e) => ({ month: n.period_start, ...e })));
  const period = { period_start: first.period_start, period_end: last.period_end };
  const e = examples[0]!;
  const named =
    `line ${e.line}, crime_id ${JSON.stringify(e.crime_id)}: recorded ${e.recorded_date}, ` +
    `${e.status} ${e.status_date}${records > 1 ? `, and ${fmt(records - 1)} more` : ''}`;
  const summary =
    `In ${first.file}, ${plural(records, 'cancelled or transferred record')} of ${first.force_code} in ` +
    `${periodText(period)} ${records === 1 ? 'has' : 'have'} a status_date earlier than the recorded_date (${named}); ` +
    `a crime cannot be cancelled or transferred before it was recorded, the ${records === 1 ? 'record was' : 'records were'} ` +
    'counted as given (a cancellation in the month of its status_date), and this requires explanation.';
  return draft({
    severity: severityAtStake(records, ANY_OFFENCE, materiality),
    force_code: first.force_code,
    ...period,
    observed: records,
    expected: 0,
    summary,
    inputs: [first.input_sha256],
    discriminator: `${first.input_sha256}|${first.file}`,
    evidence: {
      method:
        'Ingest compared the status_date of each cancelled or transferred record with its recorded_date (UK calendar days) and noted those dated earlier.',
      parameters: { statuses: ['cancelled', 'transferred'], compared: 'calendar day' },
      records,
      months: notes.map((n) => ({ month: n.period_start, records: n.records })),
      // Ingest keeps the first records of each month (a bounded list); the counts above are complete.
      examples,
      examples_complete: examples.length === records,
      lines: examples.map((x) => ({ file: first.file, line: x.line })),
    },
  });
}
