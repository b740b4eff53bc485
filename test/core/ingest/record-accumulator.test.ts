// The record-level accumulator on its own: typed records in, month cells, reclassifications and
// cancellation cohorts out, each crime counted once.
import { describe, expect, it } from 'vitest';
import { RecordAccumulator } from '#core/ingest/record-accumulator.ts';
import { MAX_NOTE_LINES } from '#core/ingest/record-notes.ts';
import { type RecordLevelRow, RecordLevelRowSchema } from '#core/ingest/schemas.ts';

const SHA = 'c'.repeat(64);

function record(fields: Partial<Record<string, string>>): RecordLevelRow {
  return RecordLevelRowSchema.parse({
    crime_id: 'C1',
    force_code: 'kent',
    recorded_date: '2023-01-10',
    offence_code: '8N',
    status: 'recorded',
    ...fields,
  });
}

describe('RecordAccumulator', () => {
  it('counts a recorded crime in its recorded month and a cancellation in its status month', () => {
    const acc = new RecordAccumulator();
    expect(acc.add('kent', record({ crime_id: 'A' }), 2)).toBe('counted');
    const cancelled = record({ crime_id: 'B', status: 'cancelled', status_date: '2023-02-03' });
    expect(acc.add('kent', cancelled, 3)).toBe('counted');
    // A crime recorded in February puts February inside the extract's recording months.
    expect(
      acc.add('kent', record({ crime_id: 'C', recorded_date: '2023-02-20', offence_code: '105A' }), 4),
    ).toBe('counted');
    const out = acc.finish('extract.csv', SHA);
    expect(
      out.rows.map((r) => [r.period_start, r.offence_code, r.recorded, r.cancelled, r.source_line]),
    ).toEqual([
      ['2023-01', '8N', 1, 0, 2],
      ['2023-02', '8N', 0, 1, 3],
      ['2023-02', '105A', 1, 0, 4],
    ]);
    expect(out.rows[0]).toMatchObject({ grain: 'month', level: 'code', period_end: '2023-01' });
    expect(out.notes).toEqual([]);
  });

  it('counts a cancellation decided after the last recording month in its recording month', () => {
    const acc = new RecordAccumulator();
    acc.add('kent', record({ crime_id: 'A', recorded_date: '2023-02-10' }), 2);
    // Decided in February (inside the edge): counted in February.
    acc.add('kent', record({ crime_id: 'B', status: 'cancelled', status_date: '2023-02-01' }), 3);
    // Decided in March and April, after the last recording month: counted in the recording month.
    acc.add('kent', record({ crime_id: 'C', status: 'cancelled', status_date: '2023-03-15' }), 4);
    acc.add(
      'kent',
      record({ crime_id: 'D', recorded_date: '2023-02-20', status: 'cancelled', status_date: '2023-04-02' }),
      5,
    );
    acc.add(
      'kent',
      record({ crime_id: 'E', offence_code: '46', status: 'cancelled', status_date: '2023-03-01' }),
      6,
    );
    // Another force's edge is its own: essex records in March.
    acc.add('essex', record({ crime_id: 'A', recorded_date: '2023-03-01' }), 7);
    acc.add('essex', record({ crime_id: 'B', status: 'cancelled', status_date: '2023-03-05' }), 8);
    const out = acc.finish('extract.csv', SHA);
    // No cell is left after the edge; the cells the late decisions need are made at the end.
    expect(
      out.rows.map((r) => [r.force_code, r.period_start, r.offence_code, r.recorded, r.cancelled]),
    ).toEqual([
      ['kent', '2023-02', '8N', 1, 2],
      ['essex', '2023-03', '8N', 1, 1],
      ['kent', '2023-01', '8N', 0, 1],
      ['kent', '2023-01', '46', 0, 1],
    ]);
    // The cohorts still see every crime in its recording month.
    expect(
      out.cohorts.filter((c) => c.force_code === 'kent').map((c) => [c.month, c.offence_code, c.crimes]),
    ).toEqual([
      ['2023-01', '46', 1],
      ['2023-01', '8N', 2],
      ['2023-02', '8N', 2],
    ]);
  });

  it('counts a transferred crime nowhere, and a repeated crime_id once', () => {
    const acc = new RecordAccumulator();
    expect(acc.add('kent', record({ crime_id: 'T', status: 'transferred' }), 2)).toBe('transferred');
    expect(acc.add('kent', record({ crime_id: 'A' }), 3)).toBe('counted');
    expect(acc.add('kent', record({ crime_id: 'A' }), 4)).toBe('repeated');
    // The same reference in another force is another crime.
    expect(acc.add('essex', record({ crime_id: 'A' }), 5)).toBe('counted');
    expect(acc.size).toBe(2);
    const out = acc.finish('extract.csv', SHA);
    expect(out.rows.map((r) => [r.force_code, r.recorded])).toEqual([
      ['kent', 1],
      ['essex', 1],
    ]);
    expect(out.notes).toEqual([
      expect.objectContaining({ kind: 'duplicate_crime_id', force_code: 'kent', crimes: 1, rows_dropped: 1 }),
    ]);
  });

  it('counts reclassifications of recorded crimes by force, month, from and to, in that order', () => {
    const acc = new RecordAccumulator();
    const rows = [
      { crime_id: 'A', force: 'kent', offence_code: '8N', original_offence_code: '8l' },
      { crime_id: 'B', force: 'kent', offence_code: '8N', original_offence_code: '8L' },
      { crime_id: 'C', force: 'essex', offence_code: '46', original_offence_code: '49' },
      { crime_id: 'D', force: 'essex', offence_code: '46', original_offence_code: '46' },
      { crime_id: 'E', force: 'kent', offence_code: '46', original_offence_code: '49', status: 'cancelled' },
    ];
    rows.forEach(({ force, ...r }, i) => {
      acc.add(force, record({ status_date: '2023-01-20', ...r }), i + 2);
    });
    expect(acc.finish('extract.csv', SHA).transitions).toEqual([
      { force_code: 'essex', month: '2023-01', from_offence_code: '49', to_offence_code: '46', count: 1 },
      { force_code: 'kent', month: '2023-01', from_offence_code: '8L', to_offence_code: '8N', count: 2 },
    ]);
  });

  it('builds cancellation cohorts by recorded month, complete once the extract has run the follow-up', () => {
    const acc = new RecordAccumulator();
    acc.add('kent', record({ crime_id: 'A', recorded_date: '2023-01-05' }), 2);
    acc.add(
      'kent',
      record({ crime_id: 'B', recorded_date: '2023-01-06', status: 'cancelled', status_date: '2023-01-20' }),
      3,
    );
    acc.add('kent', record({ crime_id: 'C', recorded_date: '2023-05-01' }), 4);
    const cohorts = acc.finish('extract.csv', SHA).cohorts;
    expect(cohorts.map((c) => [c.month, c.crimes, c.cancelled_within, c.complete])).toEqual([
      ['2023-01', 2, 1, true],
      ['2023-05', 1, 0, false],
    ]);
  });

  it('notes an unknown code once per cell, with its first lines', () => {
    const acc = new RecordAccumulator();
    for (let i = 0; i < MAX_NOTE_LINES + 5; i++)
      acc.add('kent', record({ crime_id: `U${i}`, offence_code: 'zz9' }), i + 2);
    const [note, ...rest] = acc.finish('extract.csv', SHA).notes;
    expect(rest).toEqual([]);
    expect(note).toMatchObject({
      kind: 'unknown_offence_code',
      offence_code: 'ZZ9',
      recorded: MAX_NOTE_LINES + 5,
    });
    expect(note?.kind === 'unknown_offence_code' && note.lines).toEqual(
      Array.from({ length: MAX_NOTE_LINES }, (_, i) => i + 2),
    );
  });
});
