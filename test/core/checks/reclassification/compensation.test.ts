/** κ and its delta-method standard error against values computed by hand from the stated formulas. */
import { describe, expect, it } from 'vitest';
import { compensation, growthCovariance } from '#core/checks/reclassification/compensation.ts';
import { cappedSeverity, compensationVerdict } from '#core/checks/reclassification/compensation-verdict.ts';

const swap = {
  seriousWindow: 80,
  seriousBase: 100,
  lesserWindow: 120,
  lesserBase: 100,
  growthSerious: 1,
  growthLesser: 1,
};

describe('compensation ratio κ', () => {
  it('matches the closed form on a one-for-one swap', () => {
    const c = compensation(swap, { tau2Serious: 0.01, tau2Lesser: 0.02, covariance: 0.005 });
    // N = 120 − 100 = 20, D = 100 − 80 = 20, κ = 1.
    // Var N = 100²(1/120.5 + 1/100.5 + 0.02), Var D = 100²(1/80.5 + 1/100.5 + 0.01),
    // Cov = −100·100·0.005; SE = √(Var N − 2κ Cov + κ² Var D)/D = 1.41969726480337 (python, same formula).
    expect(c.kappa).toBeCloseTo(1, 12);
    expect(c.se).toBeCloseTo(1.4196972648033719, 12);
    expect(c.lower).toBeCloseTo(1 - 1.96 * 1.4196972648033719, 12);
    expect(c.zLesser).toBeCloseTo(1.0226333002638006, 12);
    expect(c.seriousShortfall).toBe(20);
  });

  it('is about 0 when the serious side fell and the lesser side did not rise', () => {
    const c = compensation(
      { ...swap, seriousWindow: 700, seriousBase: 1000, lesserWindow: 1000, lesserBase: 1000 },
      { tau2Serious: 0, tau2Lesser: 0, covariance: 0 },
    );
    expect(c.kappa).toBeCloseTo(0, 12);
    expect(c.zLesser).toBeCloseTo(0, 12);
  });

  it('is undefined when the serious side did not fall below its level expectation', () => {
    const c = compensation(
      { ...swap, seriousWindow: 110, growthSerious: 1.05 },
      { tau2Serious: 0, tau2Lesser: 0, covariance: 0 },
    );
    expect(c.kappa).toBeNull();
    expect(c.se).toBeNull();
    // The lesser side's test is still defined: N = 20 over √(100²·(1/120.5 + 1/100.5)).
    expect(c.zLesser).toBeCloseTo(20 / (100 * Math.sqrt(1 / 120.5 + 1 / 100.5)), 12);
  });

  it('takes the sides’ covariance across forces, clipping an outlier', () => {
    expect(growthCovariance([0.1, -0.1, 0.1, -0.1], [0.1, -0.1, 0.1, -0.1])).toBeCloseTo(0.04 / 3, 12);
    const clipped = growthCovariance([0.1, -0.1, 0.1, -0.1, 5], [0.1, -0.1, 0.1, -0.1, 5]);
    // MAD of |dev| = 0.1 → limit 3·0.1·1.4826 = 0.44478; sum = 4·0.01 + 0.44478²
    expect(clipped).toBeCloseTo((0.04 + 0.44478 ** 2) / 4, 10);
  });
});

describe('compensation verdict', () => {
  const gate = { minCompensation: 0.5, minCompensationZ: 1.645, maxCompensationSe: 0.4 };
  const none = { tau2Serious: 0, tau2Lesser: 0, covariance: 0 };
  it('calls a measurable swap reclassified and a measurable vanishing not compensated', () => {
    const base = { seriousBase: 1000, lesserBase: 1000, growthSerious: 1, growthLesser: 1 };
    const swapped = compensation({ ...base, seriousWindow: 700, lesserWindow: 1300 }, none);
    expect(compensationVerdict(swapped, gate)).toBe('reclassified');
    const vanished = compensation({ ...base, seriousWindow: 700, lesserWindow: 1000 }, none);
    expect(compensationVerdict(vanished, gate)).toBe('not_compensated');
  });

  it('calls κ undetermined when the lesser side dwarfs the crimes moved', () => {
    // 50 crimes moved into a side of 20,000 with 5% drift: SD(N) ≈ 1,000, SE₀ ≈ 20.
    const c = compensation(
      {
        seriousBase: 200,
        seriousWindow: 150,
        lesserBase: 20_000,
        lesserWindow: 20_050,
        growthSerious: 1,
        growthLesser: 1,
      },
      { tau2Serious: 0, tau2Lesser: 0.0025, covariance: 0 },
    );
    expect(compensationVerdict(c, gate)).toBe('undetermined');
    expect(cappedSeverity('high', 'undetermined')).toBe('medium');
    expect(cappedSeverity('high', 'reclassified')).toBe('high');
  });
});
