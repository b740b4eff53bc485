// Record-level extracts: a crime_id repeated within a force is counted once (the first row wins) and
// noted; a cancellation or transfer dated before the crime was recorded is counted as given and noted.

import { describe, expect, it } from 'vitest';
import { MAX_NOTE_LINES } from '#core/ingest/record-notes.ts';
import { SubmissionBuilder } from '#core/ingest/submission-builder.ts';
import type { IngestAccepted, IngestNote, IngestResult } from '#core/model/ingest.ts';

const SHA = 'c'.repeat(64);
const CTX = {
  file: 'extract.csv',
  input_sha256: SHA,
  submitted_at: new Date('2025-04-01T09:00:00Z'),
  run_id: 'run-1',
};
const RECORD = [
  'crime_id',
  'force_code',
  'recorded_date',
  'offence_code',
  'original_offence_code',
  'status',
  'status_date',
  'cancellation_code',
];

function build(rows: string[][]): IngestResult {
  const b = new SubmissionBuilder(CTX);
  b.header(RECORD, 1);
  rows.forEach((row, i) => {
    b.row(row, i + 2);
  });
  return b.finish();
}

function accepted(r: IngestResult): IngestAccepted {
  if (!r.ok) throw new Error(`rejected: ${JSON.stringify(r.report.issues, null, 1)}`);
  return r;
}

const cells = (r: IngestAccepted) =>
  r.rows.map((x) => [x.period_start, x.offence_code, x.recorded, x.cancelled, x.source_line]);

type DupNote = Extract<IngestNote, { kind: 'duplicate_crime_id' }>;
type StatusNote = Extract<IngestNote, { kind: 'status_date_before_recorded' }>;
const dupNotes = (r: IngestAccepted) => r.notes.filter((n): n is DupNote => n.kind === 'duplicate_crime_id');
const statusNotes = (r: IngestAccepted) =>
  r.notes.filter((n): n is StatusNote => n.kind === 'status_date_before_recorded');

describe('record-level: a repeated crime_id', () => {
  it('counts an exact copy once and notes it, with the kept and the left-out line', () => {
    const r = accepted(
      build([
        ['C1', 'kent', '2023-01-05', '8N', '8N', 'recorded', '', ''],
        ['C2', 'kent', '2023-01-06', '8N', '8N', 'recorded', '', ''],
        ['C1', 'Kent', '2023-01-05', '8n', '8N', 'recorded', '', ''],
      ]),
    );
    expect(cells(r)).toEqual([['2023-01', '8N', 2, 0, 2]]);
    expect(r.notes).toEqual([
      {
        kind: 'duplicate_crime_id',
        force_code: 'kent',
        period_start: '2023-01',
        period_end: '2023-01',
        file: 'extract.csv',
        crimes: 1,
        rows_dropped: 1,
        conflicting_rows: 0,
        duplicates: [{ crime_id: 'C1', kept_line: 2, line: 4, identical: true }],
        input_sha256: SHA,
      },
    ]);
  });

  it('keeps the first row when the repeats disagree, and says they disagreed', () => {
    const r = accepted(
      build([
        ['C1', 'kent', '2023-01-05', '105A', '8N', 'recorded', '', ''],
        ['C1', 'kent', '2023-01-05', '105A', '8N', 'cancelled', '2023-02-03', 'C1'],
        ['C2', 'kent', '2023-01-07', '8N', '', 'recorded', '', ''],
        ['C2', 'kent', '2023-01-07', '8N', '', 'recorded', '', ''],
        ['C2', 'kent', '2023-01-07', '5D', '', 'recorded', '', ''],
        ['C3', 'kent', '2023-01-08', '105A', '8N', 'recorded', '', ''],
      ]),
    );
    // C1 counts as recorded (its first row); its cancellation in February is not counted.
    expect(cells(r)).toEqual([
      ['2023-01', '105A', 2, 0, 2],
      ['2023-01', '8N', 1, 0, 4],
    ]);
    // The reclassification of C1 is counted once too.
    expect(r.transitions).toEqual([
      { force_code: 'kent', month: '2023-01', from_offence_code: '8N', to_offence_code: '105A', count: 2 },
    ]);
    const [n] = dupNotes(r);
    expect(n).toMatchObject({ crimes: 2, rows_dropped: 3, conflicting_rows: 2, period_start: '2023-01' });
    expect(n!.duplicates).toEqual([
      { crime_id: 'C1', kept_line: 2, line: 3, identical: false },
      { crime_id: 'C2', kept_line: 4, line: 5, identical: true },
      { crime_id: 'C2', kept_line: 4, line: 6, identical: false },
    ]);
  });

  it('files the note under the month the kept row was counted in, one note per month', () => {
    const r = accepted(
      build([
        ['C1', 'kent', '2023-01-05', '8N', '', 'recorded', '', ''],
        ['C2', 'kent', '2023-01-20', '8N', '', 'cancelled', '2023-02-03', 'C1'],
        ['C2', 'kent', '2023-01-20', '8N', '', 'recorded', '', ''],
        ['C1', 'kent', '2023-01-05', '8N', '', 'recorded', '', ''],
        ['C3', 'kent', '2023-02-10', '105A', '', 'recorded', '', ''],
      ]),
    );
    expect(cells(r)).toEqual([
      ['2023-01', '8N', 1, 0, 2],
      ['2023-02', '8N', 0, 1, 3],
      ['2023-02', '105A', 1, 0, 6],
    ]);
    expect(dupNotes(r).map((n) => [n.period_start, n.duplicates.map((d) => d.crime_id)])).toEqual([
      ['2023-01', ['C1']],
      ['2023-02', ['C2']],
    ]);
  });

  it('treats the same crime_id in two forces as two crimes', () => {
    const r = accepted(
      build([
        ['C1', 'kent', '2023-01-05', '8N', '', 'recorded', '', ''],
        ['C1', 'essex', '2023-01-05', '8N', '', 'recorded', '', ''],
      ]),
    );
    expect(r.rows.map((x) => [x.force_code, x.recorded])).toEqual([
      ['kent', 1],
      ['essex', 1],
    ]);
    expect(r.notes).toEqual([]);
  });

  it('counts every left-out row but lists at most MAX_NOTE_LINES of them', () => {
    const rows = [['C1', 'kent', '2023-01-05', '8N', '', 'recorded', '', '']];
    for (let i = 0; i < 30; i++) rows.push(['C1', 'kent', '2023-01-05', '8N', '', 'recorded', '', '']);
    const r = accepted(build(rows));
    expect(cells(r)).toEqual([['2023-01', '8N', 1, 0, 2]]);
    const [n] = dupNotes(r);
    expect([n!.crimes, n!.rows_dropped, n!.duplicates.length]).toEqual([1, 30, MAX_NOTE_LINES]);
  });

  it('lets a transferred first row win: the crime counts nowhere and the note sits in a month with a cell', () => {
    const r = accepted(
      build([
        ['C0', 'kent', '2023-03-01', '8N', '', 'recorded', '', ''],
        ['C1', 'kent', '2023-04-05', '8N', '', 'transferred', '2023-04-06', ''],
        ['C1', 'kent', '2023-04-05', '8N', '', 'recorded', '', ''],
      ]),
    );
    expect(cells(r)).toEqual([['2023-03', '8N', 1, 0, 2]]);
    expect(r.skipped).toEqual([expect.objectContaining({ reason: 'transferred', count: 1, lines: [3] })]);
    const [n] = dupNotes(r);
    expect(n).toMatchObject({ period_start: '2023-03', crimes: 1, conflicting_rows: 1 });
    expect(n!.duplicates).toEqual([{ crime_id: 'C1', kept_line: 3, line: 4, identical: false }]);
  });
});

