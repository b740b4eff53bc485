// The streaming submission builder on its own: rows in, cells/notes or a validation report out.

import { describe, expect, it } from 'vitest';
import { SubmissionBuilder } from '../../functions/core/ingest/submission-builder.ts';
import type { IngestAccepted, IngestRejected, IngestResult } from '../../functions/core/model/ingest.ts';

const SHA = 'a'.repeat(64);
const CTX = {
  file: 'returns.csv',
  input_sha256: SHA,
  submitted_at: new Date('2025-04-01T09:00:00Z'),
  run_id: 'run-1',
};

/** Feeds a CSV-like table (header first) with physical line numbers 1, 2, … */
function build(table: string[][], ctx = CTX): IngestResult {
  const b = new SubmissionBuilder(ctx);
  b.header(table[0]!, 1);
  table.slice(1).forEach((row, i) => {
    b.row(row, i + 2);
  });
  return b.finish();
}

function accepted(r: IngestResult): IngestAccepted {
  if (!r.ok) throw new Error(`rejected: ${JSON.stringify(r.report.issues, null, 1)}`);
  return r;
}

function rejected(r: IngestResult): IngestRejected {
  if (r.ok) throw new Error('expected a rejection');
  return r;
}

const MONTHLY = ['force_code', 'month', 'offence_code', 'recorded', 'cancelled'];
const HO = [
  'Financial Year',
  'Financial Quarter',
  'Force Name',
  'Offence Description',
  'Offence Group',
  'Offence Subgroup',
  'Offence Code',
  'Number of Offences',
];
const HO_GROUP = ['Financial Year', 'Financial Quarter', 'Force Name', 'Offence Group', 'Number of Offences'];
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

describe('monthly aggregate', () => {
  it('makes one month cell per row, mapped through the reference table, with provenance', () => {
    const r = accepted(build([MONTHLY, ['Greater Manchester', '2019-07', '8n', '1234', '31']]));
    expect(r.format).toBe('monthly_aggregate');
    expect(r.rows).toEqual([
      {
        force_code: 'greater-manchester',
        period_start: '2019-07',
        period_end: '2019-07',
        grain: 'month',
        level: 'code',
        offence_code: '8N',
        offence_group: 'Violence against the person',
        offence_subgroup: 'Violence with injury',
        recorded: 1234,
        cancelled: 31,
        source_format: 'monthly_aggregate',
        source_file: 'returns.csv',
        source_line: 2,
        input_sha256: SHA,
        submitted_at: CTX.submitted_at,
        run_id: 'run-1',
      },
    ]);
    expect(r.notes).toEqual([]);
    expect(r.rowsRead).toBe(1);
    expect(r.offenceReferenceVersion).toBe('2024-25.1');
    expect(r.transitions).toBeUndefined();
  });

  it('sets cancelled to null when the column is absent', () => {
    const r = accepted(
      build([
        ['force_code', 'month', 'offence_code', 'recorded'],
        ['kent', '2019-07', '46', '5'],
      ]),
    );
    expect(r.rows[0]!.cancelled).toBeNull();
  });

  it('keeps negative and fractional counts as given (data-quality checks flag them)', () => {
    const r = accepted(
      build([MONTHLY, ['kent', '2019-07', '46', '-3', '0.5'], ['kent', '2019-08', '46', '1,204.5', '']]),
    );
    expect(r.rows.map((x) => [x.recorded, x.cancelled])).toEqual([
      [-3, 0.5],
      [1204.5, null],
    ]);
  });

  it('keeps an unknown offence code under group "Unknown" and notes it', () => {
    const r = accepted(build([MONTHLY, ['kent', '2019-07', 'local9', '7', '1']]));
    expect(r.rows[0]).toMatchObject({
      offence_code: 'LOCAL9',
      offence_group: 'Unknown',
      offence_subgroup: null,
    });
    expect(r.notes).toEqual([
      {
        kind: 'unknown_offence_code',
        force_code: 'kent',
        offence_code: 'LOCAL9',
        period_start: '2019-07',
        period_end: '2019-07',
        file: 'returns.csv',
        lines: [2],
        recorded: 7,
        input_sha256: SHA,
      },
    ]);
  });

  it('sums a repeated cell key into one cell and notes the lines and values', () => {
    const r = accepted(
      build([
        MONTHLY,
        ['kent', '2019-07', '8N', '10', '1'],
        ['essex', '2019-07', '8N', '3', '0'],
        ['Kent', '2019-07', '8n', '5', '2'],
        ['E23000032', '2019-07', ' 8N', '1', '0'],
      ]),
    );
    expect(r.rows).toHaveLength(2);
    expect(r.rows[0]).toMatchObject({ force_code: 'kent', recorded: 16, cancelled: 3, source_line: 2 });
    expect(r.notes).toEqual([
      {
        kind: 'duplicate_key',
        force_code: 'kent',
        period_start: '2019-07',
        period_end: '2019-07',
        offence_group: 'Violence against the person',
        offence_code: '8N',
        file: 'returns.csv',
        lines: [2, 4, 5],
        values: [10, 5, 1],
        input_sha256: SHA,
      },
    ]);
  });

  it('makes a summed cancelled count unknown when one part is unknown', () => {
    const r = accepted(
      build([MONTHLY, ['kent', '2019-07', '8N', '10', '1'], ['kent', '2019-07', '8N', '5', 'N/a']]),
    );
    expect(r.rows[0]).toMatchObject({ recorded: 15, cancelled: null });
  });
});

