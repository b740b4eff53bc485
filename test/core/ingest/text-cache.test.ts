// The text cache must give exactly what its function gives for the text in the range, for texts that
// collide in its table, past its limit, and for texts too long to remember.
import { describe, expect, it } from 'vitest';
import { TextCache } from '#core/ingest/text-cache.ts';

describe('TextCache', () => {
  it('gives compute(text.slice(start, end)), computing each remembered text once', () => {
    const seen: string[] = [];
    const cache = new TextCache((t) => {
      seen.push(t);
      return `<${t}>`;
    });
    const line = 'a,ab,ba,,a,ab';
    const cells = [
      [0, 1],
      [2, 4],
      [5, 7],
      [8, 8],
      [9, 10],
      [11, 13],
    ] as const;
    expect(cells.map(([s, e]) => cache.get(line, s, e))).toEqual([
      '<a>',
      '<ab>',
      '<ba>',
      '<>',
      '<a>',
      '<ab>',
    ]);
    expect(seen).toEqual(['a', 'ab', 'ba', '']);
  });

  it('tells apart thousands of texts (its table grows), and computes afresh past its limit', () => {
    const calls = new Map<string, number>();
    const cache = new TextCache((t) => {
      calls.set(t, (calls.get(t) ?? 0) + 1);
      return t.length;
    }, 3000);
    const texts = Array.from({ length: 5000 }, (_, i) => `2023-${i}`);
    for (let round = 0; round < 2; round++) {
      for (const t of texts) expect(cache.get(`,${t},`, 1, t.length + 1)).toBe(t.length);
    }
    expect(calls.get(texts[0]!)).toBe(1);
    expect(calls.get(texts[2999]!)).toBe(1);
    expect(calls.get(texts[3000]!)).toBe(2);
  });

  it('computes a long text every time instead of keeping it', () => {
    let calls = 0;
    const cache = new TextCache((t) => {
      calls += 1;
      return t.length;
    });
    const long = 'x'.repeat(100);
    expect(cache.get(long, 0, 100)).toBe(100);
    expect(cache.get(long, 0, 100)).toBe(100);
    expect(calls).toBe(2);
  });
});
