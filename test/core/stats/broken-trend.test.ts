import { describe, expect, it } from 'vitest';
import { brokenTrend } from '#core/stats/broken-trend.ts';
import { createRng, randomNormal } from '#core/stats/random.ts';

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, k) => a + k);

describe('brokenTrend (Perron 1989 model A by weighted least squares)', () => {
  it('recovers α, β and δ exactly from noiseless data (1e-10)', () => {
    const t = range(-36, 12);
    const r = t.map((s) => 0.3 + 0.004 * s + (s >= 0 ? -0.25 : 0));
    const f = brokenTrend({ t, r, v: t.map(() => 0.01), post: t.map((s) => s >= 0), slope: true });
    expect(f.alpha).toBeCloseTo(0.3, 10);
    expect(f.beta).toBeCloseTo(0.004, 10);
    expect(f.step).toBeCloseTo(-0.25, 10);
  });

  it('a steady drift alone is no step', () => {
    const t = range(0, 48);
    const r = t.map((s) => -0.005 * s);
    const f = brokenTrend({ t, r, v: t.map(() => 0.001), post: t.map((s) => s >= 36), slope: true });
    expect(Math.abs(f.step)).toBeLessThan(1e-12);
    expect(f.beta).toBeCloseTo(-0.005, 12);
  });

  it('Var δ̂ for 36 + 12 equal-variance periods is 0.2541101 v (closed form (X′X)⁻¹, checked with numpy; 1e-9)', () => {
    const t = range(-36, 12);
    const v = 0.02;
    const f = brokenTrend({
      t,
      r: t.map(() => 0),
      v: t.map(() => v),
      post: t.map((s) => s >= 0),
      slope: true,
    });
    expect(f.se ** 2 / v).toBeCloseTo(0.2541101180624517, 9);
  });

  it('without a slope, δ̂ is the difference of weighted means and SE² = 1/Σw_pre + 1/Σw_post (1e-12)', () => {
    const t = range(0, 8);
    const r = [0.1, 0.3, 0.2, 0.25, -0.1, 0.0, -0.05, 0.02];
    const v = [0.01, 0.02, 0.01, 0.04, 0.01, 0.03, 0.02, 0.01];
    const post = t.map((s) => s >= 4);
    const f = brokenTrend({ t, r, v, post, slope: false });
    const mean = (ks: number[]) => {
      const w = ks.map((k) => 1 / v[k]!);
      return ks.reduce((s, k, i) => s + w[i]! * r[k]!, 0) / w.reduce((a, b) => a + b, 0);
    };
    const sw = (ks: number[]) => ks.reduce((s, k) => s + 1 / v[k]!, 0);
    expect(f.step).toBeCloseTo(mean([4, 5, 6, 7]) - mean([0, 1, 2, 3]), 12);
    expect(f.se).toBeCloseTo(Math.sqrt(1 / sw([0, 1, 2, 3]) + 1 / sw([4, 5, 6, 7])), 12);
  });

  it('the contrast reproduces δ̂', () => {
    const t = range(0, 30);
    const rng = createRng(3);
    const r = t.map(() => randomNormal(rng));
    const f = brokenTrend({ t, r, v: t.map((s) => 1 + (s % 3)), post: t.map((s) => s >= 20), slope: true });
    expect(r.reduce((s, x, k) => s + x * f.contrast[k]!, 0)).toBeCloseTo(f.step, 12);
  });

  it('z is standard normal under the null with unequal variances (simulation, 4,000 draws: mean ±0.05, SD ±0.04)', () => {
    const rng = createRng(11);
    const t = range(0, 40);
    const v = t.map((s) => 0.5 + (s % 5) / 2);
    const post = t.map((s) => s >= 30);
    const zs: number[] = [];
    for (let k = 0; k < 4000; k++) {
      const r = t.map((s, i) => 0.2 - 0.01 * s + Math.sqrt(v[i]!) * randomNormal(rng));
      zs.push(brokenTrend({ t, r, v, post, slope: true }).z);
    }
    const m = zs.reduce((a, b) => a + b, 0) / zs.length;
    const sd = Math.sqrt(zs.reduce((a, b) => a + (b - m) ** 2, 0) / (zs.length - 1));
    expect(Math.abs(m)).toBeLessThan(0.05);
    expect(Math.abs(sd - 1)).toBeLessThan(0.04);
  });

  it('rejects a design without both windows', () => {
    expect(() =>
      brokenTrend({ t: [0, 1], r: [0, 0], v: [1, 1], post: [false, false], slope: false }),
    ).toThrow(RangeError);
  });
});
