// Reading return files from disk: every way a file can be unusable is a validation issue naming file,
// line and field.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readReturnFile } from '#adapters/files/read-return.ts';
import { CTX, fixture, rejected, sha256, tempDir } from './read-return-fixture.ts';

const { write: temp } = tempDir('read-return-rejected-');

describe('readReturnFile: rejected files name file, line and field', () => {
  it('bad month', async () => {
    const r = rejected(await readReturnFile(fixture('bad-month.csv'), CTX));
    expect(r.report.issues.map((i) => [i.file, i.line, i.field, i.value])).toEqual([
      ['bad-month.csv', 3, 'month', '2019-13'],
      ['bad-month.csv', 4, 'month', '07/2019'],
    ]);
    expect(r.report.input_sha256).toBe(sha256(fixture('bad-month.csv')));
  });

  it('bad quarter and inconsistent financial year', async () => {
    const r = rejected(await readReturnFile(fixture('bad-quarter.csv'), CTX));
    expect(r.report.issues.map((i) => [i.line, i.field, i.value, i.message])).toEqual([
      [2, 'Financial Quarter', '5', 'expected a financial quarter: 1, 2, 3 or 4 (1 = April–June)'],
      [
        3,
        'Financial Year',
        '2019/21',
        'expected a financial year as YYYY/YY with consecutive years (e.g. 2019/20)',
      ],
    ]);
  });

  it('non-numeric counts', async () => {
    const r = rejected(await readReturnFile(fixture('non-numeric-count.csv'), CTX));
    expect(r.report.issues.map((i) => [i.line, i.field, i.value])).toEqual([
      [2, 'recorded', 'ten'],
      [3, 'cancelled', 'some'],
    ]);
  });

  it('unknown force', async () => {
    const r = rejected(await readReturnFile(fixture('unknown-force.csv'), CTX));
    expect(r.report.issues).toEqual([
      expect.objectContaining({ line: 3, field: 'force_code', value: 'police-scotland' }),
    ]);
    expect(r.report.issues[0]!.message).toMatch(/^unknown force/);
  });

  it('missing column', async () => {
    const r = rejected(await readReturnFile(fixture('missing-column.csv'), CTX));
    expect(r.report.format).toBeNull();
    expect(r.report.issues).toHaveLength(1);
    expect(r.report.issues[0]).toMatchObject({
      line: 1,
      field: 'header',
      value: 'force_code,offence_code,recorded',
    });
    expect(r.report.issues[0]!.message).toContain(
      'monthly aggregate return (force_code, month, offence_code, recorded [optional: cancelled]) lacks month',
    );
  });

  it('ragged rows', async () => {
    const r = rejected(await readReturnFile(fixture('ragged.csv'), CTX));
    expect(r.report.issues.map((i) => [i.line, i.field, i.message])).toEqual([
      [3, 'row', 'expected 4 columns as in the header (line 1), found 3'],
      [4, 'row', 'expected 4 columns as in the header (line 1), found 5'],
    ]);
  });

  it('CSV quoting error, with its line', async () => {
    const r = rejected(await readReturnFile(fixture('bad-quotes.csv'), CTX));
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        line: 3,
        field: 'csv',
        message: expect.stringMatching(/^CSV quoting error: .*enclosed in double quotes/),
      }),
    ]);
  });

  it('a quote never closed, reported at the line where its row starts', async () => {
    const p = temp(
      'unclosed.csv',
      'force_code,month,offence_code,recorded\nkent,2019-07,8N,1\nkent,"2019-08,8N,1\nkent,2019-09,8N,1\n',
    );
    const r = rejected(await readReturnFile(p, CTX));
    expect(r.report.issues).toEqual([expect.objectContaining({ line: 3, field: 'csv' })]);
  });

  it('a row longer than 1 MiB (no line breaks) is refused rather than buffered', async () => {
    const p = temp('one-line.csv', `force_code,month,offence_code,recorded\n${'x'.repeat(1_100_000)}\n`);
    const r = rejected(await readReturnFile(p, CTX));
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        line: 2,
        field: 'csv',
        message: expect.stringMatching(/^a row longer than 1 MiB/),
      }),
    ]);
  });

  it('empty file', async () => {
    const r = rejected(await readReturnFile(fixture('empty.csv'), CTX));
    expect(r.bytes).toBe(0);
    expect(r.input_sha256).toBe(createHash('sha256').digest('hex'));
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        line: 0,
        field: 'file',
        message: expect.stringMatching(/^the file is empty/),
      }),
    ]);
  });

  it('header only: "no data rows"', async () => {
    const r = rejected(await readReturnFile(fixture('header-only.csv'), CTX));
    expect(r.report.format).toBe('monthly_aggregate');
    expect(r.report.issues[0]!.message).toMatch(/^no data rows/);
  });

  it('invalid UTF-8 (a Windows-1252 "é"), with the line and the bytes', async () => {
    const head = Buffer.from('force_code,month,offence_code,recorded\nkent,2019-07,8N,1\nkent,2019-08,');
    const p = temp('latin1.csv', Buffer.concat([head, Buffer.from([0x38, 0x4e, 0xe9, 0x2c, 0x31, 0x0a])]));
    const r = rejected(await readReturnFile(p, CTX));
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        line: 3,
        field: 'encoding',
        value: 'E9 2C 31 0A',
        message: expect.stringMatching(/^not valid UTF-8 at byte offset 72 .*save the file as UTF-8/),
      }),
    ]);
    expect(r.input_sha256).toBe(sha256(p));
  });

  it('invalid UTF-8 deep in a large file is located across chunk boundaries', async () => {
    const line = 'kent,2019-07,8N,1\n';
    const rows = line.repeat(80_000); // 1.4 MB: more than one 1 MiB read chunk
    const bad = Buffer.from('kent,2019-08,8N\xed\xa0\x80,1\n', 'latin1'); // an encoded surrogate: never valid
    const p = temp(
      'deep.csv',
      Buffer.concat([Buffer.from(`force_code,month,offence_code,recorded\n${rows}`), bad]),
    );
    const r = rejected(await readReturnFile(p, CTX));
    expect(r.report.issues).toEqual([
      expect.objectContaining({ line: 80_002, field: 'encoding', value: 'ED A0 80 2C' }),
    ]);
  });

  it('a character broken across the 1 MiB read boundary is reported at its first byte, in the first chunk', async () => {
    const header = 'force_code,month,offence_code,recorded\n';
    const row = 'kent,2019-07,8N,1\n';
    const rows = Math.floor((1024 * 1024 - header.length - 100) / row.length);
    const prefix = `${header}${row.repeat(rows)}kent,2019-08,`;
    const filler = 'x'.repeat(1024 * 1024 - 1 - prefix.length);
    // 0xE2 is the last byte of the first chunk and opens a three-byte character that "A" breaks.
    const p = temp(
      'boundary.csv',
      Buffer.concat([Buffer.from(prefix + filler), Buffer.from([0xe2, 0x41, 0x2c, 0x31, 0x0a])]),
    );
    const r = rejected(await readReturnFile(p, CTX));
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        line: rows + 2,
        field: 'encoding',
        value: 'E2 41 2C 31',
        message: expect.stringContaining(`byte offset ${1024 * 1024 - 1} `),
      }),
    ]);
  });

  it('a file cut off inside a multi-byte character', async () => {
    const p = temp(
      'cut.csv',
      Buffer.concat([
        Buffer.from('force_code,month,offence_code,recorded\nkent,2019-07,8N,1\n'),
        Buffer.from([0xe2, 0x82]),
      ]),
    );
    const r = rejected(await readReturnFile(p, CTX));
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        line: 3,
        field: 'encoding',
        message: expect.stringMatching(/ends in the middle of a multi-byte UTF-8 character/),
      }),
    ]);
  });

  it('UTF-16 with a byte order mark: "save as UTF-8"', async () => {
    const le = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('force_code,month,offence_code,recorded\n', 'utf16le'),
    ]);
    const r = rejected(await readReturnFile(temp('utf16le.csv', le), CTX));
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        line: 1,
        field: 'encoding',
        value: 'FF FE',
        message: expect.stringMatching(/UTF-16 .*save it as UTF-8/),
      }),
    ]);
    const be = Buffer.from([0xfe, 0xff, 0x00, 0x66]);
    expect(rejected(await readReturnFile(temp('utf16be.csv', be), CTX)).report.issues[0]!.message).toMatch(
      /big-endian/,
    );
  });

  it('UTF-16 without a byte order mark (NUL characters)', async () => {
    const r = rejected(
      await readReturnFile(temp('utf16nobom.csv', Buffer.from('force_code,month\n', 'utf16le')), CTX),
    );
    expect(r.report.issues[0]!.message).toMatch(/NUL characters: it looks like UTF-16 \(little-endian\)/);
  });

  it('a spreadsheet renamed .csv', async () => {
    const r = rejected(
      await readReturnFile(
        temp('book.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])),
        CTX,
      ),
    );
    expect(r.report.issues[0]!.message).toMatch(/zip archive \(an \.xlsx or \.ods spreadsheet\?\)/);
  });

  it.each([
    [
      'kent.csv',
      [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00],
      '1F 8B',
      /^the file is gzip-compressed, not CSV: decompress it/,
    ],
    [
      'book.csv',
      [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00],
      '50 4B 03 04',
      /zip archive \(an \.xlsx .*export the sheet as "CSV UTF-8"/,
    ],
    [
      'old.csv',
      [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00],
      'D0 CF 11 E0 A1 B1 1A E1',
      /old-style Excel workbook \(\.xls\).*export the sheet as "CSV UTF-8"/,
    ],
    ['scan.csv', [...Buffer.from('%PDF-1.7\n')], '25 50 44 46 2D', /^the file is a PDF document/],
    [
      'chart.jsonl',
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00],
      '89 50 4E 47 0D 0A 1A 0A',
      /^the file is a PNG image/,
    ],
  ])(
    '%s that is not text is named for what it is, not "not valid UTF-8"',
    async (name, bytes, value, message) => {
      const r = rejected(await readReturnFile(temp(name, Buffer.from(bytes)), CTX));
      expect(r.report.issues).toEqual([
        expect.objectContaining({
          file: name,
          line: 1,
          field: 'encoding',
          value,
          message: expect.stringMatching(message),
        }),
      ]);
      expect(r.report.issues[0]!.message).not.toMatch(/Latin-1/);
    },
  );

  it('random bytes are binary data, not a Latin-1 mistake', async () => {
    // A fixed pseudo-random sequence (a linear congruential generator), so the test is the same each run.
    const bytes = Buffer.alloc(4096);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      bytes[i] = x >>> 16;
    }
    const r = rejected(await readReturnFile(temp('noise.csv', bytes), CTX));
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        line: 1,
        field: 'encoding',
        message: expect.stringMatching(/^the file is binary data/),
      }),
    ]);
    // The same, without a single NUL: the control bytes give it away.
    const noNul = bytes.map((b) => (b === 0 ? 1 : b));
    const again = rejected(await readReturnFile(temp('noise2.csv', noNul), CTX));
    expect(again.report.issues[0]!.message).toMatch(/^the file is binary data/);
  });

  it('UTF-16 big-endian without a byte order mark is named as such', async () => {
    const be = Buffer.from('force_code,month\n', 'utf16le').swap16();
    const r = rejected(await readReturnFile(temp('utf16be-nobom.csv', be), CTX));
    expect(r.report.issues[0]!.message).toMatch(/UTF-16 \(big-endian\) without a byte order mark/);
  });

  it('a file over the size limit is rejected without parsing, but still fingerprinted', async () => {
    const path = fixture('monthly-with-cancelled.csv');
    const r = rejected(await readReturnFile(path, CTX, { maxBytes: 100 }));
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        line: 0,
        field: 'file',
        message: expect.stringMatching(/over the limit of 100 bytes/),
      }),
    ]);
    expect(r.report.rows_read).toBe(0);
    expect(r.input_sha256).toBe(sha256(path));
  });

  it('JSON Lines: bad JSON, a non-object line and a nested value, each with its line', async () => {
    const r = rejected(await readReturnFile(fixture('bad.jsonl'), CTX));
    expect(r.report.issues.map((i) => [i.line, i.field, i.message.replace(/\(.*\)/, '(…)')])).toEqual([
      [2, 'line', 'expected a JSON object per line, found an array'],
      [3, 'line', 'not valid JSON (…): expected one JSON object per line'],
      [4, 'line', 'expected a JSON object per line, found a string'],
      [5, 'offence_code', 'expected text or a number, found an object'],
    ]);
  });

  it('JSON Lines whose first line is not an object and no object follows', async () => {
    const r = rejected(await readReturnFile(temp('only-array.ndjson', '[1,2]\n'), CTX));
    expect(r.report.issues.map((i) => [i.line, i.field])).toEqual([[1, 'line']]);
  });

  it('an absurd count is refused with the value as written, in CSV and in JSON Lines', async () => {
    const csv = temp(
      'absurd.csv',
      'force_code,month,offence_code,recorded\nkent,2019-07,8N,99999999999999999999\n',
    );
    const jsonl = temp(
      'absurd.jsonl',
      '{"force_code":"kent","month":"2019-07","offence_code":"8N","recorded": 99999999999999999999}\n' +
        '{"force_code":"kent","month":"2019-08","offence_code":"8N","recorded":-1E21}\n' +
        '{"force_code":"kent","month":"2019-09","offence_code":"8N","recorded":12,"cancelled":0.5}\n',
    );
    const fromCsv = rejected(await readReturnFile(csv, CTX));
    const fromJsonl = rejected(await readReturnFile(jsonl, CTX));
    const seen = (r: typeof fromCsv) => r.report.issues.map((i) => [i.file, i.line, i.field, i.value]);
    expect(seen(fromCsv)).toEqual([['absurd.csv', 2, 'recorded', '99999999999999999999']]);
    expect(seen(fromJsonl)).toEqual([
      ['absurd.jsonl', 1, 'recorded', '99999999999999999999'],
      ['absurd.jsonl', 2, 'recorded', '-1E21'],
    ]);
    expect(fromCsv.report.issues[0]!.message).toMatch(/^not a plausible number of crimes/);
  });
});
