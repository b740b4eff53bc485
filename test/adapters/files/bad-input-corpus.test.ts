// A corpus of bad inputs, each refused with the file, line, field and message an auditor sees —
// placed deep in large files too, so that lines stay exact across the reader's chunks. The fast
// record-level path (CSV splitter, reader without zod) must refuse exactly what the schema refuses.
import { describe, expect, it } from 'vitest';
import { readReturnFile } from '#adapters/files/read-return.ts';
import { accepted, CTX, rejected, tempDir } from './read-return-fixture.ts';

const { write: temp } = tempDir('bad-input-corpus-');

const RECORD_HEADER =
  'crime_id,force_code,recorded_date,offence_code,original_offence_code,status,status_date,cancellation_code\n';
const GOOD_ROW = (i: number) => `K-${i},kent,2023-01-05,8N,,recorded,,\n`;
/** 80,000 good rows: some 2.7 MB, many 64 KiB read pieces and 1 MiB reads. */
const MANY = 80_000;
const goodRows = (n: number) => Array.from({ length: n }, (_, i) => GOOD_ROW(i)).join('');

const ISSUES = (r: Awaited<ReturnType<typeof readReturnFile>>) =>
  rejected(r).report.issues.map((i) => [i.line, i.field, i.value, i.message]);

const UNKNOWN_FORCE = expect.stringMatching(/^unknown force: expected one of the 43 territorial forces/);
const DATE = 'expected a date as YYYY-MM-DD or an ISO 8601 timestamp';

/** Bad record-level rows, and what each is refused with. */
const BAD_RECORDS: Array<[string, [string, string | null, unknown]]> = [
  [',kent,2023-01-05,8N,,recorded,,', ['crime_id', '', 'expected a crime reference; the cell is empty']],
  [
    'K-b,  ,2023-01-05,8N,,recorded,,',
    ['force_code', '  ', 'expected a force (slug, ONS code or name); the cell is empty'],
  ],
  ['K-c,police-scotland,2023-01-05,8N,,recorded,,', ['force_code', 'police-scotland', UNKNOWN_FORCE]],
  ['K-d,kent,2023-02-30,8N,,recorded,,', ['recorded_date', '2023-02-30', DATE]],
  ['K-e,kent,05/01/2023,8N,,recorded,,', ['recorded_date', '05/01/2023', DATE]],
  ['K-f,kent,2023-01-05T25:00,8N,,recorded,,', ['recorded_date', '2023-01-05T25:00', DATE]],
  ['K-g,kent,0223-01-05,8N,,recorded,,', ['recorded_date', '0223-01-05', DATE]],
  [
    'K-h,kent,2023-01-05,,,recorded,,',
    ['offence_code', '', 'expected an offence code (e.g. 8N, 105A, 4.10); the cell is empty'],
  ],
  [
    'K-i,kent,2023-01-05,8N,,closed,,',
    ['status', 'closed', 'expected a status: recorded, cancelled or transferred'],
  ],
  [
    'K-j,kent,2023-01-05,8N,,cancelled,,C2',
    [
      'status_date',
      '',
      'a cancelled record needs status_date (the date it was cancelled); the cell is empty',
    ],
  ],
  ['K-k,kent,2023-01-05,8N,,cancelled,2023-13-01,C2', ['status_date', '2023-13-01', DATE]],
  [
    'K-l,kent,2023-01-05,8N,,recorded',
    ['row', 'K-l,kent,2023-01-05,8N,,recorded', 'expected 8 columns as in the header (line 1), found 6'],
  ],
];

