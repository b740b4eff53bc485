import { describe, expect, it } from 'vitest';
import {
  logRatio,
  logRatioVariance,
  oneOffContrast,
  sidak,
  yearContrast,
} from '#core/checks/sudden-drop/year-end-dip-stats.ts';

// Golden values from the closed forms (hand-computed to 12 digits with Python's math module).
describe('year-end dip statistics', () => {
  it('log ratio and its quasi-Poisson variance', () => {
    // ln(300.5) − ln(2000.5) = −1.895704674…; 2/300.5 + 1/2000.5
    expect(logRatio({ y: 300, e: 2000 })).toBeCloseTo(-1.895704674322, 10);
    expect(logRatioVariance({ y: 300, e: 2000 }, 2)).toBeCloseTo(0.007155449075, 10);
  });

  it('a year contrast is the window ratio minus the base ratio, variances added', () => {
    const c = yearContrast({ y: 240, e: 2400 }, { y: 900, e: 7200 }, 1.5);
    // ln(240.5/2400.5) − ln(900.5/7200.5) = −0.221756656…
    expect(c.c).toBeCloseTo(Math.log(240.5 / 2400.5) - Math.log(900.5 / 7200.5), 12);
    expect(c.c).toBeCloseTo(-0.221756656004, 10);
    expect(c.v).toBeCloseTo(1.5 / 240.5 + 1 / 2400.5 + 1.5 / 900.5 + 1 / 7200.5, 12);
  });

  it('the one-off contrast is against the mean of the other years, with their variance / (K − 1)²', () => {
    const years = [
      { c: 0.1, v: 0.01 },
      { c: -0.2, v: 0.02 },
      { c: 0.05, v: 0.01 },
      { c: 0.15, v: 0.03 },
    ];
    const o = oneOffContrast(years, 1)!;
    expect(o.profile).toBeCloseTo(0.1, 12);
    expect(o.delta).toBeCloseTo(-0.3, 12);
    expect(o.variance).toBeCloseTo(0.02 + 0.05 / 9, 12);
    expect(oneOffContrast([{ c: 0, v: 1 }], 0)).toBeNull();
  });

  it('Šidák: 1 − (1 − p)^m, precise for tiny p', () => {
    expect(sidak(0.01, 2)).toBeCloseTo(0.0199, 12);
    expect(sidak(0.05, 14)).toBeCloseTo(1 - 0.95 ** 14, 12);
    expect(sidak(1e-12, 14)).toBeCloseTo(1.4e-11, 20);
    expect(sidak(0, 5)).toBe(0);
    expect(() => sidak(0.1, 0)).toThrow(RangeError);
  });
});
