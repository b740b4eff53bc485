// Materiality and severity of a rise (materiality.ts): the z of a p-value against Φ⁻¹ golden values,
// and the gate and severity weighed by seriousness on assessed windows.
import { describe, expect, it } from 'vitest';
import {
  isMaterialRise,
  severityOfRise,
  weightedExcess,
  windowWeight,
  zOfP,
} from '#core/checks/no-crime/materiality.ts';
import { assessed, kinds } from './assessed.ts';

describe('zOfP', () => {
  // Φ⁻¹(1 − p) by bisection on erfc(z/√2)/2 = p in mpmath at 50 digits: 1e-2 → 2.326348, 1e-8 → 5.612001,
  // 1e-20 → 9.262340, 1e-100 → 21.27345. Below 1e-16 the asymptote is used (tolerance 1%).
  it.each([
    [1e-2, 2.326348, 1e-5],
    [1e-8, 5.612001, 1e-5],
    [1e-20, 9.26234, 0.01 * 9.26234],
    [1e-100, 21.27345, 0.01 * 21.27345],
  ])('gives Φ⁻¹(1 − %s) = %s', (p, z, tol) => {
    expect(Math.abs(zOfP(p) - z)).toBeLessThanOrEqual(tol);
  });

  it('is 0 at p = 1 and finite at p = 0', () => {
    expect(zOfP(1)).toBe(0);
    expect(zOfP(0)).toBe(40);
  });
});

describe('materiality and severity', () => {
  const { reported } = kinds(assessed());
  const t = reported.test;
  const y = t.result.plugIn.y;

  it('weighs the excess by the window cancellations\u2019 seriousness', () => {
    expect(weightedExcess(t, reported.expected)).toBeCloseTo((y - reported.expected) * windowWeight(t), 9);
  });

  it('needs both the rate ratio and the weighted-excess floor', () => {
    const config = { minRateRatio: 1.5, minWeightedExcess: 10 };
    expect(isMaterialRise(t, reported.expected, config)).toBe(true);
    // Expected so close to observed that the ratio fails.
    expect(isMaterialRise(t, y / 1.4, config)).toBe(false);
    // A floor above the weighted excess.
    expect(isMaterialRise(t, reported.expected, { ...config, minWeightedExcess: 1e9 })).toBe(false);
  });

  it('is high for a large, clear, material force-wide tripling and low when the evidence is weak', () => {
    expect(severityOfRise(t, reported.expected, reported.pValue)).toBe('high');
    expect(severityOfRise(t, reported.expected, 0.01)).toBe('low');
  });
});