describe('record-level: status_date before recorded_date', () => {
  it('keeps and counts the record, and notes the line, crime_id and both dates', () => {
    const r = accepted(
      build([
        ['C1', 'kent', '2023-03-10', '8N', '', 'cancelled', '2023-03-02', 'C1'],
        ['C2', 'kent', '2023-03-10', '8N', '', 'cancelled', '2023-03-10', 'C1'],
        // Same UK day: 23:30Z on 31 March is 00:30 BST on 1 April, after the recorded date.
        ['C3', 'kent', '2023-04-01', '8N', '', 'cancelled', '2023-03-31T23:30:00Z', 'C1'],
        // A recorded crime's status_date decides nothing and is not checked.
        ['C4', 'kent', '2023-03-10', '8N', '', 'recorded', '2023-03-01', ''],
      ]),
    );
    expect(cells(r)).toEqual([
      ['2023-03', '8N', 1, 2, 2],
      ['2023-04', '8N', 0, 1, 4],
    ]);
    expect(r.notes).toEqual([
      {
        kind: 'status_date_before_recorded',
        force_code: 'kent',
        period_start: '2023-03',
        period_end: '2023-03',
        file: 'extract.csv',
        records: 1,
        examples: [
          {
            crime_id: 'C1',
            line: 2,
            status: 'cancelled',
            recorded_date: '2023-03-10',
            status_date: '2023-03-02',
          },
        ],
        input_sha256: SHA,
      },
    ]);
  });

  it('notes a transferred record too, in a month in which the file counted crimes for the force', () => {
    const r = accepted(
      build([
        ['C1', 'kent', '2023-02-10', '8N', '', 'recorded', '', ''],
        ['C2', 'kent', '2023-05-10', '8N', '', 'transferred', '2023-04-30', ''],
        ['C3', 'kent', '2023-06-10', '8N', '', 'recorded', '', ''],
      ]),
    );
    const [n] = statusNotes(r);
    // April has no cell for Kent in this file: the note moves to the nearest earlier month with one.
    expect(n!.period_start).toBe('2023-02');
    expect(n!.examples).toEqual([
      {
        crime_id: 'C2',
        line: 3,
        status: 'transferred',
        recorded_date: '2023-05-10',
        status_date: '2023-04-30',
      },
    ]);
  });

  it('does not check a repeated row that was left out', () => {
    const r = accepted(
      build([
        ['C1', 'kent', '2023-03-10', '8N', '', 'cancelled', '2023-03-12', 'C1'],
        ['C1', 'kent', '2023-03-10', '8N', '', 'cancelled', '2023-03-02', 'C1'],
      ]),
    );
    expect(statusNotes(r)).toEqual([]);
    expect(dupNotes(r)[0]!.conflicting_rows).toBe(1);
  });
});
