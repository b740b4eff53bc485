// The scan over 3–5-month windows ending in a quarter (scan.ts): its slots, the distinct windows it
// counts, and the Bonferroni bound it applies, checked by simulation on clean binomial months.
import { describe, expect, it } from 'vitest';
import { testWindow } from '#core/checks/no-crime/chart.ts';
import {
  blockWindows,
  chooseWindow,
  earliestStart,
  scanPValue,
  scanSize,
  slotCount,
} from '#core/checks/no-crime/scan.ts';
import { createRng } from '#core/synthetic/rng.ts';

const SHAPE = { blockMonths: 3, scanLengths: [3, 4, 5] };

describe('blockWindows', () => {
  it('has one slot per end month and length, each starting where its length says', () => {
    const n = new Float64Array(24).fill(100);
    const y = new Float64Array(24).fill(3);
    const w = blockWindows(12, 0, 24, SHAPE, () => true, y, n);
    expect(w).toHaveLength(slotCount(SHAPE));
    expect(w.map((x) => [x.start, x.length])).toEqual([
      [10, 3],
      [9, 4],
      [8, 5],
      [11, 3],
      [10, 4],
      [9, 5],
      [12, 3],
      [11, 4],
      [10, 5],
    ]);
    expect(w.every((x) => x.counts.months === x.length && x.distinct)).toBe(true);
    expect(scanSize(w)).toBe(9);
    expect(earliestStart(12, SHAPE)).toBe(8);
  });

  it('counts windows that coincide at the end of the data once, and skips unusable months', () => {
    const n = new Float64Array(12).fill(100);
    const y = new Float64Array(12).fill(3);
    // The block starts at the last month: every window ending after it is cut to end there.
    const w = blockWindows(11, 0, 12, SHAPE, (t) => t !== 10, y, n);
    expect(scanSize(w)).toBe(4);
    expect(w.filter((x) => x.distinct).map((x) => x.idx)).toEqual([[9, 11], [8, 9, 11], [7, 8, 9, 11], [11]]);
  });

  it('chooses the window with the largest standardised excess', () => {
    const n = new Float64Array(24).fill(100);
    const y = new Float64Array(24).fill(3);
    for (const t of [11, 12, 13]) y[t] = 12;
    const w = blockWindows(12, 0, 24, SHAPE, () => true, y, n);
    const best = chooseWindow(w, { mu: 0.03, rho: 0, n: 2400, n2: 2400 * 99 });
    expect([best!.start, best!.length]).toEqual([11, 3]);
  });
});

describe('scanPValue', () => {
  it('multiplies by K and caps at 1', () => {
    expect(scanPValue(1e-6, 9)).toBeCloseTo(9e-6, 18);
    expect(scanPValue(0.2, 9)).toBe(1);
  });

  // Simulation: 20,000 blocks of binomial months (n = 100, μ = 3% known, the small-series regime),
  // p of the chosen window from the exact binomial tail. The union bound must hold at every level
  // (P(p ≤ α) ≤ α, within 3 binomial SEs); it is conservative by the windows' overlap (measured:
  // 0.42, 0.29 and 0.40 × nominal at α = 0.05, 0.01 and 0.001).
  it('is a valid p-value on clean data, within the union bound', () => {
    const rng = createRng('scan-null');
    const n = new Float64Array(8).fill(100);
    const base = { mu: 0.03, rho: 0, n: 1e12, n2: 0 }; // μ known: no baseline uncertainty
    const reps = 20_000;
    const below = { 0.05: 0, 0.01: 0, 0.001: 0 };
    for (let r = 0; r < reps; r++) {
      const y = new Float64Array(8);
      for (let t = 0; t < 8; t++) y[t] = rng.binomial(100, 0.03);
      const w = blockWindows(4, 0, 8, SHAPE, () => true, y, n);
      const chosen = chooseWindow(w, base)!;
      const p = scanPValue(testWindow(chosen.counts, base).pValue, scanSize(w));
      for (const a of [0.05, 0.01, 0.001] as const) if (p <= a) below[a]++;
    }
    for (const a of [0.05, 0.01, 0.001] as const) {
      const se = Math.sqrt((a * (1 - a)) / reps);
      expect(below[a] / reps).toBeLessThanOrEqual(a + 3 * se);
      // Not vacuous: the scan still rejects at a useful share of the nominal rate.
      expect(below[a] / reps).toBeGreaterThan(0.1 * a);
    }
  });
});
