import { describe, expect, it } from 'vitest';
import { csvField, formatMonthlyReturnsCsv, monthlyReturnsByForce } from '#core/synthetic/csv.ts';
import { formatJsonText } from '#core/synthetic/json-text.ts';
import { malformedExample } from '#core/synthetic/malformed.ts';

describe('CSV text', () => {
  it('quotes only fields that need it', () => {
    expect(csvField('8N')).toBe('8N');
    expect(csvField(4.1)).toBe('4.1');
    expect(csvField('Going equipped for stealing, etc')).toBe('"Going equipped for stealing, etc"');
    expect(csvField('say "no"')).toBe('"say ""no"""');
  });

  it('writes the §1a header, LF endings and a final newline, one text per force', () => {
    const rows = [
      { force_code: 'kent', month: '2020-01', offence_code: '8N', recorded: 10, cancelled: 1 },
      { force_code: 'dorset', month: '2020-01', offence_code: '8N', recorded: 4, cancelled: 0 },
      { force_code: 'kent', month: '2020-02', offence_code: '8N', recorded: 12, cancelled: 0 },
    ];
    expect(formatMonthlyReturnsCsv(rows.slice(0, 1))).toBe(
      'force_code,month,offence_code,recorded,cancelled\nkent,2020-01,8N,10,1\n',
    );
    const split = monthlyReturnsByForce(rows);
    expect([...split.keys()]).toEqual(['kent', 'dorset']);
    expect(split.get('kent')).toBe(
      'force_code,month,offence_code,recorded,cancelled\nkent,2020-01,8N,10,1\nkent,2020-02,8N,12,0\n',
    );
  });
});

describe('formatJsonText', () => {
  it('round-trips and lays out like the formatter: short plain arrays inline, objects expanded', () => {
    const value = {
      a: [1, 2],
      b: { c: 'x', d: [] },
      e: [{ f: null }],
      long: Array.from({ length: 30 }, (_, i) => `item-${i}`),
    };
    const text = formatJsonText(value);
    expect(JSON.parse(text)).toEqual(value);
    expect(text).toContain('"a": [1, 2],');
    expect(text).toContain('"d": []');
    expect(text).toContain('"e": [\n    {\n      "f": null\n    }\n  ]');
    expect(text).toContain('"long": [\n    "item-0",\n');
    expect(text.endsWith('}\n')).toBe(true);
  });
});

describe('malformedExample', () => {
  it('lists a problem for every broken line, by its physical line number', () => {
    const example = malformedExample();
    const lines = example.content.trimEnd().split('\n');
    expect(lines[0]).toBe('force_code,month,offence_code,recorded,cancelled');
    expect(example.problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(lines[2]).toContain('2021-13');
    expect(lines[3]).toContain('twelve');
    expect(lines[4]?.startsWith('gotham,')).toBe(true);
    expect(lines[6]?.split(',')).toHaveLength(4);
  });
});