describe('bad inputs are refused with file, line, field and message', () => {
  it('each bad record-level row, deep in a large extract, on its own line', async () => {
    const bad = BAD_RECORDS.map(([row]) => `${row}\n`).join(GOOD_ROW(-1));
    const p = temp('bad-records.csv', RECORD_HEADER + goodRows(MANY) + bad);
    const first = MANY + 2;
    expect(ISSUES(await readReturnFile(p, CTX))).toEqual(
      BAD_RECORDS.map(([, [field, value, message]], k) => [first + 2 * k, field, value, message]),
    );
  });

  it('the same rows refused the same way at the start of a file (one read piece)', async () => {
    for (const [row, [field, value, message]] of BAD_RECORDS) {
      const p = temp('one-bad.csv', `${RECORD_HEADER}${GOOD_ROW(1)}${row}\n`);
      expect(ISSUES(await readReturnFile(p, CTX))).toEqual([[3, field, value, message]]);
    }
  });

  it('quoted fields with commas and line breaks are read, and later lines still count right', async () => {
    const quoted = 'K-q,"kent",2023-01-05,"8N",,recorded,,"a, b\nand a ""quote"""\n';
    const p = temp(
      'quoted.csv',
      `${RECORD_HEADER + goodRows(MANY) + quoted}K-z,kent,2023-01-05,8N,,lost,,\n`,
    );
    expect(ISSUES(await readReturnFile(p, CTX))).toEqual([
      [MANY + 4, 'status', 'lost', 'expected a status: recorded, cancelled or transferred'],
    ]);
  });

  it.each([
    [
      'a quote inside an unquoted field',
      'K-x,kent,2023-01-05,8"N,,recorded,,\n',
      /field 4 \("8\\"N"\) holds a quote/,
    ],
    [
      'text after a closing quote',
      'K-x,kent,"2023-01-05"x,8N,,recorded,,\n',
      /field 3 closes its quote and goes on with "x,8N,,reco"/,
    ],
    [
      'a quote never closed',
      `K-x,kent,"2023-01-05,8N,,recorded,,\n${GOOD_ROW(0)}`,
      /the quote that opens field 3 is never closed/,
    ],
  ])('broken quoting deep in a file: %s, at its line', async (_what, row, message) => {
    const p = temp('bad-quote.csv', RECORD_HEADER + goodRows(MANY) + row + GOOD_ROW(1));
    expect(ISSUES(await readReturnFile(p, CTX))).toEqual([
      [MANY + 2, 'csv', null, expect.stringMatching(message)],
    ]);
  });

  it.each([
    ['without line breaks', 'x'.repeat(2_200_000)],
    ['inside a quote that runs on for megabytes', `K-x,"${'y\n'.repeat(700_000)}`],
  ])('a row longer than 1 MiB (%s) is refused at the line it starts on', async (_what, row) => {
    const p = temp('huge.csv', `${RECORD_HEADER}${GOOD_ROW(0)}${row}\n${GOOD_ROW(1)}`);
    expect(ISSUES(await readReturnFile(p, CTX))).toEqual([
      [3, 'csv', null, 'a row longer than 1 MiB (a file without line breaks, or an unclosed quote?)'],
    ]);
  });

  it('a BOM, CRLF line ends and quoted cells are all accepted in a record-level extract', async () => {
    const text = `\uFEFF${RECORD_HEADER}${goodRows(3)}"K-9","Kent","2023-01-31T23:30:00Z","8n ","","Recorded","",""\n`;
    const r = accepted(await readReturnFile(temp('excel.csv', text.replace(/\n/g, '\r\n')), CTX));
    expect(r.rows.map((c) => [c.force_code, c.period_start, c.offence_code, c.recorded])).toEqual([
      ['kent', '2023-01', '8N', 4],
    ]);
  });

  it('bad months and counts in a monthly return, each with its message', async () => {
    const rows = [
      'kent,2019-7,8N,1,0',
      'kent,2019-00,8N,1,0',
      'kent,1899-12,8N,1,0',
      'kent,2019-07,8N,1.2.3,0',
      'kent,2019-07,8N,,0',
      'kent,2019-07,8N,1,23,0',
      'kent,2019-07,8N,"1,23",0',
      'kent,2019-07,8N,12,some',
      'kent,2019-07,8N,20000000,0',
    ];
    const p = temp(
      'bad-counts.csv',
      `force_code,month,offence_code,recorded,cancelled\n${rows.join('\n')}\n`,
    );
    const MONTH = 'expected a month as YYYY-MM (e.g. 2019-07)';
    const COUNT = 'expected a number of crimes (e.g. 123)';
    expect(ISSUES(await readReturnFile(p, CTX))).toEqual([
      [2, 'month', '2019-7', MONTH],
      [3, 'month', '2019-00', MONTH],
      [4, 'month', '1899-12', MONTH],
      [5, 'recorded', '1.2.3', COUNT],
      [6, 'recorded', '', `${COUNT}; the cell is empty`],
      [7, 'row', 'kent,2019-07,8N,1,23,0', 'expected 5 columns as in the header (line 1), found 6'],
      [8, 'recorded', '1,23', COUNT],
      [9, 'cancelled', 'some', `${COUNT}, or N/a when not available`],
      [10, 'recorded', '20000000', expect.stringMatching(/^not a plausible number of crimes/)],
    ]);
  });

  it('invalid UTF-8 and NUL characters deep in an extract are refused at their line', async () => {
    const head = Buffer.from(RECORD_HEADER + goodRows(MANY));
    const latin1 = Buffer.concat([
      head,
      Buffer.from('K-x,kent,2023-01-05,8N,,recorded,,caf\xe9\n', 'latin1'),
    ]);
    expect(ISSUES(await readReturnFile(temp('latin1.csv', latin1), CTX))).toEqual([
      [MANY + 2, 'encoding', 'E9 0A', expect.stringMatching(/^not valid UTF-8 at byte offset \d+ /)],
    ]);
    const nul = Buffer.concat([head, Buffer.from('K-x,kent,2023-01-05,8N,,recorded,,\u0000\n')]);
    expect(ISSUES(await readReturnFile(temp('nul.csv', nul), CTX))).toEqual([
      [MANY + 2, 'encoding', null, expect.stringMatching(/^the file contains NUL characters/)],
    ]);
  });
});
