// The aggregate accumulator on its own: typed rows of the monthly and both Home Office layouts mapped
// to cells, a repeated key summed and noted, an unknown code kept and noted.
import { describe, expect, it } from 'vitest';
import { AggregateAccumulator, monthEntry, quarterEntry } from '#core/ingest/aggregate-accumulator.ts';
import { HomeOfficePfaGroupRowSchema, HomeOfficePfaRowSchema } from '#core/ingest/schemas.ts';

const SHA = 'b'.repeat(64);
const month = (offence_code: string, recorded: number, cancelled: number | null) => ({
  force_code: 'Kent',
  month: '2019-07',
  offence_code,
  recorded,
  cancelled,
});
const quarter = {
  financial_year: '2019/20',
  financial_quarter: '4',
  force_name: 'Kent',
  number_of_offences: '10',
};
const codeRow = HomeOfficePfaRowSchema.parse({ ...quarter, offence_code: '46' });
const groupRow = HomeOfficePfaGroupRowSchema.parse({ ...quarter, offence_group: 'Theft offences' });

describe('monthEntry', () => {
  it('makes a month cell at code level, cancelled null when the file has no such column', () => {
    const { row, unknownCode } = monthEntry(month('8n', 12, 3), 'kent', 2, true);
    expect([row.force_code, row.period_start, row.period_end, row.grain, row.source_line]).toEqual([
      'kent',
      '2019-07',
      '2019-07',
      'month',
      2,
    ]);
    expect([row.level, row.offence_code, row.offence_group, row.offence_subgroup]).toEqual([
      'code',
      '8N',
      'Violence against the person',
      'Violence with injury',
    ]);
    expect([row.recorded, row.cancelled, unknownCode]).toEqual([12, 3, false]);
    expect(monthEntry(month('8N', 12, 3), 'kent', 2, false).row.cancelled).toBeNull();
    expect(monthEntry(month('ZZ1', 1, 0), 'kent', 2, true).unknownCode).toBe(true);
  });
});

describe('quarterEntry', () => {
  it('maps both Home Office layouts to quarter cells that differ only in their offence fields', () => {
    const byCode = quarterEntry(codeRow, 10, 'kent', 5);
    const byGroup = quarterEntry(groupRow, 10, 'kent', 5);
    const common = {
      force_code: 'kent',
      period_start: '2020-01',
      period_end: '2020-03',
      grain: 'quarter',
      recorded: 10,
      cancelled: null,
      source_line: 5,
    };
    expect(byCode.row).toEqual({
      ...common,
      level: 'code',
      offence_code: '46',
      offence_group: 'Theft offences',
      offence_subgroup: 'Shoplifting',
    });
    expect(byGroup.row).toEqual({
      ...common,
      level: 'group',
      offence_code: null,
      offence_group: 'Theft offences',
      offence_subgroup: null,
    });
    expect([byCode.unknownCode, byGroup.unknownCode]).toEqual([false, false]);
    expect(Object.keys(byCode.row)).toEqual(Object.keys(byGroup.row));
  });
});

describe('AggregateAccumulator', () => {
  it('keeps cells in the order first seen and notes nothing for clean rows', () => {
    const acc = new AggregateAccumulator();
    acc.add(monthEntry(month('8N', 1, 0), 'kent', 2, true));
    acc.add(monthEntry(month('46', 2, 0), 'essex', 3, true));
    expect(acc.size).toBe(2);
    const out = acc.finish('returns.csv', SHA);
    expect(out.rows.map((r) => [r.force_code, r.offence_code])).toEqual([
      ['kent', '8N'],
      ['essex', '46'],
    ]);
    expect(out.notes).toEqual([]);
  });

  it('sums a repeated key, noting every line and value; an unknown cancelled part makes the sum unknown', () => {
    const acc = new AggregateAccumulator();
    acc.add(monthEntry(month('8N', 10, 1), 'kent', 2, true));
    acc.add(monthEntry(month('8N', 5, null), 'kent', 4, true));
    acc.add(monthEntry(month('8N', 1, 2), 'kent', 7, true));
    const out = acc.finish('returns.csv', SHA);
    expect(out.rows).toEqual([expect.objectContaining({ recorded: 16, cancelled: null, source_line: 2 })]);
    expect(out.notes).toHaveLength(1);
    expect(out.notes[0]).toMatchObject({ kind: 'duplicate_key', offence_code: '8N', file: 'returns.csv' });
    expect(out.notes[0]).toMatchObject({ lines: [2, 4, 7], values: [10, 5, 1], input_sha256: SHA });
  });

  it('notes an unknown code after the duplicate note of its cell, citing all its lines', () => {
    const acc = new AggregateAccumulator();
    acc.add(monthEntry(month('ZZ1', 3, 0), 'kent', 2, true));
    acc.add(monthEntry(month('ZZ1', 4, 0), 'kent', 3, true));
    acc.add(quarterEntry({ ...codeRow, offence_code: 'Q99' }, 10, 'kent', 4));
    const notes = acc.finish('returns.csv', SHA).notes;
    expect(
      notes.map((n) => [n.kind, 'offence_code' in n && n.offence_code, 'lines' in n && n.lines]),
    ).toEqual([
      ['duplicate_key', 'ZZ1', [2, 3]],
      ['unknown_offence_code', 'ZZ1', [2, 3]],
      ['unknown_offence_code', 'Q99', [4]],
    ]);
    expect(notes[1]).toMatchObject({ recorded: 7, period_start: '2019-07', input_sha256: SHA });
  });
});
