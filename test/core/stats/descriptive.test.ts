import { describe, expect, it } from 'vitest';
import { quantileInPlace, quantileType7 } from '#core/stats/descriptive.ts';
import { createRng } from '#core/stats/random.ts';

/** The definition itself: sort, then interpolate between the order statistics at (n − 1)p. */
function bySort(xs: readonly number[], prob: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const h = (sorted.length - 1) * prob;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!);
}

describe('quantileType7 by selection', () => {
  it("equals the sort's value exactly, ties, repeats and every length from 1 to 60 included", () => {
    const rng = createRng(7);
    for (let n = 1; n <= 60; n++) {
      for (let rep = 0; rep < 20; rep++) {
        // Few distinct values make ties common; the rest are arbitrary doubles of both signs.
        const xs = Array.from({ length: n }, () => (rep % 2 === 0 ? Math.floor(rng() * 4) : rng() * 2 - 1));
        for (const p of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1]) expect(quantileType7(xs, p)).toBe(bySort(xs, p));
      }
    }
  });

  it('matches R on a small case: quantile(c(3, 1, 4, 1, 5), c(.5, .9), type = 7) = 3, 4.6', () => {
    expect(quantileType7([3, 1, 4, 1, 5], 0.5)).toBe(3);
    expect(quantileType7([3, 1, 4, 1, 5], 0.9)).toBeCloseTo(4.6, 12);
  });

  it('in place, reads only the first n entries and leaves the input unchanged through quantileType7', () => {
    const buf = Float64Array.from([9, 2, 7, 100, -100]);
    expect(quantileInPlace(buf, 3, 0.5)).toBe(7);
    const xs = [5, 3, 1];
    quantileType7(xs, 0.5);
    expect(xs).toEqual([5, 3, 1]);
  });
});
