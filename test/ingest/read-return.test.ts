// Reading return files from disk: every format, every way a file can be unusable, the real published
// tables, and a large record-level extract streamed in bounded memory.

import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listInputFiles } from '../../functions/adapters/files/list-input-files.ts';
import { hashFile, readReturnFile } from '../../functions/adapters/files/read-return.ts';
import type { IngestAccepted, IngestRejected, ReadReturnResult } from '../../functions/core/model/ingest.ts';

const FIXTURES = 'test/fixtures/ingest';
const REAL = '/work/shared/data/real';
const CTX = { submitted_at: new Date('2025-04-01T09:00:00Z'), run_id: 'run-7' };
const tmp = mkdtempSync(join(tmpdir(), 'read-return-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function fixture(name: string): string {
  return join(FIXTURES, name);
}

function temp(name: string, content: string | Uint8Array): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

type Fingerprinted = { input_sha256: string; bytes: number };

function accepted(r: ReadReturnResult): IngestAccepted & Fingerprinted {
  if (!r.ok) throw new Error(`rejected: ${JSON.stringify(r.report.issues, null, 1)}`);
  return r;
}

function rejected(r: ReadReturnResult): IngestRejected & Fingerprinted {
  if (r.ok) throw new Error('expected a rejection');
  return r;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

describe('readReturnFile: the formats', () => {
  it('reads a monthly aggregate return and fingerprints the exact bytes', async () => {
    const path = fixture('monthly-with-cancelled.csv');
    const r = await readReturnFile(path, CTX);
    const ok = accepted(r);
    expect(r.input_sha256).toBe(sha256(path));
    expect(r.bytes).toBe(readFileSync(path).length);
    expect(ok.format).toBe('monthly_aggregate');
    expect(ok.rowsRead).toBe(6);
    expect(
      ok.rows.map((x) => [
        x.force_code,
        x.period_start,
        x.offence_code,
        x.recorded,
        x.cancelled,
        x.source_line,
      ]),
    ).toEqual([
      ['greater-manchester', '2019-07', '8N', 1234, 31, 2],
      ['greater-manchester', '2019-07', '105A', 900, 12, 3],
      ['greater-manchester', '2019-08', '8N', 1190, 40, 4],
      ['avon-and-somerset', '2019-07', '4.10', 2, 0, 5],
      ['avon-and-somerset', '2019-07', '4.1', 1, 0, 6],
      ['kent', '2019-07', 'LOCAL1', 7, 1, 7],
    ]);
    expect(
      ok.rows.every(
        (x) => x.input_sha256 === r.input_sha256 && x.source_file === 'monthly-with-cancelled.csv',
      ),
    ).toBe(true);
    expect(ok.rows[3]!.offence_subgroup).toBe('Homicide');
    expect(ok.notes).toEqual([
      expect.objectContaining({ kind: 'unknown_offence_code', offence_code: 'LOCAL1', lines: [7] }),
    ]);
  });

  it('reads a monthly return without cancelled, keeping odd counts as given', async () => {
    const ok = accepted(
      await readReturnFile(fixture('monthly-no-cancelled.csv'), { ...CTX, displayName: 'kent/q1.csv' }),
    );
    expect(ok.rows.map((x) => [x.recorded, x.cancelled, x.source_file])).toEqual([
      [310, null, 'kent/q1.csv'],
      [298.5, null, 'kent/q1.csv'],
      [-4, null, 'kent/q1.csv'],
    ]);
  });

  it('reads a Home Office code-level export: BOM, CRLF, index column, N/a, non-force body, thousands separator', async () => {
    const ok = accepted(await readReturnFile(fixture('home-office-pfa.csv'), CTX));
    expect(ok.format).toBe('home_office_pfa');
    expect(ok.rowsRead).toBe(6);
    expect(
      ok.rows.map((x) => [
        x.force_code,
        x.period_start,
        x.period_end,
        x.offence_code,
        x.offence_group,
        x.recorded,
        x.source_line,
      ]),
    ).toEqual([
      ['avon-and-somerset', '2019-04', '2019-06', '8N', 'Violence against the person', 1500, 2],
      ['city-of-london', '2020-01', '2020-03', '46', 'Theft offences', 120, 3],
      ['btp', '2019-10', '2019-12', '28A', 'Theft offences', 0, 6],
      ['btp', '2019-10', '2019-12', '49Z', 'Theft offences', 3, 7],
    ]);
    expect(ok.notAvailable).toBe(1);
    expect(ok.skipped.map((s) => [s.reason, s.value, s.count, s.lines])).toEqual([
      ['not_available', 'N/a', 1, [4]],
      ['non_force_body', 'Action Fraud', 1, [5]],
    ]);
  });

  it('reads the group-level table and sums the repeated City of London key', async () => {
    const ok = accepted(await readReturnFile(fixture('home-office-pfa-group.csv'), CTX));
    expect(ok.format).toBe('home_office_pfa_group');
    expect(ok.rows.map((x) => [x.force_code, x.period_start, x.offence_group, x.recorded])).toEqual([
      ['avon-and-somerset', '2002-04', 'Criminal damage and arson', 6263],
      ['city-of-london', '2002-07', 'Theft offences', 1749],
      ['dyfed-powys', '2003-01', 'Theft offences', 800],
    ]);
    expect(ok.notes).toEqual([
      expect.objectContaining({
        kind: 'duplicate_key',
        force_code: 'city-of-london',
        lines: [3, 4],
        values: [2, 1747],
      }),
    ]);
    expect(ok.notAvailable).toBe(1);
  });

  it('aggregates a record-level CSV, placing UTC timestamps in the UK month', async () => {
    const ok = accepted(await readReturnFile(fixture('record-level.csv'), CTX));
    expect(ok.format).toBe('record_level');
    expect(
      ok.rows.map((x) => [
        x.force_code,
        x.period_start,
        x.offence_code,
        x.recorded,
        x.cancelled,
        x.source_line,
      ]),
    ).toEqual([
      ['kent', '2023-01', '8N', 1, 0, 2],
      ['kent', '2023-01', '105A', 2, 0, 3],
      ['kent', '2023-02', '8N', 0, 1, 5],
      ['kent', '2023-01', '46', 0, 1, 6],
      ['kent', '2023-07', '8N', 1, 0, 8],
      ['kent', '2023-06', '8N', 1, 0, 9],
      ['essex', '2023-01', 'XX1', 1, 0, 10],
    ]);
    expect(ok.transitions).toEqual([
      { force_code: 'kent', month: '2023-01', from_offence_code: '8N', to_offence_code: '105A', count: 2 },
    ]);
    expect(ok.skipped).toEqual([expect.objectContaining({ reason: 'transferred', count: 1, lines: [7] })]);
    expect(ok.notes).toEqual([
      expect.objectContaining({ kind: 'unknown_offence_code', force_code: 'essex', offence_code: 'XX1' }),
    ]);
  });

  it('reads record-level JSON Lines, skipping blank lines and ignoring extra keys', async () => {
    const ok = accepted(await readReturnFile(fixture('record-level.jsonl'), CTX));
    expect(ok.format).toBe('record_level');
    expect(ok.rowsRead).toBe(3);
    expect(
      ok.rows.map((x) => [x.period_start, x.offence_code, x.recorded, x.cancelled, x.source_line]),
    ).toEqual([
      ['2023-03', '8N', 1, 0, 1],
      ['2023-03', '105A', 1, 0, 3],
      ['2023-04', '8N', 0, 1, 4],
    ]);
    expect(ok.transitions).toHaveLength(1);
  });
});

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
    expect(r.report.issues[0]!.message).toMatch(/NUL characters: it looks like UTF-16/);
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
});

