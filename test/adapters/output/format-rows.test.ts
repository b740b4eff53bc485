import { describe, expect, it } from 'vitest';
import { formatRows } from '#adapters/output/format-rows.ts';

const columns = [
  { name: 'force_code', type: 'VARCHAR' },
  { name: 'observed', type: 'DOUBLE' },
  { name: 'summary', type: 'VARCHAR' },
];

describe('json', () => {
  it('prints one JSON array of row objects in column order', () => {
    const rows = [
      { summary: 's', force_code: 'kent', observed: 3.5, extra: 'dropped' },
      { force_code: 'essex', observed: null },
    ];
    const text = formatRows(rows, columns, 'json');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(text)).toEqual([
      { force_code: 'kent', observed: 3.5, summary: 's' },
      { force_code: 'essex', observed: null, summary: null },
    ]);
    expect(Object.keys(JSON.parse(text)[0])).toEqual(['force_code', 'observed', 'summary']);
  });

  it('serialises bigint exactly, Dates as ISO text and non-finite numbers as null', () => {
    const text = formatRows(
      [{ a: 5n, b: 2n ** 63n, c: new Date('2024-01-02T03:04:05.678Z'), d: Number.NaN }],
      ['a', 'b', 'c', 'd'],
      'json',
    );
    expect(text).toBe('[{"a":5,"b":"9223372036854775808","c":"2024-01-02T03:04:05.678Z","d":null}]\n');
  });

  it('prints an empty array for no rows', () => {
    expect(formatRows([], columns, 'json')).toBe('[]\n');
  });
});

describe('csv', () => {
  it('quotes per RFC 4180 with CRLF line ends and empty fields for null', () => {
    const rows = [
      { force_code: 'kent', observed: 3.5, summary: 'plain' },
      { force_code: 'a,b', observed: null, summary: 'say "hi"\nnext line' },
    ];
    expect(formatRows(rows, columns, 'csv')).toBe(
      'force_code,observed,summary\r\nkent,3.5,plain\r\n"a,b",,"say ""hi""\nnext line"\r\n',
    );
  });

  it('defuses cells that a spreadsheet would run as formulas', () => {
    const cells = ['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1)', '\tTAB', '\rCR', '-5', 'safe=1'];
    const text = formatRows(
      cells.map((summary) => ({ summary })),
      [{ name: 'summary', type: 'VARCHAR' }],
      'csv',
    );
    expect(text.split('\r\n').slice(1, -1)).toEqual([
      `"'=HYPERLINK(""http://x"",""y"")"`,
      "'+1+2",
      "'-2+3",
      "'@SUM(A1)",
      "'\tTAB",
      `"'\rCR"`,
      // A negative number stored as text is still text: prefixed.
      "'-5",
      'safe=1',
    ]);
  });

  it('leaves numbers alone: JS numbers, bigints and decimal strings in numeric columns', () => {
    const text = formatRows(
      [{ n: -5, b: -7n, big: '-9223372036854775808', e: -1.5e-7, t: '-3' }],
      [
        { name: 'n', type: 'DOUBLE' },
        { name: 'b', type: 'BIGINT' },
        { name: 'big', type: 'HUGEINT' },
        { name: 'e' },
        { name: 't', type: 'VARCHAR' },
      ],
      'csv',
    );
    expect(text).toBe("n,b,big,e,t\r\n-5,-7,-9223372036854775808,-1.5e-7,'-3\r\n");
  });

  it('defuses a hostile column name (from a SQL alias) in the header', () => {
    expect(formatRows([], ['=cmd()'], 'csv')).toBe("'=cmd()\r\n");
  });
});

describe('table', () => {
  it('aligns columns, right-aligns numbers, shows NULL and a row count', () => {
    const rows = [
      { force_code: 'kent', observed: 3.5, summary: 'short' },
      { force_code: 'greater-manchester', observed: 1234, summary: null },
    ];
    expect(formatRows(rows, columns, 'table')).toBe(
      [
        'force_code         | observed | summary',
        '-------------------+----------+--------',
        'kent               |      3.5 | short',
        'greater-manchester |     1234 | NULL',
        '(2 rows)',
        '',
      ].join('\n'),
    );
  });

  it('cuts long cells with an ellipsis and says "1 row"', () => {
    const evidence = JSON.stringify({ method: 'poisson', series: Array.from({ length: 50 }, (_, i) => i) });
    const text = formatRows([{ evidence }], ['evidence'], 'table', { maxCellWidth: 20 });
    const lines = text.split('\n');
    expect(lines[2]).toBe(`${evidence.slice(0, 19)}…`);
    expect(Array.from(lines[2] ?? '')).toHaveLength(20);
    expect(lines[3]).toBe('(1 row)');
  });

  it('shows control characters as escapes so data cannot drive the terminal', () => {
    const text = formatRows([{ s: 'red\u001b[31m\nnext\tcol' }], ['s'], 'table');
    expect(text).toContain('red\\u001b[31m\\nnext\\tcol');
    expect(text).not.toContain('\u001b');
  });

  it('prints header, separator and (0 rows) when there are no rows', () => {
    expect(formatRows([], ['a', 'bb'], 'table')).toBe('a | bb\n--+---\n(0 rows)\n');
  });

  it('counts characters, not UTF-16 units, when aligning', () => {
    const text = formatRows(
      [
        { a: '👮x', b: 1 },
        { a: 'abc', b: 2 },
      ],
      ['a', 'b'],
      'table',
    );
    expect(text.split('\n').slice(2, 4)).toEqual(['👮x  | 1', 'abc | 2']);
  });
});
