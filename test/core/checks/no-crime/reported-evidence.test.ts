// What a reported finding's evidence adds: monthly counts an auditor recomputes the test from, the
// seriousness weighting of the excess, and the test's own evidence kept whole.
import { describe, expect, it } from 'vitest';
import { DEFAULT_NO_CRIME_CONFIG } from '#core/checks/no-crime/config.ts';
import { reportedEvidence, windowWeight } from '#core/checks/no-crime/reported-evidence.ts';
import { testEvidence } from '#core/checks/no-crime/test-evidence.ts';
import { assessed, keysOf, kinds } from './assessed.ts';

const all = assessed();
const { reported } = kinds(all);
const t = reported.test;
const tested = testEvidence(reported, { window_months: 3 });
const siblings = all.filter(
  (a) =>
    a.test.force === t.force &&
    a.test.windowStart === t.windowStart &&
    a.test.force.stream === t.force.stream,
);
const e = reportedEvidence(reported, { config: DEFAULT_NO_CRIME_CONFIG, siblings, cusum: null }, tested, [
  't-1',
]);

describe('reportedEvidence', () => {
  it('keeps the test evidence and adds the method and the targets given', () => {
    expect(e).toMatchObject({ ...tested, method: tested.method, targets: ['t-1'], cusum: null });
    expect(e.reference).toContain('METHODS.md');
  });

  it('lists the window months the test summed, each with its base', () => {
    const months = e.window_months as Array<{ cancelled: number; n: number; recorded: number }>;
    expect(months.reduce((s, m) => s + m.cancelled, 0)).toBe(t.result.plugIn.y);
    expect(months.reduce((s, m) => s + m.n, 0)).toBe(t.result.plugIn.n);
    expect(months.every((m) => m.recorded + m.cancelled === m.n)).toBe(true);
    expect((e.baseline_months as unknown[]).length).toBe(t.fit.months);
  });

  it('weights the excess by the seriousness of the window cancellations', () => {
    let y = 0;
    let w = 0;
    for (const i of t.windowIdx) {
      y += t.series.y[i]!;
      w += t.series.weighted[i]!;
    }
    expect(windowWeight(t)).toBeCloseTo(w / y, 12);
    const excess = t.result.plugIn.y - t.result.plugIn.expected;
    expect(e.weighted_excess).toBeCloseTo(excess * windowWeight(t), 0);
  });

  it('lists the finer series sharing the rise, largest excess first, at most 15', () => {
    const c = e.components as Array<{ level: string; excess: number }>;
    expect(c.length).toBeGreaterThan(0);
    expect(c.length).toBeLessThanOrEqual(15);
    expect(c.every((x) => x.level !== 'all')).toBe(true);
    expect(c.map((x) => x.excess)).toEqual([...c.map((x) => x.excess)].sort((a, b) => b - a));
  });

  it('uses snake_case keys only', () => {
    expect(keysOf(e).filter((k) => /[A-Z]/.test(k))).toEqual([]);
  });
});