describe('readReturnFile: the real published tables', () => {
  it('prc_pfa_force_offencegroup_quarterly: all 43 forces resolve, 27 duplicate keys are summed and noted', async () => {
    const ok = accepted(
      await readReturnFile(`${REAL}/prc_pfa_force_offencegroup_quarterly_2002-03_to_2023-24.csv`, CTX),
    );
    expect(ok.format).toBe('home_office_pfa_group');
    expect(ok.rowsRead).toBe(35_939);
    expect(new Set(ok.rows.map((r) => r.force_code)).size).toBe(43);
    const dups = ok.notes.filter((n) => n.kind === 'duplicate_key');
    expect(dups).toHaveLength(27);
    expect(ok.notes).toHaveLength(27);
    expect(ok.rows).toHaveLength(35_939 - 27);
    expect(dups.every((d) => d.force_code === 'city-of-london' && d.offence_group === 'Theft offences')).toBe(
      true,
    );
    expect(dups[0]).toMatchObject({
      period_start: '2002-07',
      period_end: '2002-09',
      lines: [660, 661],
      values: [2, 1747],
    });
    const cell = ok.rows.find(
      (r) =>
        r.force_code === 'city-of-london' &&
        r.period_start === '2002-07' &&
        r.offence_group === 'Theft offences',
    );
    expect(cell).toMatchObject({ recorded: 1749, source_line: 660, grain: 'quarter', level: 'group' });
    const months = ok.rows.map((r) => r.period_start).sort();
    expect([months[0], months.at(-1)]).toEqual(['2002-04', '2024-01']);
  });

  it('group1_CLEANED (2024/25): BTP is audited; Action Fraud, CIFAS and UK Finance rows are skipped and reported', async () => {
    const ok = accepted(
      await readReturnFile(`${REAL}/group1_CLEANED_national_forces_crime_data_2024-2025.csv`, CTX),
    );
    expect(ok.format).toBe('home_office_pfa');
    expect(ok.rowsRead).toBe(588);
    expect(ok.rows).toHaveLength(576);
    expect(new Set(ok.rows.map((r) => r.force_code))).toEqual(new Set(['btp']));
    expect(new Set(ok.rows.map((r) => r.period_start))).toEqual(
      new Set(['2024-04', '2024-07', '2024-10', '2025-01']),
    );
    expect(ok.notes).toEqual([]);
    expect(ok.skipped.map((s) => [s.reason, s.value, s.count])).toEqual([
      ['non_force_body', 'Action Fraud', 4],
      ['non_force_body', 'CIFAS', 4],
      ['non_force_body', 'UK Finance', 4],
    ]);
    expect(ok.rows.find((r) => r.offence_code === '4.10')?.offence_subgroup).toBe('Homicide');
  });

  it('rec-crime-pfa (rolling 12-month totals, not an input format) is rejected with the expected columns', async () => {
    const r = rejected(await readReturnFile(`${REAL}/rec-crime-pfa.csv`, CTX));
    expect(r.report.issue_count).toBe(1);
    expect(r.report.issues[0]!.message).toMatch(/^unrecognised header/);
    expect(r.report.rows_read).toBe(0);
  });
});

