import { describe, expect, it } from 'vitest';
import {
  DIFFERENCE_DF_PER_DIFFERENCE,
  differenceDispersion,
  TRIMMED_CHI2_1_MEAN,
} from '#core/stats/difference-dispersion.ts';
import { createRng, randomNormal } from '#core/stats/random.ts';

describe('differenceDispersion', () => {
  it('reproduces the formula on a hand-worked series (three differences, none trimmed)', () => {
    // Rates 0.10, 0.20, 0.10, 0.15 of 100 each; Poisson variance.
    const hits = [10, 20, 10, 15];
    const trials = [100, 100, 100, 100];
    const z2 = [
      (0.1 - 0.2) ** 2 / (0.15 * 0.02), // ρ̂ = 30/200
      (0.2 - 0.1) ** 2 / (0.15 * 0.02),
      (0.1 - 0.15) ** 2 / (0.125 * 0.02),
    ];
    const expected = (z2[0]! + z2[1]! + z2[2]!) / 3 / TRIMMED_CHI2_1_MEAN;
    const r = differenceDispersion(hits, trials, 'poisson');
    expect(r.differences).toBe(3);
    expect(r.phi).toBeCloseTo(expected, 12);
    expect(r.df).toBe(Math.floor(DIFFERENCE_DF_PER_DIFFERENCE * 3));
    // The binomial variance divides by ρ(1 − ρ) instead of ρ.
    const b = differenceDispersion(hits, trials, 'binomial');
    const zb = [z2[0]! / 0.85, z2[1]! / 0.85, z2[2]! / 0.875];
    expect(b.phi).toBeCloseTo((zb[0]! + zb[1]! + zb[2]!) / 3 / TRIMMED_CHI2_1_MEAN, 12);
  });

  it('skips months with no trials and floors φ̂ at 1', () => {
    const steady = differenceDispersion(
      [50, 0, 50, 50, 50, 50],
      [1000, 0, 1000, 1000, 1000, 1000],
      'poisson',
    );
    expect(steady.differences).toBe(4);
    expect(steady.phi).toBe(1);
  });

  it('is not inflated by one step in the rate, unlike a Pearson X² around the pooled rate', () => {
    const rng = createRng(11);
    const trials = Array.from({ length: 36 }, () => 1000);
    const hits = trials.map((n, t) =>
      Math.round(n * (t < 30 ? 0.04 : 0.2) + randomNormal(rng) * Math.sqrt(n * 0.04)),
    );
    const r = differenceDispersion(hits, trials, 'poisson');
    const pooled = hits.reduce((a, b) => a + b, 0) / trials.reduce((a, b) => a + b, 0);
    const pearson =
      hits.reduce((s, y, t) => s + (y - pooled * trials[t]!) ** 2 / (pooled * trials[t]!), 0) / 35;
    expect(pearson).toBeGreaterThan(50);
    expect(r.phi).toBeLessThan(2);
  });

  it('has the stated effective degrees of freedom and a small conservative bias on Gaussian noise', () => {
    // The header's simulation, repeated: φ = 3, 36 months, 4,000 replicates (seeded).
    const rng = createRng(2026);
    const phi = 3;
    const n = 36;
    const values: number[] = [];
    for (let r = 0; r < 4000; r++) {
      const hits: number[] = [];
      const trials: number[] = [];
      for (let t = 0; t < n; t++) {
        trials.push(1);
        hits.push(1000 + randomNormal(rng) * Math.sqrt(1000 * phi));
      }
      // Unfloored: rescale so that the floor at 1 never binds (φ̂/φ is what is studied).
      values.push(differenceDispersion(hits, trials, 'poisson').phi / phi);
    }
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
    const df = (2 * mean * mean) / variance;
    expect(mean).toBeGreaterThan(1);
    expect(mean).toBeLessThan(1.2);
    expect(df / (n - 1)).toBeGreaterThan(DIFFERENCE_DF_PER_DIFFERENCE - 0.06);
    expect(df / (n - 1)).toBeLessThan(DIFFERENCE_DF_PER_DIFFERENCE + 0.06);
  });
});
