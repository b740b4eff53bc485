/**
 * Level shift rule 2.2.0: when a short lower segment sets the test's window, the data chose the
 * window's length as well as its start, and the p-value counts both choices; a lasting fall, whose
 * window the cap fills, is bounded over positions only, as before.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckDraft } from '#core/checks/check.ts';
import { DEFAULT_SUDDEN_DROP_CONFIG, type SuddenDropConfig } from '#core/checks/sudden-drop/config.ts';
import { levelShiftDrafts } from '#core/checks/sudden-drop/level-shift.ts';
import { monthsBetween } from '#core/series/months.ts';
import { cleanReturns, type Injection } from './clean-returns.ts';
import { auditInput } from './helpers.ts';
import { VAP } from './shifts.ts';

const FORCE = 'west-yorkshire';
const base = { start: '2016-04', months: 96, maxCodes: 40, seed: 31 } as const;
// Violence down 12% for four months, then back: clear enough for PELT, not far below the cut.
const dip: Injection = { force: FORCE, groups: [VAP], from: '2022-06', until: '2022-09', factor: 0.88 };

const config = (scanWindowLengths: boolean): SuddenDropConfig => ({
  ...DEFAULT_SUDDEN_DROP_CONFIG,
  levelShift: { ...DEFAULT_SUDDEN_DROP_CONFIG.levelShift, scanWindowLengths },
});

/** The violence group's draft for a change within two months of the injection's start. */
function groupDraft(injection: Injection, cfg: SuddenDropConfig): CheckDraft | undefined {
  const g = cleanReturns({ ...base, injections: [injection] });
  return levelShiftDrafts(auditInput(g.rows), cfg).find(
    (d) =>
      d.force_code === FORCE &&
      d.offence_group === VAP &&
      d.offence_code === null &&
      Math.abs(monthsBetween(injection.from, d.period_start)) <= 2,
  );
}

interface Scan {
  window_lengths: number;
  p_value: number;
  method: string;
}
interface LowerLevel {
  usable_periods: number;
  runs_to_end_of_data: boolean;
}

describe('a four-month dip that recovers', () => {
  let counted: CheckDraft;
  let uncounted: CheckDraft;
  beforeAll(() => {
    counted = groupDraft(dip, config(true))!;
    uncounted = groupDraft(dip, config(false))!;
  });

  it('is tested over its own four months, whose length the data chose', () => {
    expect(counted).toBeDefined();
    const lower = counted.evidence.lower_level as LowerLevel;
    expect(lower.runs_to_end_of_data).toBe(false);
    expect(lower.usable_periods).toBeLessThan(12);
    expect(counted.period_end).toBe(uncounted.period_end);
  });

  it('has p = the lengths the segment could have had (12 − 3 + 1) × the scan bound for its length', () => {
    const scan = counted.evidence.scan as Scan;
    expect(scan.window_lengths).toBe(10);
    expect(scan.method).toMatch(/times the 10 lengths/);
    expect(counted.p_value).toBe(scan.p_value);
    // Without the rule: the same statistic, bounded with the cap-length correlations and no factor.
    // Shorter windows are less correlated with their neighbours, so the bound per length is larger.
    expect((uncounted.evidence.scan as Scan).window_lengths).toBe(1);
    expect(counted.p_value!).toBeGreaterThan(10 * uncounted.p_value! * 0.999);
    expect(counted.evidence.p_point).toBe(uncounted.evidence.p_point);
  });
});

describe('a fall that lasts', () => {
  it('is bounded over positions alone, whichever way the rule is set', () => {
    const { until: _, ...lasting } = dip;
    const on = groupDraft(lasting, config(true))!;
    const off = groupDraft(lasting, config(false))!;
    expect((on.evidence.scan as Scan).window_lengths).toBe(1);
    expect(on.p_value).toBe(off.p_value);
    expect(on.p_value!).toBeLessThan(1e-6);
  });
});