describe('readReturnFile: streaming a large record-level extract', () => {
  it('aggregates 200,000 records into month cells with exact counts and reports progress', async () => {
    const path = join(tmp, 'records-200k.csv');
    const codes = ['8N', '105A', '4.1', '4.10', '46'];
    const expected = new Map<string, { recorded: number; cancelled: number }>();
    const bump = (key: string, field: 'recorded' | 'cancelled') => {
      const c = expected.get(key) ?? { recorded: 0, cancelled: 0 };
      c[field] += 1;
      expected.set(key, c);
    };
    let transitions = 0;
    let transferred = 0;
    const out = createWriteStream(path);
    out.write(
      'crime_id,force_code,recorded_date,offence_code,original_offence_code,status,status_date,cancellation_code\n',
    );
    let chunk = '';
    for (let i = 0; i < 200_000; i++) {
      const force = i % 3 === 0 ? 'kent' : 'West Yorkshire';
      const slug = i % 3 === 0 ? 'kent' : 'west-yorkshire';
      const month = (i % 24) + 1;
      const year = 2022 + Math.floor((month - 1) / 12);
      const mm = String(((month - 1) % 12) + 1).padStart(2, '0');
      const code = codes[i % 5]!;
      const status = i % 11 === 0 ? 'cancelled' : i % 13 === 0 ? 'transferred' : 'recorded';
      const original = i % 4 === 0 ? '8N' : code;
      let statusDate = '';
      if (status === 'recorded') {
        bump(`${slug}|${year}-${mm}|${code}`, 'recorded');
        if (original !== code) transitions += 1;
      } else if (status === 'cancelled') {
        // Cancelled the following month (January after December rolls the year).
        const next = new Date(Date.UTC(year, Number(mm), 10));
        statusDate = next.toISOString().slice(0, 10);
        bump(`${slug}|${statusDate.slice(0, 7)}|${code}`, 'cancelled');
      } else transferred += 1;
      chunk += `R${i},${force},${year}-${mm}-15,${code},${original},${status},${statusDate},\n`;
      if (chunk.length > 65_536) {
        if (!out.write(chunk)) await new Promise<void>((res) => out.once('drain', () => res()));
        chunk = '';
      }
    }
    out.end(chunk);
    await new Promise<void>((res) => out.once('close', () => res()));

    const progress: number[] = [];
    const r = await readReturnFile(path, CTX, { onProgress: (b) => progress.push(b) });
    const ok = accepted(r);
    expect(ok.rowsRead).toBe(200_000);
    expect(ok.rows).toHaveLength(expected.size);
    for (const row of ok.rows) {
      const want = expected.get(`${row.force_code}|${row.period_start}|${row.offence_code}`);
      expect(want, `${row.force_code} ${row.period_start} ${row.offence_code}`).toBeDefined();
      expect([row.recorded, row.cancelled]).toEqual([want!.recorded, want!.cancelled]);
    }
    expect(ok.transitions!.reduce((s, t) => s + t.count, 0)).toBe(transitions);
    expect(ok.skipped).toEqual([expect.objectContaining({ reason: 'transferred', count: transferred })]);
    expect(progress.at(-1)).toBe(r.bytes);
    expect(progress.length).toBeGreaterThan(1);
    expect(r.input_sha256).toBe((await hashFile(path)).input_sha256);
  }, 30_000);
});

