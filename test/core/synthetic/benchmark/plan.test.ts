import { describe, expect, it } from 'vitest';
import { breaksAffecting, KNOWN_BREAKS } from '#core/detection/known-breaks.ts';
import { lookupOffence } from '#core/reference/offence-reference.ts';
import { addMonths, calendarMonth } from '#core/series/months.ts';
import { benchmarkMonths } from '#core/synthetic/benchmark/generator.ts';
import {
  allRuns,
  eligibleStarts,
  forceSizeTerciles,
  medianSizedForces,
  planBenchmark,
  REPLAY_MONTHS_OF_DATA,
  REPLAY_T0,
  S1_SIZES,
  S2_DURATIONS,
  S2_RATIOS,
  SHORT_ARM,
} from '#core/synthetic/benchmark/plan.ts';
import { FORCE_ANNUAL_THOUSANDS, SYNTHETIC_FORCES } from '#core/synthetic/force-sizes.ts';

const plan = planBenchmark({ cleanSeeds: 3, positiveRuns: 12, controlSeeds: 2 });

describe('planBenchmark', () => {
  it('is deterministic and sized as asked', () => {
    expect(planBenchmark({ cleanSeeds: 3, positiveRuns: 12, controlSeeds: 2 })).toEqual(plan);
    expect(plan.clean).toHaveLength(3);
    expect(plan.positive).toHaveLength(12);
    expect(plan.controls).toHaveLength(4);
    expect(new Set([...plan.clean, ...plan.positive].map((r) => r.seed)).size).toBe(15);
    expect(plan.controls.map((r) => r.seed)).toEqual([
      plan.clean[0]!.seed,
      plan.clean[0]!.seed,
      plan.clean[1]!.seed,
      plan.clean[1]!.seed,
    ]);
  });

  it('puts one target per signature into a median-sized force and never two effects into one force', () => {
    for (const run of plan.positive) {
      const forces = run.injections.map((i) => i.forces[0]);
      expect(new Set(forces).size).toBe(forces.length);
      const targets = run.injections.filter((i) => i.stratum === 'target');
      expect(targets.map((t) => t.kind)).toEqual(['reclassification', 'no_crime_spike', 'sudden_drop']);
      for (const t of targets) expect(plan.medianBand).toContain(t.forces[0]);
      expect(targets[0]).toMatchObject({ codes: ['8N'], to_code: '105A', size: 0.2, duration: 12 });
      expect(targets[1]).toMatchObject({ size: 2.5, duration: 3 });
      expect(targets[2]).toMatchObject({ size: 0.2, detect_within: 12 });
      expect(addMonths(targets[2]!.t0, targets[2]!.duration - 1)).toBe('2024-03');
      expect(run.injections.filter((i) => i.stratum !== 'shape')).toHaveLength(12);
    }
  });

  it('balances the grid: every size (and duration) meets every force-size tercile equally often', () => {
    const grid = plan.positive.flatMap((r) => r.injections.filter((i) => i.stratum === 'grid'));
    const crosstab = (kind: string, key: (i: (typeof grid)[number]) => string) => {
      const m = new Map<string, number>();
      for (const i of grid.filter((g) => g.kind === kind)) {
        const k = `${key(i)}|t${plan.tercile.get(i.forces[0]!)}`;
        m.set(k, (m.get(k) ?? 0) + 1);
      }
      return m;
    };
    // 12 runs × 3 per signature = 36 effects each: S2's 4 ratios × 3 durations × 3 terciles once each,
    // S1's and S3's 4 sizes × 3 terciles three times each.
    const s2 = crosstab('no_crime_spike', (i) => `${i.size}|${i.duration}`);
    expect(s2.size).toBe(S2_RATIOS.length * S2_DURATIONS.length * 3);
    expect([...new Set(s2.values())]).toEqual([1]);
    for (const kind of ['reclassification', 'sudden_drop']) {
      const c = crosstab(kind, (i) => String(i.size));
      expect(c.size).toBe(S1_SIZES.length * 3);
      expect([...new Set(c.values())]).toEqual([3]);
    }
  });

  it('keeps every injection away from known breaks, with S3 starting in April', () => {
    for (const inj of plan.positive.flatMap((r) => r.injections.filter((i) => i.stratum !== 'shape'))) {
      const groups = [...new Set(inj.codes.map((c) => lookupOffence(c)!.group))];
      const end = addMonths(inj.t0, (inj.detect_within ?? inj.duration) + 3);
      for (const g of groups) {
        const hits = breaksAffecting(KNOWN_BREAKS, {
          force_code: inj.forces[0]!,
          offence_group: g,
          start: inj.t0,
          end,
        });
        for (const b of hits) {
          // Only a permanent break that started long before may overlap (its level is the new normal).
          expect(b.end).toBeNull();
          expect(b.start < addMonths(inj.t0, -24)).toBe(true);
        }
      }
      if (inj.kind === 'sudden_drop') expect(calendarMonth(inj.t0)).toBe(4);
      expect(end <= '2024-03').toBe(true);
    }
  });

  it('builds negative controls: a rule change in every force and a rise in six', () => {
    const [rule, rise] = plan.controls;
    expect(rule!.injections[0]).toMatchObject({
      kind: 'national_rule_change',
      codes: ['8N'],
      to_code: '105A',
      size: 0.1,
    });
    expect(rule!.injections[0]!.forces).toHaveLength(44);
    expect(rise!.injections.map((i) => i.size)).toEqual([0.11, 0.3]);
    expect(rise!.injections[0]!.forces).toHaveLength(6);
  });

  it('builds time-to-detect replays: the three targets at one start, audited on truncated data', () => {
    expect(plan.replays).toEqual([]);
    const withReplay = planBenchmark({ cleanSeeds: 1, positiveRuns: 0, controlSeeds: 0, replaySeeds: 2 });
    expect(withReplay.replays).toHaveLength(2 * REPLAY_MONTHS_OF_DATA.length);
    const first = withReplay.replays.filter((r) => r.seed === withReplay.replays[0]!.seed);
    expect(first.map((r) => r.monthsOfData)).toEqual([...REPLAY_MONTHS_OF_DATA]);
    expect(first.map((r) => r.dataEnd)).toEqual(
      REPLAY_MONTHS_OF_DATA.map((m) => addMonths(REPLAY_T0, m - 1)),
    );
    for (const r of first) {
      expect(r.role).toBe('replay');
      expect(r.injections).toEqual(first[0]!.injections);
    }
    const injections = first[0]!.injections;
    expect(injections.map((i) => i.kind)).toEqual(['reclassification', 'no_crime_spike', 'sudden_drop']);
    expect(injections.every((i) => i.t0 === REPLAY_T0 && withReplay.medianBand.includes(i.forces[0]!))).toBe(
      true,
    );
    expect(new Set(injections.map((i) => i.forces[0])).size).toBe(3);
    expect(allRuns(withReplay).map((r) => [r.role, r.extract ?? 'aggregate'])).toEqual([
      ['clean', 'aggregate'],
      ...withReplay.replays.map(() => ['replay', 'aggregate']),
      ['clean', 'record_level'],
    ]);
  });

  it('repeats the clean, positive and counting-rule runs with record-level extracts, unless told not to', () => {
    const aggregate = [
      ...plan.clean,
      ...plan.controls.filter((c) => c.id.startsWith('control-rule-change')),
      ...plan.positive,
    ];
    expect(plan.recordLevel.map((r) => r.id)).toEqual(aggregate.map((r) => `rl-${r.id}`));
    for (const [i, r] of plan.recordLevel.entries()) {
      expect(r.extract).toBe('record_level');
      expect({ ...r, id: aggregate[i]!.id, extract: undefined }).toEqual({
        ...aggregate[i],
        extract: undefined,
      });
    }
    expect(
      planBenchmark({ cleanSeeds: 3, positiveRuns: 12, controlSeeds: 2, recordLevelArm: false }).recordLevel,
    ).toEqual([]);
  });

  it('refuses a code list without the codes the injections need', () => {
    expect(() => planBenchmark({ codes: ['8N', '105A'] })).toThrow(/must include/);
  });
});

