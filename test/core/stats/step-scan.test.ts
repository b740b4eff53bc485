import { describe, expect, it } from 'vitest';
import { bivariateNormalEqual } from '#core/stats/bivariate-normal.ts';
import { normalCdf } from '#core/stats/distributions.ts';
import { createRng } from '#core/stats/random.ts';
import {
  hunterWorsleyMin,
  scanMinPValue,
  stepCorrelations,
  stepFits,
  successiveDispersion,
} from '#core/stats/step-scan.ts';

describe('bivariate normal at equal limits', () => {
  it('matches the closed forms', () => {
    for (const rho of [-0.8, -0.3, 0, 0.4, 0.95]) {
      expect(bivariateNormalEqual(0, rho)).toBeCloseTo(0.25 + Math.asin(rho) / (2 * Math.PI), 10);
    }
    expect(bivariateNormalEqual(-1.3, 0)).toBeCloseTo(normalCdf(-1.3) ** 2, 12);
    expect(bivariateNormalEqual(-1.3, 1)).toBeCloseTo(normalCdf(-1.3), 10);
  });

  it('matches scipy multivariate_normal.cdf (relative 1e-6)', () => {
    // scipy 1.x, multivariate_normal(mean=[0,0], cov=[[1,r],[r,1]]).cdf([h,h]).
    const cases: Array<[number, number, number]> = [
      [-2.5, 0.9, 0.0032182351128478004],
      [-3.5, 0.7, 2.716449685014055e-5],
      [1.0, -0.5, 0.6864717942099401],
    ];
    for (const [h, r, want] of cases)
      expect(Math.abs(bivariateNormalEqual(h, r) / want - 1)).toBeLessThan(1e-6);
  });
});

describe('step fits', () => {
  const t = Array.from({ length: 40 }, (_, i) => i);
  const w = t.map(() => 4);

  it('recovers a step exactly from a noiseless line with a step, with or without a trend', () => {
    const x = t.map((i) => 0.3 + 0.01 * i - (i >= 25 ? 0.2 : 0));
    const [fit] = stepFits(x, t, w, [25], 100, true);
    expect(fit!.delta).toBeCloseTo(-0.2, 12);
    const flat = t.map((i) => 0.3 - (i >= 25 ? 0.2 : 0));
    const [level] = stepFits(flat, t, w, [25], 100, false);
    expect(level!.delta).toBeCloseTo(-0.2, 12);
    // Without a trend δ̂ is the difference of means: Var = (1/25 + 1/15)/w.
    expect(level!.varianceFactor).toBeCloseTo((1 / 25 + 1 / 15) / 4, 12);
  });

  it('uses only the baseline months before the candidate', () => {
    const x = t.map((i) => (i < 10 ? 5 : 0) - (i >= 25 ? 0.2 : 0));
    const [fit] = stepFits(x, t, w, [25], 12, false);
    expect(fit!.delta).toBeCloseTo(-0.2, 12);
  });

  it('gives the design correlation of two candidates', () => {
    const fits = stepFits(
      t.map(() => 0),
      t,
      w,
      [20, 21],
      100,
      false,
    );
    const r = stepCorrelations(fits, w);
    expect(r[0]![0]).toBeCloseTo(1, 12);
    // Difference-of-means estimators: coefficient 1/(40 − c) after c and −1/c before it.
    const a = (c: number, i: number) => (i >= c ? 1 / (40 - c) : -1 / c);
    let cov = 0;
    for (let i = 0; i < 40; i++) cov += a(20, i) * a(21, i);
    const v = (c: number) => 1 / c + 1 / (40 - c);
    expect(r[0]![1]).toBeCloseTo(cov / Math.sqrt(v(20) * v(21)), 12);
  });

  it('measures dispersion from successive differences, floored at 1', () => {
    expect(successiveDispersion([0, 2, 0, 2], [1, 1, 1, 1])).toBeCloseTo(2, 12);
    expect(successiveDispersion([0, 0.1, 0], [1, 1, 1])).toBe(1);
  });
});

describe('scan p-value of the minimum z', () => {
  it('is Φ(z) for one candidate and for perfectly correlated candidates', () => {
    expect(scanMinPValue(-3, [[1]], createRng(1), 2000).p).toBeCloseTo(normalCdf(-3), 12);
    const ones = [
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ];
    expect(hunterWorsleyMin(-3, ones)).toBeCloseTo(normalCdf(-3), 10);
  });

  it('agrees with 1 − (1 − Φ(z))^m for independent candidates', () => {
    const eye = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => (i === j ? 1 : 0)));
    const exact = 1 - (1 - normalCdf(-1.5)) ** 5;
    const sim = scanMinPValue(-1.5, eye, createRng(7), 20_000);
    expect(sim.method).toBe('simulated');
    // Monte Carlo SE √(p(1−p)/20000) ≈ 0.0034.
    expect(Math.abs(sim.p - exact)).toBeLessThan(0.012);
    // In the tail the bound is used, and is within 0.1% of the exact value there.
    const tail = scanMinPValue(-4, eye, createRng(7), 2000);
    expect(tail.method).toBe('hunter_worsley_bound');
    const exactTail = 1 - (1 - normalCdf(-4)) ** 5;
    expect(tail.p).toBeGreaterThanOrEqual(exactTail);
    expect(tail.p / exactTail).toBeLessThan(1.001);
  });

  it('is uniform for simulated correlated scans (the calibration it claims)', () => {
    const m = 12;
    const corr = Array.from({ length: m }, (_, i) =>
      Array.from({ length: m }, (_, j) => 0.8 ** Math.abs(i - j)),
    );
    const rng = createRng(99);
    // Draw the scan's minima under the null with the same correlations, then their p-values.
    const draws = ar1Minima(m, 400, rng);
    const ps = draws.map((z) => scanMinPValue(z, corr, createRng(5), 4000).p);
    for (const alpha of [0.05, 0.2, 0.5]) {
      const share = ps.filter((p) => p <= alpha).length / ps.length;
      // Binomial SE at n = 400 is ≤ 0.025; allow four.
      expect(Math.abs(share - alpha)).toBeLessThan(0.1);
    }
  });
});

function ar1Minima(m: number, n: number, rng: () => number): number[] {
  // AR(1) with correlation 0.8 between neighbours: z_i = 0.8 z_{i−1} + 0.6 e_i.
  const out: number[] = [];
  for (let s = 0; s < n; s++) {
    let z = 0;
    let min = Number.POSITIVE_INFINITY;
    for (let i = 0; i < m; i++) {
      const u1 = rng();
      const u2 = rng();
      const e = Math.sqrt(-2 * Math.log(u1 || 1e-300)) * Math.cos(2 * Math.PI * u2);
      z = i === 0 ? e : 0.8 * z + 0.6 * e;
      if (z < min) min = z;
    }
    out.push(min);
  }
  return out;
}