describe('listInputFiles', () => {
  it('expands directories one level, skips dotfiles, reports other files, and sorts', async () => {
    const dir = join(tmp, 'inbox');
    mkdirSync(join(dir, 'nested'), { recursive: true });
    for (const name of [
      'b.csv',
      'a.JSONL',
      'c.ndjson',
      '.DS_Store',
      '.hidden.csv',
      'notes.txt',
      'book.xlsx',
      'nested/x.csv',
    ]) {
      writeFileSync(join(dir, name), 'x');
    }
    const single = temp('z-single.csv', 'x');
    const other = temp('readme.md', 'x');
    const list = await listInputFiles([single, dir, join(tmp, 'missing.csv'), other, join(dir, 'b.csv')]);
    expect(list.files).toEqual(
      [join(dir, 'a.JSONL'), join(dir, 'b.csv'), join(dir, 'c.ndjson'), single].sort(),
    );
    expect(list.skipped.map((s) => [s.path, s.reason])).toEqual(
      [
        [join(dir, 'book.xlsx'), 'unsupported_extension'],
        [join(dir, 'nested'), 'subdirectory'],
        [join(dir, 'notes.txt'), 'unsupported_extension'],
        [join(tmp, 'missing.csv'), 'not_found'],
        [other, 'unsupported_extension'],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
  });
});
