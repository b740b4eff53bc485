import { describe, expect, it } from 'vitest';
import {
  binomialCusum,
  binomialCusumIncrement,
  calibrateBinomialCusum,
  simulateBinomialCusumArl,
} from '#core/stats/binomial-cusum.ts';
import { createRng } from '#core/stats/random.ts';
import { expectAbsClose, goldenR } from './golden.ts';

const D3 = goldenR().D3;

describe('binomialCusum (fixture D3)', () => {
  it('equals the manual R loop S_t = max(0, S_{t−1} + W_t): S_19 = 12.41, S_20 = 24.05 (1e-6 absolute)', () => {
    const path = binomialCusum(D3.y, D3.n, D3.p0, D3.p1);
    expectAbsClose(path.statistic, D3.binom_cusum_manual, 1e-6);
    expect(path.alarm.some(Boolean)).toBe(false);
  });

  it('equals surveillance::categoricalCUSUM(..., h = 1e6, ret = "value") (1e-6 absolute)', () => {
    expectAbsClose(binomialCusum(D3.y, D3.n, D3.p0, D3.p1).statistic, D3.binom_cusum_surveillance, 1e-6);
  });

  it('alarms when S_t ≥ h and restarts from 0', () => {
    const path = binomialCusum(D3.y, D3.n, D3.p0, D3.p1, 20);
    // S_19 = 12.41 < 20; S_20 = 24.05 ≥ 20 → alarm; S_21 restarts: max(0, 0 + W_21).
    expect(path.alarm.slice(0, 19).some(Boolean)).toBe(false);
    expect(path.alarm[19]).toBe(true);
    const w21 = binomialCusumIncrement(D3.y[20] as number, D3.n[20] as number, D3.p0, D3.p1);
    expect(path.statistic[20]).toBeCloseTo(Math.max(0, w21), 12);
  });
});

describe('calibrateBinomialCusum — h for a target ARL₀ under a beta-binomial null', () => {
  const n = D3.n.slice(0, 12);
  const base = { p0: 0.03, p1: 0.045, n, targetArl0: 60, periods: 60_000 };

  it('is reproducible for a given seed and reaches the target on its own simulation', () => {
    const a = calibrateBinomialCusum({ ...base, rho: 0.002, rng: createRng(11) });
    const b = calibrateBinomialCusum({ ...base, rho: 0.002, rng: createRng(11) });
    expect(a).toEqual(b);
    expect(a.arl0).toBeGreaterThanOrEqual(60);
    expect(a.arl0).toBeLessThan(66);
  });

  it('holds ARL₀ within ±15% of the target on an independent null simulation', () => {
    const { h } = calibrateBinomialCusum({ ...base, rho: 0.002, rng: createRng(1) });
    const check = simulateBinomialCusumArl({ ...base, rho: 0.002, h, rng: createRng(99), periods: 120_000 });
    expect(check.arl0).toBeGreaterThan(60 * 0.85);
    expect(check.arl0).toBeLessThan(60 * 1.15);
  });

  it('the binomial h over-alarms when months are beta-binomial (why h is simulated under ρ)', () => {
    const binomialH = calibrateBinomialCusum({ ...base, rho: 0, rng: createRng(5) }).h;
    const overdispersedH = calibrateBinomialCusum({ ...base, rho: 0.004, rng: createRng(5) }).h;
    expect(overdispersedH).toBeGreaterThan(binomialH);
    const actual = simulateBinomialCusumArl({
      ...base,
      rho: 0.004,
      h: binomialH,
      rng: createRng(8),
      periods: 60_000,
    });
    expect(actual.arl0).toBeLessThan(60 / 2);
  });

  it('rejects a target ARL₀ ≤ 1', () => {
    expect(() => calibrateBinomialCusum({ ...base, rho: 0, targetArl0: 1, rng: createRng(1) })).toThrow(
      RangeError,
    );
  });
});
