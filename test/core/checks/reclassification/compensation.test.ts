/** κ, its delta-method standard error and its Fieller lower limit against values computed by hand from the stated formulas. */
import { describe, expect, it } from 'vitest';
import { compensation, fiellerLower, growthCovariance } from '#core/checks/reclassification/compensation.ts';
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

  it('gives Fieller’s one-sided lower limit: the largest k with (N − kD)/SD(N − kD) ≥ 1.645', () => {
    const c = compensation(
      {
        seriousBase: 1000,
        seriousWindow: 700,
        lesserBase: 1000,
        lesserWindow: 1250,
        growthSerious: 1,
        growthLesser: 1,
      },
      { tau2Serious: 0.001, tau2Lesser: 0.002, covariance: 0.0005 },
    );
    // N = 250, D = 300, Var N = 1000²(1/1250.5 + 1/1000.5 + 0.002), Var D = 1000²(1/700.5 + 1/1000.5 +
    // 0.001), Cov = −500; bisection on t(k) = 1.645 in python: 0.44811344790300034.
    expect(c.lowerBound).toBeCloseTo(0.44811344790300034, 10);
    expect(c.lowerBound!).toBeLessThan(c.kappa!);
  });

  it('puts the lower limit at 0 when the lesser side did not rise clear of noise, whatever D’s SE', () => {
    expect(fiellerLower({ n: 10, d: 100, varN: 100, varD: 1, cov: 0 }, 1.645)).toBe(0);
    expect(fiellerLower({ n: -50, d: 100, varN: 100, varD: 1, cov: 0 }, 1.645)).toBe(0);
  });

  it('finds a positive limit where D is too noisy for the delta method but the lesser side clearly rose', () => {
    // z_N = 600/100 = 6 but SD(D) = 400 > D: κ̂ − 1.645·SE is far below 0, Fieller's limit is not.
    const moments = { n: 600, d: 200, varN: 100 ** 2, varD: 400 ** 2, cov: 0 };
    const k = fiellerLower(moments, 1.645);
    const se = Math.sqrt(moments.varN + 9 * moments.varD) / moments.d;
    expect(3 - 1.645 * se).toBeLessThan(0);
    expect(k).toBeGreaterThan(0);
    const t = (600 - k * 200) / Math.sqrt(100 ** 2 + k * k * 400 ** 2);
    expect(t).toBeCloseTo(1.645, 9);
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

  it('does not report a fall into a side that dwarfs it unless that side rose clear of noise', () => {
    // 50 crimes moved into a side of 20,000 with 5% drift: SD(N) ≈ 1,000, SE₀ ≈ 20, z_N ≈ 0.05:
    // the counts cannot tell a move from crimes that vanished, so it is not a reclassification.
    const drift = { tau2Serious: 0, tau2Lesser: 0.0025, covariance: 0 };
    const hidden = {
      seriousBase: 200,
      seriousWindow: 150,
      lesserBase: 20_000,
      growthSerious: 1,
      growthLesser: 1,
    };
    const c = compensation({ ...hidden, lesserWindow: 20_050 }, drift);
    expect(compensationVerdict(c, gate)).toBe('not_compensated');
    expect(c.lowerBound).toBe(0);
    // The same side rising by 2,500 (z_N ≈ 2.4): crimes reappeared, how many is not known.
    const rose = compensation({ ...hidden, lesserWindow: 22_500 }, drift);
    expect(compensationVerdict(rose, gate)).toBe('imprecise');
    expect(rose.lowerBound!).toBeGreaterThan(0);
    expect(cappedSeverity('high', 'imprecise')).toBe('medium');
    expect(cappedSeverity('high', 'reclassified')).toBe('high');
  });
});
