import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { createMixShiftCheck } from '#core/checks/reclassification/mix-shift-check.ts';
import { mixShiftConfig, mixShiftParameters } from '#core/checks/reclassification/mix-shift-config.ts';
import { KNOWN_BREAKS } from '#core/detection/known-breaks.ts';
import { DEFAULT_PEER_GROUP_SIZE } from '#core/detection/peers.ts';
import { SERIOUSNESS_LADDERS } from '#core/detection/seriousness-ladders.ts';
import { DEFAULT_TARGETS } from '#core/detection/targets.ts';
import {
  RECLASSIFICATION_FAMILIES,
  RECLASSIFICATION_FAMILIES_VERSION,
} from '#core/reference/reclassification-families.ts';

describe('mix-shift configuration', () => {
  it('defaults to the thresholds the check has always shipped with', () => {
    expect(mixShiftConfig()).toEqual({
      families: RECLASSIFICATION_FAMILIES,
      familiesVersion: RECLASSIFICATION_FAMILIES_VERSION,
      minForces: 8,
      minPairedMonths: 9,
      minBaseCount: 5,
      minDisplaced: 10,
      minDisplacedShare: 0.05,
      minShareChange: 0.02,
      minRelativeShareChange: 0.1,
      minCompensation: 0.5,
      minCompensationZ: 1.645,
      maxCompensationSe: 0.4,
      scanBaselineMonths: 36,
      scanMinBaselineMonths: 24,
      scanMinAfterMonths: 12,
      scanTrend: false,
      scanSimulations: 2000,
      stepScan: true,
      peerGroupSize: DEFAULT_PEER_GROUP_SIZE,
      rollingWindows: true,
      targets: DEFAULT_TARGETS,
      breaks: KNOWN_BREAKS,
      ladders: SERIOUSNESS_LADDERS,
    });
  });

  it('reports every threshold under its snake_case name, and not the reference tables', () => {
    expect(mixShiftParameters(mixShiftConfig({ minForces: 12 }))).toEqual({
      families_version: RECLASSIFICATION_FAMILIES_VERSION,
      min_forces: 12,
      min_paired_months: 9,
      min_base_count: 5,
      min_displaced: 10,
      min_displaced_share: 0.05,
      min_share_change: 0.02,
      min_relative_share_change: 0.1,
      min_compensation: 0.5,
      min_compensation_z: 1.645,
      max_compensation_se: 0.4,
      scan_baseline_months: 36,
      scan_min_baseline_months: 24,
      scan_min_after_months: 12,
      scan_trend: false,
      scan_simulations: 2000,
      peer_group_size: DEFAULT_PEER_GROUP_SIZE,
    });
  });

  it('keeps an override and fills the rest with defaults', () => {
    const config = mixShiftConfig({ minShareChange: 0.05, rollingWindows: false });
    expect(config.minShareChange).toBe(0.05);
    expect(config.rollingWindows).toBe(false);
    expect(config.minForces).toBe(8);
  });

  it('refuses a bad override with a ZodError naming the field', () => {
    expect(() => mixShiftConfig({ minForces: -1 })).toThrow(ZodError);
    expect(() => mixShiftConfig({ minForces: -1 })).toThrow(/minForces/);
    expect(() => mixShiftConfig({ minDisplacedShare: 1.5 })).toThrow(/minDisplacedShare/);
    expect(() => mixShiftConfig({ breaks: 'none' as never })).toThrow(/breaks/);
    // A misspelt field is an error, not a silently ignored setting.
    expect(() => mixShiftConfig({ minForce: 3 } as never)).toThrow(/minForce/);
    expect(() => createMixShiftCheck({ minPairedMonths: 1.5 })).toThrow(/minPairedMonths/);
  });

  it('puts the family table version in the rule version', () => {
    expect(createMixShiftCheck().ruleVersion).toBe(`2.2.0+families.${RECLASSIFICATION_FAMILIES_VERSION}`);
    expect(createMixShiftCheck({ familiesVersion: 'test.1' }).ruleVersion).toBe('2.2.0+families.test.1');
  });
});
