// The row decoder on its own: raw CSV values or a JSON Lines object in, the typed row of the detected
// format out, or validation issues naming line, column (as the header spelt it), value and expectation.
import { describe, expect, it } from 'vitest';
import { detectFormat } from '#core/ingest/formats.ts';
import { IssueCollector } from '#core/ingest/issues.ts';
import { RowDecoder } from '#core/ingest/row-decoder.ts';
import { HO_GROUP, MONTHLY, RECORD } from './builder-fixture.ts';

function decoder(header: readonly string[], headerLine = 1) {
  const detected = detectFormat(header);
  if (!detected.ok) throw new Error(detected.message);
  const issues = new IssueCollector('returns.csv');
  return { decoder: new RowDecoder(detected.columns, headerLine, issues), issues };
}

describe('RowDecoder', () => {
  it('types a CSV row by header position, and keeps the raw text beside it', () => {
    const { decoder: d, issues } = decoder(['recorded', 'offence_code', 'month', 'force_code']);
    const decoded = d.decode(['1,204', ' 8n', '2019-07', 'Kent'], 2);
    expect(decoded).toEqual({
      format: 'monthly_aggregate',
      row: { force_code: 'Kent', month: '2019-07', offence_code: '8N', recorded: 1204, cancelled: null },
      raw: { recorded: '1,204', offence_code: ' 8n', month: '2019-07', force_code: 'Kent' },
    });
    expect(issues.count).toBe(0);
  });

  it('types each format: a Home Office group row reads "N/a" as a count not supplied', () => {
    const { decoder: d } = decoder(HO_GROUP);
    const decoded = d.decode(['2019/20', '2', 'Kent', 'Robbery', 'N/a'], 7);
    expect(decoded?.format).toBe('home_office_pfa_group');
    expect(decoded?.row).toMatchObject({
      financial_quarter: 2,
      force_name: 'Kent',
      number_of_offences: null,
    });
    expect(decoded?.raw?.number_of_offences).toBe('N/a');
  });

  it('matches JSON Lines keys by name, turns numbers and nulls into text, ignores unknown keys', () => {
    const { decoder: d, issues } = decoder(RECORD);
    const decoded = d.decode(
      {
        'Crime ID': 'C1',
        force_code: 'kent',
        recorded_date: '2023-02-01',
        offence_code: 46,
        original_offence_code: null,
        status: 'Recorded',
        extra: { nested: true },
      },
      3,
    );
    expect(issues.count).toBe(0);
    expect(decoded?.format).toBe('record_level');
    expect(decoded?.row).toMatchObject({
      crime_id: 'C1',
      offence_code: '46',
      original_offence_code: null,
      status: 'recorded',
      status_date: null,
    });
  });

  it('reports a nested JSON value under its key, and a left-out key as an empty cell', () => {
    const { decoder: d, issues } = decoder(MONTHLY);
    expect(d.decode({ force_code: 'kent', month: '2019-07', offence_code: ['8N'] }, 4)).toBeNull();
    expect(issues.issues).toEqual([
      expect.objectContaining({
        line: 4,
        field: 'offence_code',
        value: '["8N"]',
        message: 'expected text or a number, found an array',
      }),
    ]);
    expect(d.decode({ force_code: 'kent', month: '2019-07', offence_code: '8N' }, 5)).toBeNull();
    expect(issues.issues[1]).toMatchObject({ line: 5, field: 'recorded', value: '' });
    expect(issues.issues[1]!.message).toMatch(/the cell is empty/);
  });

  it('reports a row of the wrong width, naming the header line', () => {
    const { decoder: d, issues } = decoder(MONTHLY, 3);
    expect(d.decode(['kent', '2019-07', '8N'], 9)).toBeNull();
    expect(issues.issues).toEqual([
      {
        file: 'returns.csv',
        line: 9,
        field: 'row',
        value: 'kent,2019-07,8N',
        message: 'expected 5 columns as in the header (line 3), found 3',
      },
    ]);
  });

  it('names the column as the header spelt it, with the value it held', () => {
    const { decoder: d, issues } = decoder(HO_GROUP);
    expect(d.decode(['2019/20', '5', 'Kent', 'Robbery', 'ten'], 2)).toBeNull();
    expect(issues.issues.map((i) => [i.line, i.field, i.value])).toEqual([
      [2, 'Financial Quarter', '5'],
      [2, 'Number of Offences', 'ten'],
    ]);
    expect(d.columnName('force_name')).toBe('Force Name');
    expect(d.columnName('status')).toBe('status');
  });
});
