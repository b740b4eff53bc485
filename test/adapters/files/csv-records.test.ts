// The CSV record splitter against csv-parse (the parser it replaced, kept as the oracle): the same
// records from the same text, however the text is cut into pieces, and the first quoting error with
// the line it is on.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvRecordSplitter } from '#adapters/files/csv-records.ts';
import { createRng } from '#core/synthetic/rng.ts';

/** Writes the text in pieces of the given lengths (the rest in one), then ends it. */
function feed(s: CsvRecordSplitter, text: string, pieces: readonly number[]): void {
  let at = 0;
  for (const n of pieces) {
    s.write(text.slice(at, at + n));
    at += n;
  }
  if (at < text.length) s.write(text.slice(at));
  s.end();
}

interface Split {
  records: Array<[number, string[]]>;
  errors: Array<[number, string]>;
}

function split(text: string, pieces: readonly number[] = [text.length], max = 1 << 20): Split {
  const out: Split = { records: [], errors: [] };
  const s = new CsvRecordSplitter(
    {
      record: (fields, line) => out.records.push([line, fields]),
      error: (line, message) => out.errors.push([line, message]),
    },
    max,
    'too long',
  );
  feed(s, text, pieces);
  return out;
}

/** csv-parse with the options the reader used: records with the line each starts on. */
function oracle(text: string): Array<[number, string[]]> {
  const rows = parse(text, {
    info: true,
    relax_column_count: true,
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n'],
  }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  let last = 0;
  return rows.map(({ record, info }) => {
    const line = last + 1;
    last = info.lines;
    return [line, record];
  });
}

// No CR inside a field: csv-parse counts a lone CR, and the CR of a CRLF inside quotes, as a line
// break of its own; the reader (like its UTF-8 checks) counts LFs. Tested on their own below.
const CELLS = ['kent', '', ' 8n ', '1,204', 'a "quoted" word', 'two\nlines', 'é £ 𝄞'];

function randomCsv(seed: string, rows: number): string {
  const rng = createRng(seed);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const width = rng.int(1, 5);
    const fields: string[] = [];
    for (let c = 0; c < width; c++) {
      const cell = CELLS[rng.int(0, CELLS.length - 1)] as string;
      const quote = /[",\r\n]/.test(cell) || rng.uniform() < 0.2;
      fields.push(quote ? `"${cell.replace(/"/g, '""')}"` : cell);
    }
    lines.push(fields.join(','));
  }
  return lines.join(createRng(`${seed}-eol`).uniform() < 0.5 ? '\n' : '\r\n') + (rows % 2 ? '\n' : '');
}

describe('CsvRecordSplitter', () => {
  it.each(['a', 'b', 'c', 'd', 'e', 'f'])(
    'gives csv-parse’s records and lines for random quoted CSV, cut anywhere (seed %s)',
    (seed) => {
      const text = randomCsv(seed, 200);
      const expected = oracle(text);
      const rng = createRng(`${seed}-pieces`);
      const pieces = Array.from({ length: 400 }, () => rng.int(1, 40));
      expect(split(text)).toEqual({ records: expected, errors: [] });
      expect(split(text, pieces)).toEqual({ records: expected, errors: [] });
      expect(
        split(
          text,
          Array.from({ length: text.length }, () => 1),
        ),
      ).toEqual({
        records: expected,
        errors: [],
      });
    },
  );

  it.each(['g', 'h'])(
    'lends a sink that takes them the quote-free lines as text, with the same lines (seed %s)',
    (seed) => {
      const text = randomCsv(seed, 200);
      const rng = createRng(`${seed}-pieces`);
      for (const pieces of [[text.length], Array.from({ length: 400 }, () => rng.int(1, 40))]) {
        const records: Array<[number, string[]]> = [];
        let lent = 0;
        const s = new CsvRecordSplitter(
          {
            record: (fields, line) => records.push([line, fields]),
            error: (line, message) => expect.fail(`line ${line}: ${message}`),
            // Takes every other line itself, so that both paths run in one file.
            recordText: (buf, start, end, line) => {
              if (line % 2 === 1) return false;
              lent += 1;
              records.push([line, buf.slice(start, end).split(',')]);
              return true;
            },
          },
          1 << 20,
          'too long',
        );
        feed(s, text, pieces);
        expect(records).toEqual(oracle(text));
        expect(lent).toBeGreaterThan(10);
      }
    },
  );

  it('keeps blank lines as one empty field, so line numbers stay physical', () => {
    expect(split('a,b\n\r\n\nc,d').records).toEqual([
      [1, ['a', 'b']],
      [2, ['']],
      [3, ['']],
      [4, ['c', 'd']],
    ]);
  });

  it('keeps a lone CR as text, and counts lines by LF', () => {
    expect(split('a\rb,"c\rd"\ne,"f\r\ng"\r\nh\n').records).toEqual([
      [1, ['a\rb', 'c\rd']],
      [2, ['e', 'f\r\ng']],
      [4, ['h']],
    ]);
  });

  it.each([
    [
      'a quote inside an unquoted field',
      'a,b\nc,d"e,f\n',
      2,
      /field 2 \("d\\"e"\) holds a quote but does not start with one/,
    ],
    [
      'text after a closing quote',
      'a,b\nc,"d"x,f\n',
      2,
      /field 2 closes its quote and goes on with "x,f\\n"/,
    ],
    ['a quote never closed', 'a,b\nc,"d,e\nf,g\n', 2, /the quote that opens field 2 is never closed/],
    ['an error after a field with line breaks', 'a,"b\nc"\nd"e\n', 3, /field 1 \("d\\"e"\) holds a quote/],
  ])('%s stops at the first error, on its line', (_what, text, line, message) => {
    for (const pieces of [[text.length], Array.from({ length: text.length }, () => 1)]) {
      const { errors } = split(text, pieces);
      expect(errors).toHaveLength(1);
      expect(errors[0]![0]).toBe(line);
      expect(errors[0]![1]).toMatch(/^CSV quoting error: /);
      expect(errors[0]![1]).toMatch(message);
      expect(errors[0]![1]).toMatch(/must be enclosed in double quotes, with any quote inside it doubled/);
    }
  });

  it('refuses a record longer than the limit, with or without quotes, and reads no further', () => {
    for (const text of [
      `a\n${'x'.repeat(100)}\nb\n`,
      `a\n"${'x\n'.repeat(50)}"\nb\n`,
      `a\n${'x'.repeat(100)}`,
    ]) {
      const r = split(text, [7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7], 64);
      expect(r.errors).toEqual([[2, 'too long']]);
      expect(r.records).toEqual([[1, ['a']]]);
    }
  });

  it('counts the line feeds written so far, those of a quoted record still open included', () => {
    const text = 'a,b\r\n\nc,"d\ne"\nf,"g\nh\ni';
    const s = new CsvRecordSplitter({ record: () => {}, error: () => {} }, 1 << 20, 'too long');
    for (let at = 0; at < text.length; at++) {
      s.write(text[at]!);
      expect(s.lineFeeds).toBe(text.slice(0, at + 1).split('\n').length - 1);
    }
  });
});
