import { describe, expect, it } from 'vitest';
import { normalCdf } from '#core/stats/distributions.ts';
import { createRng, randomNormal } from '#core/stats/random.ts';
import { owenT, scanLowerTailBound } from '#core/stats/scan-bound.ts';

describe("Owen's T", () => {
  it('T(h, 1) = ½ Φ(h)(1 − Φ(h)) (Owen 1956; 1e-12 relative)', () => {
    for (const h of [0, 0.5, 2, 5, 8]) {
      const exact = 0.5 * normalCdf(h) * normalCdf(-h);
      expect(Math.abs(owenT(h, 1) / exact - 1)).toBeLessThan(1e-12);
    }
  });

  it('T(0, a) = arctan(a)/2π (1e-14)', () => {
    for (const a of [0.05, 0.3, 0.8]) expect(owenT(0, a)).toBeCloseTo(Math.atan(a) / (2 * Math.PI), 14);
  });
});

describe('scanLowerTailBound (Hunter 1976 / Worsley 1982)', () => {
  it('is one test for one test, and Bonferroni for uncorrelated neighbours', () => {
    expect(scanLowerTailBound(-3, [])).toBe(normalCdf(-3));
    expect(scanLowerTailBound(-3, [0, 0, 0])).toBeCloseTo(4 * normalCdf(-3), 15);
  });

  it('two tests: Φ(u) + Φ(u) − Φ₂(u, u; ρ), with Φ₂ at ρ = ½ from Φ₂(0, 0; ρ) = ¼ + arcsin ρ / 2π', () => {
    const rho = 0.5;
    expect(scanLowerTailBound(0, [rho])).toBeCloseTo(1 - (0.25 + Math.asin(rho) / (2 * Math.PI)), 12);
  });

  it('bounds the minimum of an AR(1) Gaussian sequence within 30% at p ≈ 0.01 (simulation: 20,000 sequences of 100, ρ = 0.9)', () => {
    const rng = createRng(7);
    const rho = 0.9;
    const u = -3.5;
    let hits = 0;
    const n = 20_000;
    for (let k = 0; k < n; k++) {
      let z = randomNormal(rng);
      let min = z;
      for (let i = 1; i < 100; i++) {
        z = rho * z + Math.sqrt(1 - rho * rho) * randomNormal(rng);
        if (z < min) min = z;
      }
      if (min <= u) hits++;
    }
    const mc = hits / n;
    const bound = scanLowerTailBound(u, new Array(99).fill(rho));
    const se = Math.sqrt((mc * (1 - mc)) / n);
    expect(bound).toBeGreaterThan(mc - 3 * se);
    // The bound's excess over the truth is the chance of two separate excursions: small in the tail.
    expect(bound).toBeLessThan(mc * 1.3 + 3 * se);
    expect(bound).toBeLessThan(100 * normalCdf(u));
  });
});