describe('force strata and eligible starts', () => {
  it('splits forces into size terciles and finds the median band among territorial forces', () => {
    const t = forceSizeTerciles(SYNTHETIC_FORCES);
    const count = (k: number) => [...t.values()].filter((v) => v === k).length;
    expect([count(1), count(2), count(3)]).toEqual([15, 14, 15]);
    expect(t.get('metropolitan')).toBe(3);
    expect(t.get('city-of-london')).toBe(1);
    const band = medianSizedForces(SYNTHETIC_FORCES);
    expect(band).toHaveLength(9);
    expect(band).not.toContain('btp');
    const sizes = band.map((f) => FORCE_ANNUAL_THOUSANDS[f]!);
    expect(Math.min(...sizes)).toBeGreaterThan(60);
    expect(Math.max(...sizes)).toBeLessThan(110);
  });

  it('excludes starts whose window meets COVID or lacks 24 clean months before', () => {
    const months = Array.from({ length: 120 }, (_, i) => addMonths('2014-04', i));
    const starts = eligibleStarts({ months, force: 'kent', groups: ['Robbery'], duration: 12 });
    expect(starts[0]).toBe('2016-04');
    expect(starts).toContain('2018-11');
    expect(starts).not.toContain('2018-12');
    expect(starts).not.toContain('2021-06');
    expect(starts).toContain('2021-07');
    expect(starts[starts.length - 1]).toBe('2022-12');
    const violence = eligibleStarts({
      months,
      force: 'kent',
      groups: ['Violence against the person'],
      duration: 12,
    });
    expect(violence[0]).toBe('2018-04');
    const april = eligibleStarts({
      months,
      force: 'kent',
      groups: ['Theft offences'],
      duration: 12,
      aprilOnly: true,
    });
    expect(april).toEqual(['2022-04']);
  });
});

describe('post-shock starts', () => {
  it('allows starts in the 18 months after COVID-19 ends with 6 break-free months before, and only there', () => {
    const months = benchmarkMonths(SHORT_ARM.start, SHORT_ARM.months);
    const args = { months, force: 'kent', groups: ['Theft offences'], duration: 3 };
    const post = eligibleStarts({ ...args, postShock: true });
    expect(post[0]).toBe('2021-07');
    expect(post[post.length - 1]).toBe('2022-12');
    expect(post).toHaveLength(18);
    // The ordinary rule wants 24 break-free months first: in five years of data that is after 2022-07.
    const ordinary = eligibleStarts(args);
    expect(ordinary[0]).toBe('2022-08');
  });
});
