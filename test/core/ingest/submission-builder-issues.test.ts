// The streaming submission builder on its own: every problem is a validation issue and rejects the file.
import { describe, expect, it } from 'vitest';
import { SubmissionBuilder } from '#core/ingest/submission-builder.ts';
import { accepted, build, CTX, HO_GROUP, MONTHLY, rejected, SHA } from './builder-fixture.ts';

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

  it('refuses a count too large to be crimes in one cell, quoting it as written', () => {
    const r = rejected(
      build([
        MONTHLY,
        ['kent', '2019-07', '8N', '99999999999999999999', '0'],
        ['kent', '2019-08', '8N', '10,000,001', ''],
        ['kent', '2019-09', '8N', '5', '-12345678901'],
        ['kent', '2019-10', '8N', '10000000', '0'],
      ]),
    );
    expect(r.report.issues.map((i) => [i.line, i.field, i.value])).toEqual([
      [2, 'recorded', '99999999999999999999'],
      [3, 'recorded', '10,000,001'],
      [4, 'cancelled', '-12345678901'],
    ]);
    for (const i of r.report.issues)
      expect(i.message).toMatch(/^not a plausible number of crimes .*10,000,000/);
  });

  it('refuses an implausible Number of Offences in the Home Office layout', () => {
    const r = rejected(
      build([
        HO_GROUP,
        ['2019/20', '1', 'Kent', 'Theft offences', '1e20'],
        ['2019/20', '2', 'Kent', 'Theft offences', '123456789012'],
      ]),
    );
    expect(r.report.issues.map((i) => [i.line, i.field, i.value, i.message.slice(0, 26)])).toEqual([
      [2, 'Number of Offences', '1e20', 'expected a number of crime'],
      [3, 'Number of Offences', '123456789012', 'not a plausible number of '],
    ]);
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
