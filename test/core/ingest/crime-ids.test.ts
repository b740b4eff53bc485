// The crime-id index on its own: a crime is one force's id, exactly as written, however many crimes
// came before it (the table grows and rehashes on the way).
import { describe, expect, it } from 'vitest';
import { CrimeIdIndex, rowFingerprint } from '#core/ingest/crime-ids.ts';
import { RecordLevelRowSchema } from '#core/ingest/schemas.ts';

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

  it('finds the same repeats when made for more or fewer crimes than it gets', () => {
    for (const expected of [10, 3_000, 100_000]) {
      const index = new CrimeIdIndex(expected);
      for (let i = 0; i < 5_000; i++)
        expect(index.repeatOf('kent', `K-${i}`, i + 2, '2023-01', i)).toBeNull();
      for (const i of [0, 2_999, 3_000, 4_999])
        expect(index.repeatOf('kent', `K-${i}`, 9_000, '2023-02', i)).toMatchObject({ line: i + 2 });
      expect(index.crimes).toBe(5_000);
    }
  });

  it('tells apart ids that differ only in their last character, or all end alike', () => {
    const index = new CrimeIdIndex();
    const ids = [
      ...Array.from({ length: 3_000 }, (_, i) => `GMP-${i}`),
      ...Array.from({ length: 3_000 }, (_, i) => `${i}/GMP`),
      ...Array.from({ length: 3_000 }, (_, i) => String.fromCharCode(0x100 + i)),
    ];
    for (const [i, id] of ids.entries()) expect(index.repeatOf('kent', id, i + 2, '2023-01', 0)).toBeNull();
    for (const [i, id] of ids.entries())
      expect(index.repeatOf('kent', id, 0, '2023-01', 0)?.line).toBe(i + 2);
    expect(index.crimes).toBe(ids.length);
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

describe('rowFingerprint', () => {
  const base = {
    crime_id: 'K-1',
    force_code: 'kent',
    recorded_date: '2023-01-05',
    offence_code: '8N',
    status: 'cancelled',
    status_date: '2023-01-09',
    cancellation_code: 'C2',
  };
  const print = (fields: Record<string, string | undefined>) =>
    rowFingerprint(RecordLevelRowSchema.parse({ ...base, ...fields }));

  it('is the same for the same counted fields, whatever the crime_id and force', () => {
    expect(print({ crime_id: 'K-2', force_code: 'essex' })).toBe(print({}));
  });

  it('differs when any counted field, its absence or the field it is in does', () => {
    const variants = [
      { recorded_date: '2023-01-06' },
      { original_offence_code: '8N' },
      { original_offence_code: '105A' },
      { cancellation_code: undefined },
      { cancellation_code: 'C' },
      { status: 'recorded', status_date: undefined },
      { status: 'transferred' },
      { status_date: '2023-01-10' },
      // The same characters in other fields: a field's end is part of what is hashed.
      { offence_code: '8N', original_offence_code: undefined, cancellation_code: '8NC2' },
    ];
    const prints = new Set(variants.map(print));
    expect(prints.size).toBe(variants.length);
    expect(prints.has(print({}))).toBe(false);
  });
});
