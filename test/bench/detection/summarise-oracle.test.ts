import { describe, expect, it } from 'vitest';
import type { RunResult } from '#bench/detection/execute.ts';
import { powerCurveBins } from '#bench/detection/power-curve.ts';
import { summariseOracle } from '#bench/detection/summarise-oracle.ts';
import type { InjectionLabel } from '#core/synthetic/benchmark/injections.ts';
import type { BenchmarkRun } from '#core/synthetic/benchmark/plan.ts';
import type { ScoredFinding } from '#core/synthetic/benchmark/score.ts';

const label = (
  over: Partial<InjectionLabel> & Pick<InjectionLabel, 'id' | 'kind' | 'shape' | 'signature'>,
): InjectionLabel => ({
  forces: ['kent'],
  codes: ['28E'],
  t0: '2020-01',
  duration: 3,
  size: 0.25,
  months: ['2020-01', '2020-02', '2020-03'],
  applied: [1, 1, 1],
  total: 3,
  deferred: 0,
  match_codes: ['28E'],
  match_subgroups: [],
  match_groups: ['Theft offences'],
  oracle: null,
  ...over,
});
const z = (value: number, paths = 0) => ({
  z: value,
  observed: 0,
  expected: 0,
  variance: 1 + paths,
  variance_parts: { noise: 1, paths },
  statistic: '',
  from: '',
  to: '',
});
const finding = (over: Partial<ScoredFinding>): ScoredFinding => ({
  signature: 'sudden_drop',
  severity: 'high',
  check_id: 'x',
  force_code: 'kent',
  period_start: '2020-01',
  period_end: '2020-03',
  offence_group: 'Theft offences',
  offence_subgroup: null,
  offence_code: '28E',
  related_offence_code: null,
  ...over,
});
const run = (
  id: string,
  role: BenchmarkRun['role'],
  labels: InjectionLabel[],
  findings: ScoredFinding[],
): RunResult => ({
  run: {
    id,
    seed: id,
    role,
    injections: [],
    arm: 'ten_year',
    seedSet: 'tuning',
    start: '2014-04',
    months: 120,
  },
  labels,
  findings,
  errors: [],
  gated: 0,
  generateMs: 0,
  engineMs: 0,
  rows: 0,
});

describe('summariseOracle', () => {
  const dip = label({
    id: 'dip',
    kind: 'year_end_dip',
    shape: 'year_end_dip',
    signature: 'sudden_drop',
    oracle: z(-6),
  });
  const weak = label({
    id: 'weak',
    kind: 'year_end_dip',
    shape: 'year_end_dip',
    signature: 'sudden_drop',
    forces: ['essex'],
    oracle: z(-3, 1),
  });
  const missed = label({
    id: 'missed',
    kind: 'year_end_dip',
    shape: 'year_end_dip',
    signature: 'sudden_drop',
    forces: ['surrey'],
    oracle: z(-9, 3),
  });
  const cliff = label({
    id: 'cliff',
    kind: 'sudden_drop',
    shape: 'cliff_no_compensation',
    signature: 'sudden_drop',
    forces: ['dorset'],
    duration: 48,
    detect_within: 12,
    oracle: z(-7),
  });
  const positive = run(
    'p',
    'positive',
    [dip, weak, missed, cliff],
    [
      finding({}),
      finding({ signature: 'no_crime_spike' }), // a second flag on one event, another signature
      finding({ force_code: 'essex' }),
      finding({ force_code: 'surrey', severity: 'info' }), // info: not a hit
      finding({ force_code: 'dorset', signature: 'reclassification', related_offence_code: '49' }),
    ],
  );
  const clean = run(
    'c',
    'clean',
    [],
    [finding({ force_code: 'kent' }), finding({ force_code: 'kent', severity: 'info' })],
  );
  const s = summariseOracle([clean, positive], 44);
  const cohort = s.cohorts[0]!;

  it('counts recall on detectable injections with findings above info, per shape', () => {
    const dips = cohort.rows.find((r) => r.signature === 'sudden_drop' && r.shape === 'year_end_dip')!;
    expect([
      dips.injections,
      dips.detectable,
      dips.hitsDetectable,
      dips.hitsDetectableAnySeverity,
      dips.hitsAll,
    ]).toEqual([3, 2, 1, 2, 2]);
    expect(dips.reportedTwice).toBe(1);
    const all = cohort.rows.find((r) => r.signature === 'sudden_drop' && r.shape === 'all')!;
    expect([all.injections, all.detectable, all.hitsDetectable]).toEqual([4, 3, 1]);
  });

  it("gives the median share of the oracle's variance that the generator's drift contributes", () => {
    const dips = cohort.rows.find((r) => r.signature === 'sudden_drop' && r.shape === 'year_end_dip')!;
    // Shares 0, ½ and ¾ over the three dips.
    expect(dips.pathShare).toBeCloseTo(0.5, 12);
    const cliffs = cohort.rows.find((r) => r.shape === 'cliff_no_compensation')!;
    expect(cliffs.pathShare).toBe(0);
  });

  it('counts false flags above info per force-year on clean runs and wrong attributions on cliffs', () => {
    expect(cohort.forceYearsClean).toBe(440);
    expect(cohort.falseFlags.get('sudden_drop')).toEqual({ flags: 1, rate: 1 / 440 });
    expect(cohort.wrongAttributions).toEqual({ flags: 1, cliffs: 1 });
  });

  it('exposes one power point per injection and bins recall by |z|', () => {
    expect(s.powerPoints).toHaveLength(4);
    expect(s.powerPoints.find((p) => p.oracleZ === -6)).toMatchObject({
      signature: 'sudden_drop',
      shape: 'year_end_dip',
      arm: 'ten_year',
      detected: true,
    });
    const curve = powerCurveBins(s.powerPoints).find((c) => c.signature === 'sudden_drop')!.bins;
    expect(curve.map((b) => [b.lo, b.n, b.hits])).toEqual([
      [0, 0, 0],
      [2, 0, 0],
      [3, 1, 1],
      [5, 2, 1],
      [8, 1, 0],
      [12, 0, 0],
    ]);
    expect(curve[5]!.hi).toBe(Number.POSITIVE_INFINITY);
  });
});
