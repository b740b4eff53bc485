// The record-level notes on their own: repeats and impossible status dates gathered per force and
// month, handed out one note per force and month, in a month in which the file made a cell.
import { describe, expect, it } from 'vitest';
import type { CellRow } from '#core/ingest/cells.ts';
import { MAX_NOTE_LINES, RecordNotes } from '#core/ingest/record-notes.ts';
import { RecordLevelRowSchema } from '#core/ingest/schemas.ts';

const SHA = 'd'.repeat(64);

function cell(force_code: string, month: string): CellRow {
  return {
    force_code,
    period_start: month,
    period_end: month,
    grain: 'month',
    level: 'code',
    offence_code: '8N',
    offence_group: 'Violence against the person',
    offence_subgroup: 'Violence with injury',
    recorded: 1,
    cancelled: 0,
    source_line: 2,
  };
}

const kept = (month: string, line: number, identical = true, firstRepeat = true) => ({
  line,
  month,
  identical,
  firstRepeat,
});

describe('RecordNotes', () => {
  it('gives nothing when nothing was noted', () => {
    expect(new RecordNotes().notes([cell('kent', '2023-01')], 'x.csv', SHA)).toEqual([]);
  });

  it('counts distinct crimes, rows left out and rows that disagree, listing at most MAX_NOTE_LINES', () => {
    const notes = new RecordNotes();
    notes.repeat('kent', 'A', kept('2023-01', 2), 3);
    for (let i = 0; i < MAX_NOTE_LINES + 3; i++)
      notes.repeat('kent', 'A', kept('2023-01', 2, i % 2 === 0, false), 10 + i);
    const [note] = notes.notes([cell('kent', '2023-01')], 'x.csv', SHA);
    expect(note).toMatchObject({
      kind: 'duplicate_crime_id',
      force_code: 'kent',
      period_start: '2023-01',
      period_end: '2023-01',
      file: 'x.csv',
      crimes: 1,
      rows_dropped: MAX_NOTE_LINES + 4,
      conflicting_rows: 11,
      input_sha256: SHA,
    });
    expect(note?.kind === 'duplicate_crime_id' && note.duplicates[0]).toEqual({
      crime_id: 'A',
      kept_line: 2,
      line: 3,
      identical: true,
    });
    expect(note?.kind === 'duplicate_crime_id' && note.duplicates.length).toBe(MAX_NOTE_LINES);
  });

  it('notes only cancelled or transferred records dated before they were recorded', () => {
    const notes = new RecordNotes();
    const row = (status: string, status_date: string) =>
      RecordLevelRowSchema.parse({
        crime_id: 'S',
        force_code: 'kent',
        recorded_date: '2023-03-10',
        offence_code: '8N',
        status,
        status_date,
      });
    notes.checkStatusDate('kent', row('recorded', '2023-01-01'), '2023-03', 2);
    notes.checkStatusDate('kent', row('cancelled', '2023-03-10'), '2023-03', 3);
    notes.checkStatusDate('kent', row('cancelled', '2023-02-01'), '2023-02', 4);
    expect(notes.notes([cell('kent', '2023-02')], 'x.csv', SHA)).toEqual([
      {
        kind: 'status_date_before_recorded',
        force_code: 'kent',
        period_start: '2023-02',
        period_end: '2023-02',
        file: 'x.csv',
        records: 1,
        examples: [
          {
            crime_id: 'S',
            line: 4,
            status: 'cancelled',
            recorded_date: '2023-03-10',
            status_date: '2023-02-01',
          },
        ],
        input_sha256: SHA,
      },
    ]);
  });

  it('moves a note to the force’s nearest earlier month with a cell (else its first), merging notes there', () => {
    const notes = new RecordNotes();
    notes.repeat('kent', 'A', kept('2023-03', 2), 5);
    notes.repeat('kent', 'B', kept('2023-04', 3), 6);
    notes.repeat('kent', 'C', kept('2023-01', 4), 7);
    notes.repeat('essex', 'D', kept('2023-09', 8), 9);
    const out = notes.notes(
      [cell('kent', '2023-05'), cell('kent', '2023-02'), cell('essex', '2023-09')],
      'x.csv',
      SHA,
    );
    expect(
      out.map((n) => [n.force_code, n.period_start, n.kind === 'duplicate_crime_id' && n.crimes]),
    ).toEqual([
      ['essex', '2023-09', 1],
      ['kent', '2023-02', 3],
    ]);
  });
});
