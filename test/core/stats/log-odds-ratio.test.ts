import { describe, expect, it } from 'vitest';
import { calibratedZ, logOddsRatio, mixShiftZ } from '#core/stats/log-odds-ratio.ts';
import { goldenR } from './golden.ts';

describe('logOddsRatio', () => {
  it('applies the ½ correction to every cell (D2 table: base 1200/1800, current 950/2050)', () => {
    const [base, current] = goldenR().D2.tab as [number[], number[]];
    const r = logOddsRatio({
      seriousWindow: current[0] as number,
      lesserWindow: current[1] as number,
      seriousBase: base[0] as number,
      lesserBase: base[1] as number,
    });
    // Python: math.log(950.5*1800.5/(2050.5*1200.5)), 1/950.5+1/2050.5+1/1200.5+1/1800.5.
    expect(r.logOddsRatio).toBeCloseTo(-0.363524515476008, 12);
    expect(r.variance).toBeCloseTo(0.0029281513171718087, 14);
  });

  it('is finite with empty cells and antisymmetric under swapping window and base', () => {
    const a = logOddsRatio({ seriousWindow: 0, lesserWindow: 12, seriousBase: 3, lesserBase: 9 });
    const b = logOddsRatio({ seriousWindow: 3, lesserWindow: 9, seriousBase: 0, lesserBase: 12 });
    expect(Number.isFinite(a.logOddsRatio)).toBe(true);
    expect(a.logOddsRatio).toBeCloseTo(-b.logOddsRatio, 14);
    expect(a.variance).toBeCloseTo(b.variance, 14);
  });
});

describe('calibratedZ / mixShiftZ', () => {
  it('centres on the national median and widens by τ²', () => {
    const c = { seriousWindow: 950, lesserWindow: 2050, seriousBase: 1200, lesserBase: 1800 };
    const naive = mixShiftZ(c, 0, 0);
    const calibrated = mixShiftZ(c, -0.05, 0.074 ** 2);
    expect(naive.z).toBeCloseTo(naive.logOddsRatio / Math.sqrt(naive.variance), 12);
    expect(calibrated.z).toBeCloseTo(
      (naive.logOddsRatio + 0.05) / Math.sqrt(naive.variance + 0.074 ** 2),
      12,
    );
    expect(Math.abs(calibrated.z)).toBeLessThan(Math.abs(naive.z));
    expect(calibrated.pLower + calibrated.pUpper).toBeCloseTo(1, 14);
  });

  it('z = −1.6449 gives pLower = 0.05', () => {
    expect(calibratedZ(-1.6448536269514722, 1, 0, 0).pLower).toBeCloseTo(0.05, 12);
  });

  it('rejects a zero total variance', () => {
    expect(() => calibratedZ(1, 0, 0, 0)).toThrow(RangeError);
  });
});
