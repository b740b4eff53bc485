// The no-crime configuration schema: its defaults are the thresholds the check has always used, a bad
// override is refused naming the field, and evidence.parameters follows the parsed configuration.
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import {
  configParameters,
  DEFAULT_NO_CRIME_CONFIG,
  NoCrimeConfigSchema,
  type NoCrimeOverrides,
  noCrimeConfig,
} from '#core/checks/no-crime/config.ts';
import { createNoCrimeSpikeCheck } from '#core/checks/no-crime/index.ts';
import { KNOWN_BREAKS } from '#core/detection/known-breaks.ts';
import { DEFAULT_TARGETS } from '#core/detection/targets.ts';

describe('NoCrimeConfigSchema', () => {
  it('defaults to the thresholds of rule 2.0.0', () => {
    expect(DEFAULT_NO_CRIME_CONFIG).toEqual({
      blockMonths: 3,
      scanLengths: [3, 4, 5],
      baselineMonths: 36,
      baselineGapMonths: 3,
      baselineLookbackMonths: 48,
      minBaselineMonths: 18,
      minPeerRelativeBaselineMonths: 6,
      minExpectedPerMonth: 1.5,
      candidateQ: 0.1,
      rhoFloorShare: 1,
      minRateRatio: 1.5,
      minWeightedExcess: 10,
      peerMinForces: 5,
      peerMinExpected: 5,
      standOutRatio: 1.25,
      standOutZ: 1.96,
      cusumOddsRatio: 2,
      cusumArl0Months: 120,
      cusumSimulatedArl0s: 50,
      recordLevelLeadInMonths: 3,
      knownBreaks: KNOWN_BREAKS,
      targets: DEFAULT_TARGETS,
    });
  });

  it('keeps the defaults of the fields an override leaves out', () => {
    const c = noCrimeConfig({ minRateRatio: 2, scanLengths: [3] });
    expect(c).toEqual({
      ...DEFAULT_NO_CRIME_CONFIG,
      minRateRatio: 2,
      scanLengths: [3],
    });
  });

  it.each<[string, NoCrimeOverrides, string]>([
    ['a block that does not divide 12', { blockMonths: 5 }, 'blockMonths'],
    ['a fractional block', { blockMonths: 1.5 }, 'blockMonths'],
    ['no window length to scan', { scanLengths: [] }, 'scanLengths'],
    [
      'a peer-relative minimum above the own one',
      { minPeerRelativeBaselineMonths: 20 },
      'minPeerRelativeBaselineMonths',
    ],
    ['fewer than 2 baseline months', { minBaselineMonths: 1 }, 'minBaselineMonths'],
    ['more baseline months required than wanted', { minBaselineMonths: 40 }, 'minBaselineMonths'],
    ['a negative guard band', { baselineGapMonths: -1 }, 'baselineGapMonths'],
    ['a lookback shorter than the baseline', { baselineLookbackMonths: 30 }, 'baselineLookbackMonths'],
    ['a CUSUM odds ratio of 1', { cusumOddsRatio: 1 }, 'cusumOddsRatio'],
    ['a CUSUM ARL0 of 1 month', { cusumArl0Months: 1 }, 'cusumArl0Months'],
    ['a threshold that is not a number', { minRateRatio: '1.5' as unknown as number }, 'minRateRatio'],
  ])('refuses %s, naming the field', (_, override, path) => {
    let error: unknown;
    try {
      noCrimeConfig(override);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues.map((i) => i.path.join('.'))).toEqual([path]);
  });

  it('refuses a field it does not know (a misspelt threshold would otherwise do nothing)', () => {
    const result = NoCrimeConfigSchema.safeParse({ minRateRatios: 2 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('minRateRatios');
  });

  it('is what the check factory parses its overrides with', () => {
    expect(() => createNoCrimeSpikeCheck({ blockMonths: 7 })).toThrow(ZodError);
    expect(() => createNoCrimeSpikeCheck({ minRateRatio: 2 })).not.toThrow();
  });
});

describe('configParameters', () => {
  it('gives the parameters findings have always cited, for the defaults', () => {
    expect(configParameters(DEFAULT_NO_CRIME_CONFIG)).toEqual({
      block_months: 3,
      scan_lengths: [3, 4, 5],
      baseline_months: 36,
      baseline_gap_months: 3,
      baseline_lookback_months: 48,
      min_baseline_months: 18,
      min_peer_relative_baseline_months: 6,
      min_expected_per_month: 1.5,
      candidate_q: 0.1,
      rho_floor_share: 1,
      min_rate_ratio: 1.5,
      min_weighted_excess: 10,
      peer_min_forces: 5,
      peer_min_expected: 5,
      stand_out_ratio: 1.25,
      stand_out_z: 1.96,
      cusum_odds_ratio: 2,
      cusum_arl0_months: 120,
      record_level_lead_in_months: 3,
    });
  });

  it('follows the parsed configuration: an override is cited as parsed, a copy not the object itself', () => {
    const c = noCrimeConfig({ peerMinForces: 8, scanLengths: [3, 6] });
    const p = configParameters(c);
    expect(p.peer_min_forces).toBe(8);
    expect(p.scan_lengths).toEqual([3, 6]);
    expect(p.scan_lengths).not.toBe(c.scanLengths);
  });

  it('cites every field but the breaks, the targets and the CUSUM simulation length (cited elsewhere)', () => {
    const snake = (k: string) => k.replace(/[A-Z]/g, (x) => `_${x.toLowerCase()}`);
    const cited = Object.keys(NoCrimeConfigSchema.shape)
      .filter((k) => !['knownBreaks', 'targets', 'cusumSimulatedArl0s'].includes(k))
      .map(snake);
    expect(Object.keys(configParameters(DEFAULT_NO_CRIME_CONFIG)).sort()).toEqual(cited.sort());
  });
});
