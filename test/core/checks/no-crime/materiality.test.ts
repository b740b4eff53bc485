// Materiality and severity of a rise (materiality.ts): the gate and severity weighed by seriousness on
// assessed windows.
import { describe, expect, it } from 'vitest';
import {
  isMaterialRise,
  severityOfRise,
  weightedExcess,
  windowWeight,
} from '#core/checks/no-crime/materiality.ts';
import { assessed, kinds } from './assessed.ts';

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
