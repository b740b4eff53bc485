import { describe, expect, it } from 'vitest';
import {
  FORCE_GROUP_TREND_SD,
  FORCE_TREND_CLIP,
  forceGroupTrend,
  forceTrend,
} from '#core/synthetic/benchmark/trends.ts';
import { createRng } from '#core/synthetic/rng.ts';

const root = createRng('test-trends');
const names = Array.from({ length: 2000 }, (_, i) => `force-${i}`);

describe('benchmark trends', () => {
  it('draws force trends of SD ≈ .02 a year, clipped at ±.05 (2,000 draws: SE of the SD ≈ .0003)', () => {
    const g = names.map((f) => forceTrend(root, f));
    const sd = Math.sqrt(g.reduce((a, b) => a + b * b, 0) / g.length);
    expect(sd).toBeGreaterThan(0.018);
    expect(sd).toBeLessThan(0.021);
    expect(Math.max(...g.map(Math.abs))).toBeLessThanOrEqual(FORCE_TREND_CLIP);
    expect(forceTrend(root, 'kent')).toBe(forceTrend(createRng('test-trends'), 'kent'));
  });

  it('gives a force × group trend that is continuous, pivots on the middle month and bends at most once', () => {
    const T = 120;
    const slopes: number[] = [];
    for (const f of names.slice(0, 500)) {
      const tr = forceGroupTrend(root, f, 'Theft offences', T);
      // Zero at the pivot (between months 59 and 60).
      expect(Math.abs((tr[59]! + tr[60]!) / 2)).toBeLessThan(0.01);
      const steps = Array.from({ length: T - 1 }, (_, t) => tr[t + 1]! - tr[t]!);
      const changes = steps.slice(1).filter((d, t) => Math.abs(d - steps[t]!) > 1e-12);
      // A kink is one changed slope, at most two months' steps around it (the bend starts mid-month 0).
      expect(changes.length).toBeLessThanOrEqual(1);
      // No step: a month moves the log-level by less than a 20%-a-year slope would.
      expect(Math.max(...steps.map(Math.abs))).toBeLessThan(0.2 / 12);
      slopes.push(steps[0]! * 12);
    }
    const sd = Math.sqrt(slopes.reduce((a, b) => a + b * b, 0) / slopes.length);
    // The first month's slope is γ_fg, plus κ when the bend is at month 0 (1 in 120): SD ≈ .02.
    expect(sd).toBeGreaterThan(0.8 * FORCE_GROUP_TREND_SD);
    expect(sd).toBeLessThan(1.25 * FORCE_GROUP_TREND_SD);
  });
});