describe('Home Office tables', () => {
  it('maps a financial quarter to its months and keeps the table’s own group and subgroup', () => {
    const r = accepted(
      build([
        HO,
        [
          '2019/20',
          '4',
          'Avon & Somerset',
          'Assault with injury',
          'Violence against the person',
          'Violence with injury',
          '8N',
          '1500',
        ],
        ['2013/14', '1', 'kent', 'Retired code', 'theft offences', 'Other theft offences', '49Z', '3'],
      ]),
    );
    expect(r.rows[0]).toMatchObject({
      force_code: 'avon-and-somerset',
      period_start: '2020-01',
      period_end: '2020-03',
      grain: 'quarter',
      level: 'code',
      offence_code: '8N',
      recorded: 1500,
      cancelled: null,
    });
    // A code the 2024/25 reference lacks is not "unknown" when the table itself gives its group.
    expect(r.rows[1]).toMatchObject({
      offence_code: '49Z',
      offence_group: 'Theft offences',
      offence_subgroup: 'Other theft offences',
    });
    expect(r.notes).toEqual([]);
  });

  it('fills a blank group from the reference table, and notes a code known to neither', () => {
    const r = accepted(
      build([
        HO,
        ['2019/20', '1', 'Kent', '', '', '', '46', '10'],
        ['2019/20', '1', 'Kent', '', '', '', 'Q99', '2'],
      ]),
    );
    expect(r.rows[0]).toMatchObject({ offence_group: 'Theft offences', offence_subgroup: 'Shoplifting' });
    expect(r.rows[1]).toMatchObject({ offence_group: 'Unknown', offence_subgroup: null });
    expect(r.notes.map((n) => n.kind)).toEqual(['unknown_offence_code']);
  });

  it('skips N/a and empty counts (not zero), tallying them', () => {
    const r = accepted(
      build([
        HO_GROUP,
        ['2019/20', '1', 'Kent', 'Robbery', '10'],
        ['2019/20', '2', 'Kent', 'Robbery', 'N/a'],
        ['2019/20', '3', 'Kent', 'Robbery', ''],
        ['2019/20', '4', 'Kent', 'Robbery', 'n/A'],
      ]),
    );
    expect(r.rows).toHaveLength(1);
    expect(r.notAvailable).toBe(3);
    expect(r.skipped).toEqual([
      expect.objectContaining({
        reason: 'not_available',
        field: 'Number of Offences',
        value: 'N/a',
        count: 1,
        lines: [3],
      }),
      expect.objectContaining({ reason: 'not_available', value: '(empty)', count: 1, lines: [4] }),
      expect.objectContaining({ reason: 'not_available', value: 'n/A', count: 1, lines: [5] }),
    ]);
  });

  it('makes group-level cells with no offence code and the canonical group spelling', () => {
    const r = accepted(build([HO_GROUP, ['2002/03', '2', 'London, City of', 'theft  OFFENCES', '1747']]));
    expect(r.format).toBe('home_office_pfa_group');
    expect(r.rows[0]).toMatchObject({
      force_code: 'city-of-london',
      period_start: '2002-07',
      period_end: '2002-09',
      level: 'group',
      offence_code: null,
      offence_group: 'Theft offences',
      offence_subgroup: null,
    });
  });

  it('skips rows of non-force bodies with a note, and audits the forces in the same file', () => {
    const r = accepted(
      build([
        HO,
        [
          '2024/25',
          '1',
          'British Transport Police',
          'Murder',
          'Violence against the person',
          'Homicide',
          '1',
          '1',
        ],
        ['2024/25', '1', 'Action Fraud', 'Fraud', 'Fraud offences', 'Fraud: Action Fraud', 'AF', '90000'],
        ['2024/25', '1', 'CIFAS', 'Fraud', 'Fraud offences', 'Fraud: CIFAS', 'CIFAS', '80000'],
        ['2024/25', '2', 'Action Fraud', 'Fraud', 'Fraud offences', 'Fraud: Action Fraud', 'AF', '91000'],
      ]),
    );
    expect(r.rows.map((x) => x.force_code)).toEqual(['btp']);
    expect(r.skipped).toEqual([
      expect.objectContaining({
        reason: 'non_force_body',
        field: 'Force Name',
        value: 'Action Fraud',
        count: 2,
        lines: [3, 5],
      }),
      expect.objectContaining({ reason: 'non_force_body', value: 'CIFAS', count: 1, lines: [4] }),
    ]);
    expect(r.skipped[0]!.message).toMatch(/not a police force/);
  });

  it('rejects a file where every row was skipped, saying why', () => {
    const r = rejected(
      build([
        HO_GROUP,
        ['2019/20', '1', 'UK Finance', 'Fraud offences', '5'],
        ['2019/20', '1', 'Kent', 'Robbery', 'N/a'],
      ]),
    );
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        line: 0,
        field: 'file',
        message: expect.stringMatching(
          /no usable rows: all 2 data rows were skipped — 1 non force body \(UK Finance\), 1 not available \(N\/a\)/,
        ),
      }),
    ]);
  });
});

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
      ]),
    );
    expect(r.format).toBe('record_level');
    expect(
      r.rows.map((x) => [x.period_start, x.offence_code, x.recorded, x.cancelled, x.source_line]),
    ).toEqual([
      ['2023-01', '8N', 1, 1, 2],
      ['2023-01', '105A', 2, 0, 3],
      ['2023-02', '8N', 0, 1, 5],
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

describe('validation issues', () => {
  it('names file, line, field (as the header spells it), value and what was expected', () => {
    const r = rejected(
      build([
        ['Force_Code', 'Month', 'Offence_Code', 'Recorded'],
        ['kent', '2019-13', '8N', '10'],
        ['kent', '2019-07', '8N', 'ten'],
        ['Police Scotland', '2019-07', '8N', '1'],
      ]),
    );
    expect(r.report).toMatchObject({
      file: 'returns.csv',
      input_sha256: SHA,
      format: 'monthly_aggregate',
      rows_read: 3,
      issue_count: 3,
      truncated: false,
    });
    expect(r.report.issues).toEqual([
      {
        file: 'returns.csv',
        line: 2,
        field: 'Month',
        value: '2019-13',
        message: 'expected a month as YYYY-MM (e.g. 2019-07)',
      },
      {
        file: 'returns.csv',
        line: 3,
        field: 'Recorded',
        value: 'ten',
        message: 'expected a number of crimes (e.g. 123)',
      },
      expect.objectContaining({
        line: 4,
        field: 'Force_Code',
        value: 'Police Scotland',
        message: expect.stringMatching(
          /^unknown force: .*slug .*ONS police force area code .*Home Office force name/,
        ),
      }),
    ]);
  });

  it('rejects the whole file when any row is wrong: no cells come out', () => {
    const r = build([MONTHLY, ['kent', '2019-07', '8N', '10', '0'], ['kent', '2019-08', '8N', 'x', '0']]);
    expect(r.ok).toBe(false);
    expect(r).not.toHaveProperty('rows');
  });

  it('reports a row with the wrong number of columns, naming the line', () => {
    const r = rejected(
      build([MONTHLY, ['kent', '2019-07', '8N', '10'], ['kent', '2019-07', '8N', '10', '0', 'x']]),
    );
    expect(r.report.issues.map((i) => [i.line, i.field, i.message])).toEqual([
      [2, 'row', 'expected 5 columns as in the header (line 1), found 4'],
      [3, 'row', 'expected 5 columns as in the header (line 1), found 6'],
    ]);
  });

  it('keeps the first 100 issues and counts them all', () => {
    const rows = [MONTHLY];
    for (let i = 0; i < 250; i++) rows.push(['kent', 'bad', '8N', '1', '0']);
    const r = rejected(build(rows));
    expect(r.report.issue_count).toBe(250);
    expect(r.report.issues).toHaveLength(100);
    expect(r.report.truncated).toBe(true);
    expect(r.report.rows_read).toBe(250);
    expect(r.report.issues[99]!.line).toBe(101);
  });

  it('strips control characters from values and truncates them to 80 characters', () => {
    const long = `\u001b[31m${'x'.repeat(200)}`;
    const r = rejected(
      build([MONTHLY, ['kent', 'bad\u0000\nmonth', '8N', '1', '0'], ['kent', long, '8N', '1', '0']]),
    );
    expect(r.report.issues[0]!.value).toBe('badmonth');
    const v = r.report.issues[1]!.value!;
    expect(v).toHaveLength(80);
    expect(v.startsWith('[31mxxx')).toBe(true);
    expect(v.endsWith('…')).toBe(true);
  });

  it('reports an unrecognised header once and reads no rows', () => {
    const r = rejected(
      build([
        ['a', 'b'],
        ['1', '2'],
      ]),
    );
    expect(r.report.issue_count).toBe(1);
    expect(r.report.rows_read).toBe(0);
    expect(r.report.format).toBeNull();
    expect(r.report.issues[0]).toMatchObject({ line: 1, field: 'header', value: 'a,b' });
  });

  it('says "no data rows" for a header-only file and "empty" with no header at all', () => {
    expect(rejected(build([MONTHLY])).report.issues[0]!.message).toMatch(/^no data rows/);
    const empty = new SubmissionBuilder(CTX).finish();
    expect(rejected(empty).report.issues[0]!.message).toMatch(/^the file is empty/);
  });

  it('takes input_sha256 at finish when it is only known after streaming', () => {
    const b = new SubmissionBuilder({ ...CTX, input_sha256: undefined });
    b.header(MONTHLY, 1);
    b.row(['kent', '2019-07', '8N', '1', '0'], 2);
    const r = accepted(b.finish({ input_sha256: 'b'.repeat(64) }));
    expect(r.rows[0]!.input_sha256).toBe('b'.repeat(64));
    expect(() => new SubmissionBuilder({ ...CTX, input_sha256: undefined }).finish()).toThrow(/input_sha256/);
  });
});
