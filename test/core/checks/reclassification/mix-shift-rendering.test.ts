/** The mix-shift summary and evidence of one test, on the hand-computed 2×2 example. */
import { describe, expect, it } from 'vitest';
import type { WindowCounts } from '#core/checks/reclassification/family-counts.ts';
import { mixShift } from '#core/checks/reclassification/mix-shift.ts';
import type { MixShiftTest } from '#core/checks/reclassification/mix-shift-analysis.ts';
import { mixShiftEvidence } from '#core/checks/reclassification/mix-shift-evidence.ts';
import { mixShiftSummary } from '#core/checks/reclassification/mix-shift-summary.ts';
import { testWindows } from '#core/checks/reclassification/windows.ts';
import { ladderSteps, SERIOUSNESS_LADDERS } from '#core/detection/seriousness-ladders.ts';
import { codeLabel, RECLASSIFICATION_FAMILIES } from '#core/reference/reclassification-families.ts';
import type { Stream } from '#core/series/streams.ts';

const family = RECLASSIFICATION_FAMILIES.find((f) => f.id === 'robbery-theft-person')!;
const window = testWindows('2021-04', '2023-03').find((w) => w.key === 'fy2022')!;

function counts(sw: number, lw: number, sb: number, lb: number): WindowCounts {
  return {
    seriousWindow: sw,
    lesserWindow: lw,
    seriousBase: sb,
    lesserBase: lb,
    codeWindow: new Float64Array([sw, lw]),
    codeBase: new Float64Array([sb, lb]),
    periods: [],
  };
}

// Eight forces whose mix did not move, and the focal force whose serious share fell from 50% to 40%.
const units = [
  { force: 'focal', counts: counts(80, 120, 100, 100), peers: null },
  ...Array.from({ length: 8 }, (_, i) => ({
    force: `f${i}`,
    counts: counts(100, 100, 100, 100),
    peers: null,
  })),
];
const [focal, steady] = mixShift(units, { minForces: 8, fallbackTau: 0.1 });
const test = (result: NonNullable<typeof focal>): MixShiftTest => ({
  result,
  family,
  pair: { family, step: null, cluster: family.id },
  window,
  ff: { stream: { grain: 'month' } as Stream, periods: new Map(), sorted: [] },
});
const codes = { serious: '34B', lesser: '39' };

describe('mix-shift summary', () => {
  it('says how many serious crimes the mix predicts that the force did not record', () => {
    expect(mixShiftSummary(focal!, family, window, codes)).toBe(
      `In 2022/23 focal recorded 20 fewer ${codeLabel(family, '34B')} (34B) than the mix of 2021/22 predicts ` +
        `(40.0% of the family against 50.0%), while ${codeLabel(family, '39')} (39) rose from 100 to 120; ` +
        'the shift from 34B to 39 requires explanation.',
    );
  });

  it('names the ladder step the shift takes', () => {
    const step = ladderSteps(SERIOUSNESS_LADDERS).find((s) => s.id === 'robbery:34b>39')!;
    expect(mixShiftSummary(focal!, family, window, codes, step)).toMatch(
      /the shift from 34B to 39, a step down the robbery ladder, requires explanation\.$/,
    );
  });

  it('says no shift was seen when none was', () => {
    expect(mixShiftSummary(steady!, family, window, codes)).toMatch(/; no shift towards .* was seen\.$/);
  });
});

describe('mix-shift evidence', () => {
  const facts = {
    parameters: { min_forces: 8 },
    shareChange: 0.1,
    verdict: 'reclassified' as const,
    breaks: [],
    nearTarget: null,
  };

  it("holds the force's table and statistic, and no engine fields", () => {
    const e = mixShiftEvidence(test(focal!), { ...facts, reportedInstead: null });
    expect(e.parameters).toEqual({ min_forces: 8 });
    expect(e.table).toEqual({
      serious: { window: 80, baseline: 100 },
      lesser: { window: 120, baseline: 100 },
    });
    expect(e.window).toEqual(
      expect.objectContaining({ kind: 'financial_year', start: '2022-04', grain: 'month' }),
    );
    expect((e.statistic as { p_value: number }).p_value).toBe(focal!.pLower);
    expect(e.peer_comparison).toBeNull();
    for (const key of ['reported_window', 'material', 'discriminator']) expect(e).not.toHaveProperty(key);
  });

  it('keys the peer comparison in snake_case', () => {
    const peers = { forces: ['f0', 'f1'], counts: counts(200, 200, 200, 200) };
    const [withPeers] = mixShift(
      units.map((u) => (u.force === 'focal' ? { ...u, peers } : u)),
      { minForces: 8, fallbackTau: 0.1 },
    );
    const e = mixShiftEvidence(test(withPeers!), { ...facts, reportedInstead: null });
    expect((e.peer_comparison as { table: unknown }).table).toEqual({
      serious_window: 200,
      lesser_window: 200,
      serious_base: 200,
      lesser_base: 200,
    });
  });

  it('names the overlapping window reported instead', () => {
    const w = testWindows('2020-04', '2023-03', 3, true).find((x) => x.key === 'r2022-06')!;
    const rival = { family: family.id, start: w.start, end: w.end, p: steady!.pLower };
    const e = mixShiftEvidence(test(focal!), { ...facts, reportedInstead: rival });
    expect(e.reported_window).toEqual({
      family: family.id,
      start: '2021-07',
      end: '2022-06',
      p_value: steady!.pLower,
    });
  });

  it('puts κ, its interval and the verdict in the evidence', () => {
    const e = mixShiftEvidence(test(focal!), { ...facts, reportedInstead: null });
    const c = e.compensation as Record<string, unknown>;
    // The other forces did not move: g = 1, so κ = (120 − 100)/(100 − 80) = 1.
    expect(c.kappa).toBeCloseTo(1, 12);
    expect(c.interval_95).toEqual([focal!.compensation.lower, focal!.compensation.upper]);
    expect(c.verdict).toBe('reclassified');
  });
});
