import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { createRecordLevelCheck } from '#core/checks/reclassification/record-level-check.ts';
import {
  recordLevelConfig,
  recordLevelParameters,
} from '#core/checks/reclassification/record-level-config.ts';
import { DEFAULT_TARGETS } from '#core/detection/targets.ts';
import {
  RECLASSIFICATION_FAMILIES,
  RECLASSIFICATION_FAMILIES_VERSION,
} from '#core/reference/reclassification-families.ts';

const THRESHOLDS = {
  minBaselineMoves: 10,
  baselineMonths: 12,
  guardMonths: 3,
  minGuardedBaselineMonths: 6,
  minWindowMonths: 2,
  minExcess: 5,
  minRateRise: 0.02,
  timingAlpha: 0.01,
  campaignAlpha: 0.05,
};

describe('record-level configuration', () => {
  it('defaults to the thresholds the check has always shipped with', () => {
    expect(recordLevelConfig()).toEqual({
      families: RECLASSIFICATION_FAMILIES,
      familiesVersion: RECLASSIFICATION_FAMILIES_VERSION,
      targets: DEFAULT_TARGETS,
      ...THRESHOLDS,
    });
  });

  it('reports every threshold under its snake_case name, and not the reference tables', () => {
    expect(recordLevelParameters(recordLevelConfig({ guardMonths: 0 }))).toEqual({
      families_version: RECLASSIFICATION_FAMILIES_VERSION,
      min_baseline_moves: 10,
      baseline_months: 12,
      guard_months: 0,
      min_guarded_baseline_months: 6,
      min_window_months: 2,
      min_excess: 5,
      min_rate_rise: 0.02,
      timing_alpha: 0.01,
      campaign_alpha: 0.05,
    });
  });

  it('refuses a bad override with a ZodError naming the field', () => {
    expect(() => recordLevelConfig({ campaignAlpha: 0 })).toThrow(ZodError);
    expect(() => recordLevelConfig({ campaignAlpha: 0 })).toThrow(/campaignAlpha/);
    expect(() => recordLevelConfig({ baselineMonths: 2.5 })).toThrow(/baselineMonths/);
    expect(() => recordLevelConfig({ families: {} as never })).toThrow(/families/);
    expect(() => createRecordLevelCheck({ guardMonth: 3 } as never)).toThrow(/guardMonth/);
  });

  it('puts the family table version in the rule version', () => {
    expect(createRecordLevelCheck().ruleVersion).toBe(`1.3.0+families.${RECLASSIFICATION_FAMILIES_VERSION}`);
  });
});
