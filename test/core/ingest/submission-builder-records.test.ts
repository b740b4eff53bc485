// The streaming submission builder on its own, record-level extracts: records in, month cells out.
import { describe, expect, it } from 'vitest';
import { SubmissionBuilder } from '#core/ingest/submission-builder.ts';
import { accepted, build, CTX, RECORD, rejected } from './builder-fixture.ts';

describe('record-level', () => {
  it('aggregates records into month cells: recorded by recorded_date, cancelled by status_date', () => {
    const r = accepted(
      build([
        RECORD,
        ['C1', 'kent', '2023-01-05', '8N', '8N', 'recorded', '', ''],
        ['C2', 'kent', '2023-01-09', '105A', '8N', 'recorded', '', ''],
        ['C3', 'kent', '2023-01-10', '105A', '8n', 'RECORDED', '', ''],
        ['C4', 'kent', '2023-01-20', '8N', '', 'cancelled', '2023-02-03', 'C1'],
        ['C5', 'kent', '2023-01-21', '8N', '8N', 'cancelled', '2023-01-25', 'C1'],
        ['C6', 'kent', '2023-01-22', '46', '46', 'transferred', '', ''],
        // A crime recorded in February: February is one of the extract's recording months.
        ['C7', 'kent', '2023-02-15', '105A', '105A', 'recorded', '', ''],
      ]),
    );
    expect(r.format).toBe('record_level');
    expect(
      r.rows.map((x) => [x.period_start, x.offence_code, x.recorded, x.cancelled, x.source_line]),
    ).toEqual([
      ['2023-01', '8N', 1, 1, 2],
      ['2023-01', '105A', 2, 0, 3],
      ['2023-02', '8N', 0, 1, 5],
      ['2023-02', '105A', 1, 0, 8],
    ]);
    expect(r.rows.every((x) => x.grain === 'month' && x.level === 'code')).toBe(true);
    expect(r.transitions).toEqual([
      { force_code: 'kent', month: '2023-01', from_offence_code: '8N', to_offence_code: '105A', count: 2 },
    ]);
    expect(r.skipped).toEqual([expect.objectContaining({ reason: 'transferred', count: 1, lines: [7] })]);
    expect(r.notes).toEqual([]);
  });

  it('notes unknown codes once per cell, with the first lines', () => {
    const rows = [RECORD];
    for (let i = 0; i < 30; i++) rows.push([`C${i}`, 'kent', '2023-01-05', 'ZZ', 'ZZ', 'recorded', '', '']);
    const r = accepted(build(rows));
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toMatchObject({ kind: 'unknown_offence_code', offence_code: 'ZZ', recorded: 30 });
    const lines = (r.notes[0] as { lines: number[] }).lines;
    expect(lines).toHaveLength(20);
    expect(lines.slice(0, 3)).toEqual([2, 3, 4]);
  });

  it('requires status_date for cancelled records and a known status', () => {
    const r = rejected(
      build([
        RECORD,
        ['C1', 'kent', '2023-01-05', '8N', '8N', 'cancelled', '', ''],
        ['C2', 'kent', '2023-01-05', '8N', '8N', 'deleted', '', ''],
        ['C3', 'kent', '2023-02-30', '8N', '8N', 'recorded', '', ''],
      ]),
    );
    expect(r.report.issues.map((i) => [i.line, i.field, i.value])).toEqual([
      [2, 'status_date', ''],
      [3, 'status', 'deleted'],
      [4, 'recorded_date', '2023-02-30'],
    ]);
    expect(r.report.issues[0]!.message).toMatch(/cancelled record needs status_date/);
    expect(r.report.issues[1]!.message).toBe('expected a status: recorded, cancelled or transferred');
  });

  it('reads JSON Lines objects, numbers and nulls included, detecting the format from the first', () => {
    const b = new SubmissionBuilder(CTX);
    b.row(
      {
        crime_id: 1,
        force_code: 'kent',
        recorded_date: '2023-03-01',
        offence_code: '8N',
        status: 'recorded',
      },
      1,
    );
    b.row(
      {
        crime_id: 'x',
        force_code: 'kent',
        recorded_date: '2023-03-02',
        offence_code: '105A',
        original_offence_code: '8N',
        status: 'recorded',
        status_date: null,
      },
      2,
    );
    expect(b.format).toBe('record_level');
    const r = accepted(b.finish());
    expect(r.rows.map((x) => [x.offence_code, x.recorded])).toEqual([
      ['8N', 1],
      ['105A', 1],
    ]);
    expect(r.transitions).toHaveLength(1);
  });

  it('rejects a JSON value that is neither text nor a number, and a missing key as an empty cell', () => {
    const b = new SubmissionBuilder(CTX);
    b.row(
      {
        crime_id: 'a',
        force_code: 'kent',
        recorded_date: '2023-03-01',
        offence_code: '8N',
        status: 'recorded',
      },
      1,
    );
    b.row(
      {
        crime_id: 'b',
        force_code: ['kent'],
        recorded_date: '2023-03-01',
        offence_code: '8N',
        status: 'recorded',
      },
      2,
    );
    b.row({ crime_id: 'c', force_code: 'kent', recorded_date: '2023-03-01', status: 'recorded' }, 3);
    const r = rejected(b.finish());
    expect(r.report.issues.map((i) => [i.line, i.field, i.value])).toEqual([
      [2, 'force_code', '["kent"]'],
      [3, 'offence_code', ''],
    ]);
    expect(r.report.issues[0]!.message).toBe('expected text or a number, found an array');
    expect(r.report.issues[1]!.message).toMatch(/expected an offence code .*; the cell is empty/);
  });
});
