import { describe, expect, it } from 'vitest';
import {
  forecastCovariance,
  forecastMean,
  type RandomPath,
  windowCovariance,
} from '#core/synthetic/benchmark/forecast.ts';
import { createRng } from '#core/synthetic/rng.ts';

const path = (phi: number, sd: number, values: number[]): RandomPath => ({
  key: 'p',
  phi,
  sd,
  values: Float64Array.from(values),
});
const ones = (n: number) => new Array<number>(n).fill(1);

describe('forecastMean', () => {
  it('keeps a walk at its last value and decays an AR(1) by φ^h', () => {
    const walk = path(1, 0.1, [0.2, 0.5, -0.3, 9]);
    expect(forecastMean(walk, 3, 3)).toBe(-0.3);
    expect(forecastMean(walk, 3, 10)).toBe(-0.3);
    const ar = path(0.5, 0.1, [0.2, 0.8, 9, 9]);
    expect(forecastMean(ar, 2, 2)).toBeCloseTo(0.4, 12);
    expect(forecastMean(ar, 2, 4)).toBeCloseTo(0.1, 12);
    // Nothing observed: a walk starts at 0, an AR(1) at its mean 0.
    expect(forecastMean(walk, 0, 2)).toBe(0);
  });
});

/**
 * Golden values, each derived twice (the covariance formula and the ψ-weight sum of the window's
 * innovations, Box–Jenkins §5.1):
 * - a walk, σ = 1, unit weights over n months: Σ_i Σ_j min(i, j) = n(n + 1)(2n + 1)/6, 650 for n = 12;
 *   with σ = .008 that is 650 × 6.4e-5 = .0416;
 * - an AR(1), φ = .5, σ = 1, three months: the window sum is η₁(1 + .5 + .25) + η₂(1 + .5) + η₃,
 *   variance 1.75² + 1.5² + 1 = 6.3125; from the covariances C₁₁ = 1, C₂₂ = 1.25, C₃₃ = 1.3125,
 *   C₁₂ = .5, C₁₃ = .25, C₂₃ = .625 the same 6.3125;
 * - the same AR(1) with nothing observed (origin 0) adds σ²/(1 − φ²)·(Σ_h φ^h)² = (4/3)·(.875)² =
 *   1.0208333…, 7.3333… in all (the stationary variance 4/3 of each month, plus covariances).
 */
describe('the forecast errors of a window sum', () => {
  it('a random walk: σ²·n(n + 1)(2n + 1)/6', () => {
    const walk = path(1, 0.008, ones(40));
    expect(windowCovariance(walk, 10, ones(12), ones(12))).toBeCloseTo(0.0416, 12);
    expect(forecastCovariance(walk, 10, 3, 7)).toBeCloseTo(3 * 6.4e-5, 14);
  });

  it('an AR(1), φ = .5: 6.3125 over three months, 7.3333 from the stationary law', () => {
    const ar = path(0.5, 1, ones(10));
    expect(forecastCovariance(ar, 5, 2, 3)).toBeCloseTo(0.625, 12);
    expect(windowCovariance(ar, 5, ones(3), ones(3))).toBeCloseTo(6.3125, 12);
    expect(windowCovariance(ar, 0, ones(3), ones(3))).toBeCloseTo(6.3125 + (4 / 3) * 0.875 ** 2, 12);
    expect(windowCovariance(ar, 0, ones(1), ones(1))).toBeCloseTo(4 / 3, 12);
  });

  it('weights the months: Σ a_i b_j C_ij', () => {
    const ar = path(0.5, 1, ones(10));
    // a = (1, 0, 2), b = (0, 1, 0): C₁₂ + 2·C₃₂ = .5 + 1.25 = 1.75
    expect(windowCovariance(ar, 5, [1, 0, 2], [0, 1, 0])).toBeCloseTo(1.75, 12);
  });

  /** 20,000 simulated windows of 6 months: the sample variance's relative SE is √(2/20000) ≈ 1%. */
  it('matches a simulation of the AR(1) and the walk (±5%, 5 SE)', () => {
    const rng = createRng('forecast-test');
    const n = 6;
    const runs = 20_000;
    for (const phi of [0.5, 1]) {
      const p = path(phi, 0.02, [0.1]);
      let sum = 0;
      let sum2 = 0;
      for (let r = 0; r < runs; r++) {
        let x = 0.1;
        let window = 0;
        for (let h = 1; h <= n; h++) {
          x = phi * x + rng.normal(0, 0.02);
          window += x - forecastMean(p, 1, h);
        }
        sum += window;
        sum2 += window * window;
      }
      const variance = (sum2 - (sum * sum) / runs) / (runs - 1);
      const theory = windowCovariance(p, 1, ones(n), ones(n));
      expect(Math.abs(variance / theory - 1)).toBeLessThan(0.05);
    }
  });
});
