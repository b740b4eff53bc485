// The crime-id index on its own: a crime is one force's id, exactly as written, however many crimes
// came before it (the table grows and rehashes on the way).
import { describe, expect, it } from 'vitest';
import { CrimeIdIndex, RowFingerprints } from '#core/ingest/crime-ids.ts';

describe('CrimeIdIndex', () => {
  it('finds every repeat among 50,000 crimes, with the kept line and month, across growth', () => {
    const index = new CrimeIdIndex();
    const months = ['2023-01', '2023-02', '2023-03'];
    for (let i = 0; i < 50_000; i++) {
      expect(index.repeatOf('kent', `K-${i}`, i + 2, months[i % 3]!, i)).toBeNull();
    }
    expect(index.crimes).toBe(50_000);
    for (const i of [0, 1, 4_095, 32_768, 49_999]) {
      expect(index.repeatOf('kent', `K-${i}`, 60_000 + i, '2024-01', i)).toEqual({
        line: i + 2,
        month: months[i % 3],
        identical: true,
        firstRepeat: true,
      });
    }
    expect(index.repeatOf('kent', 'K-7', 70_000, '2024-01', -1)).toMatchObject({
      identical: false,
      firstRepeat: true,
    });
    expect(index.repeatOf('kent', 'K-7', 70_001, '2024-01', 7)).toMatchObject({
      line: 9,
      identical: true,
      firstRepeat: false,
    });
    expect(index.crimes).toBe(50_000);
  });

  it('keeps forces apart, and compares ids as text: case, spaces and non-ASCII characters count', () => {
    const index = new CrimeIdIndex();
    const ids = ['A-1', 'a-1', 'A-1 ', 'Ä-1', '𝄞-1', '', 'A-10', '\u0100', '\u0001\u0000', '\u0080'];
    for (const [i, id] of ids.entries()) expect(index.repeatOf('kent', id, i + 2, '2023-01', 0)).toBeNull();
    expect(index.repeatOf('essex', 'A-1', 20, '2023-01', 0)).toBeNull();
    for (const [i, id] of ids.entries())
      expect(index.repeatOf('kent', id, 30 + i, '2023-02', 0)?.line).toBe(i + 2);
    expect(index.repeatOf('essex', 'A-1', 40, '2023-01', 0)?.line).toBe(20);
    expect(index.crimes).toBe(ids.length + 1);
  });
});

describe('RowFingerprints', () => {
  it('is the same for the same fields, and differs when any field, its absence or the order does', () => {
    const f = new RowFingerprints();
    const row = ['2023-01-05', '8N', null, 'cancelled', '2023-01-09', 'C2'];
    const print = f.of(row);
    expect(new RowFingerprints().of([...row])).toBe(print);
    const variants = [
      ['2023-01-06', '8N', null, 'cancelled', '2023-01-09', 'C2'],
      ['2023-01-05', '8N', '', 'cancelled', '2023-01-09', 'C2'],
      ['2023-01-05', '8N', '8N', 'cancelled', '2023-01-09', 'C2'],
      ['2023-01-05', '8N', null, 'cancelled', '2023-01-09', null],
      ['2023-01-05', null, '8N', 'cancelled', '2023-01-09', 'C2'],
      ['2023-01-05', '8N', null, 'cancelled', 'C2', '2023-01-09'],
    ];
    const prints = new Set(variants.map((v) => f.of(v)));
    expect(prints.size).toBe(variants.length);
    expect(prints.has(print)).toBe(false);
  });
});
