import { describe, expect, it } from 'vitest';
import { breaksAffecting, KNOWN_BREAKS } from '#core/detection/known-breaks.ts';
import { lookupOffence } from '#core/reference/offence-reference.ts';
import { addMonths, calendarMonth, monthIndex } from '#core/series/months.ts';
import { cellOf, generateBenchmarkPanel } from '#core/synthetic/benchmark/generator.ts';
import { applyInjections, type InjectionSpec } from '#core/synthetic/benchmark/injections.ts';
import { CORE_CODES, LADDER_STEPS } from '#core/synthetic/benchmark/offences.ts';
import { HOLDOUT_SALT, planBenchmark, SHORT_ARM } from '#core/synthetic/benchmark/plan.ts';
import { SHAPES } from '#core/synthetic/benchmark/shapes.ts';

const plan = planBenchmark({
  cleanSeeds: 1,
  positiveRuns: 6,
  controlSeeds: 0,
  codes: [...CORE_CODES],
  shortArm: { cleanSeeds: 1, positiveRuns: 3 },
  holdout: { cleanSeeds: 1, positiveRuns: 2 },
  recordLevelArm: false,
});
const shaped = plan.positive
  .flatMap((r) => r.injections.map((i) => ({ run: r, i })))
  .filter((x) => x.i.shape);

describe('the issue shapes in the plan', () => {
  it('places every shape, in forces of their own, tagged', () => {
    for (const shape of SHAPES) expect(shaped.some((x) => x.i.shape === shape)).toBe(true);
    for (const r of plan.positive) {
      const forces = r.injections.map((i) => i.forces[0]);
      expect(new Set(forces).size).toBe(forces.length);
    }
  });

  it('sizes and places each shape as its definition says', () => {
    for (const { i } of shaped) {
      switch (i.shape) {
        case 'year_end_dip':
          expect(calendarMonth(i.t0)).toBe(1);
          expect(i.duration).toBe(3);
          expect(i.size).toBeGreaterThanOrEqual(0.2);
          expect(i.size).toBeLessThanOrEqual(0.3);
          expect([0, 0.5]).toContain(i.deferred_share);
          break;
        case 'ladder_step':
          expect(LADDER_STEPS.some((s) => s.from === i.codes[0] && s.to === i.to_code)).toBe(true);
          break;
        case 'rape_as_sexual_assault':
          expect([i.codes[0], i.to_code]).toEqual(['19C', '20A']);
          expect(plan.tercile.get(i.forces[0]!)).toBe(2);
          expect(i.size).toBeGreaterThanOrEqual(0.2);
          expect(i.size).toBeLessThanOrEqual(0.25);
          break;
        case 'cliff_no_compensation':
          expect(i.codes).toEqual(['28E']);
          expect(i.size).toBeGreaterThanOrEqual(0.25);
          expect(i.detect_within).toBe(12);
          break;
        case 'low_count_no_crime':
          expect(i.codes).toHaveLength(1);
          expect(i.size).toBeGreaterThanOrEqual(2.8);
          expect(i.size).toBeLessThanOrEqual(3.8);
          expect(i.duration).toBeGreaterThanOrEqual(3);
          expect(i.duration).toBeLessThanOrEqual(5);
          break;
        case 'post_shock_no_crime':
        case 'post_shock_drop': {
          // In the 18 months after COVID-19 ended (2021-06), never overlapping it.
          expect(i.t0 > '2021-06' && i.t0 <= '2022-12').toBe(true);
          break;
        }
      }
    }
    expect(shaped.some((x) => x.i.shape === 'low_count_no_crime' && x.i.codes[0] === '19C')).toBe(true);
  });

  it('puts low-count no-crime rises where the expected cancellations are 2–6 a month', () => {
    for (const { run, i } of shaped.filter((x) => x.i.shape === 'low_count_no_crime')) {
      const panel = generateBenchmarkPanel({
        seed: run.seed,
        forces: i.forces,
        codes: i.codes,
        start: run.start,
        months: run.months,
      });
      const cell = cellOf(panel, i.forces[0]!, i.codes[0]!);
      const at = monthIndex(i.t0) - monthIndex(panel.months[0]!);
      let sum = 0;
      for (let t = at; t < at + i.duration; t++) sum += cell.expected[t]! * cell.cancelProbability[t]!;
      expect(sum / i.duration).toBeGreaterThanOrEqual(2);
      expect(sum / i.duration).toBeLessThanOrEqual(6);
    }
  });

  it('keeps shapes off temporary breaks (post-shock shapes start after the shock)', () => {
    for (const { i } of shaped) {
      const groups = [
        ...new Set([...i.codes, ...(i.to_code ? [i.to_code] : [])].map((c) => lookupOffence(c)!.group)),
      ];
      const end = addMonths(i.t0, (i.detect_within ?? i.duration) + 3);
      for (const g of groups)
        for (const b of breaksAffecting(KNOWN_BREAKS, {
          force_code: i.forces[0]!,
          offence_group: g,
          start: i.t0,
          end,
        }))
          expect(b.end).toBeNull();
    }
  });

  it('builds the short-history arm and the held-out seed set apart from the tuning runs', () => {
    const short = [...plan.clean, ...plan.positive].filter((r) => r.arm === 'short');
    expect(short).toHaveLength(4);
    for (const r of short)
      expect([r.start, r.months, r.seedSet]).toEqual([SHORT_ARM.start, SHORT_ARM.months, 'tuning']);
    const held = [...plan.clean, ...plan.positive].filter((r) => r.seedSet === 'holdout');
    expect(held).toHaveLength(3);
    for (const r of held) expect(r.seed.startsWith(`${HOLDOUT_SALT}-`)).toBe(true);
    const seeds = [...plan.clean, ...plan.positive].map((r) => r.seed);
    expect(new Set(seeds).size).toBe(seeds.length);
  });
});

describe('year-end dip injection', () => {
  const panel = generateBenchmarkPanel({ seed: 'test-dip', forces: ['kent', 'essex'], codes: ['28E', '8N'] });
  const dip = (share: number): InjectionSpec => ({
    kind: 'year_end_dip',
    shape: 'year_end_dip',
    forces: ['kent'],
    codes: ['28E'],
    t0: '2019-01',
    duration: 3,
    size: 0.25,
    deferred_share: share,
  });

  it('removes the labelled crimes in January–March and records the deferred share in April', () => {
    const { panel: out, labels } = applyInjections(panel, [dip(0.5)]);
    const label = labels[0]!;
    expect(label.signature).toBe('sudden_drop');
    expect(label.shape).toBe('year_end_dip');
    const before = cellOf(panel, 'kent', '28E');
    const after = cellOf(out, 'kent', '28E');
    const t = monthIndex('2019-01') - monthIndex(panel.months[0]!);
    let removed = 0;
    for (let i = 0; i < 3; i++) removed += before.recorded[t + i]! - after.recorded[t + i]!;
    expect(removed).toBe(label.total);
    expect(
      label.total / (before.recorded[t]! + before.recorded[t + 1]! + before.recorded[t + 2]!),
    ).toBeGreaterThan(0.18);
    expect(after.recorded[t + 3]! - before.recorded[t + 3]!).toBe(label.deferred);
    // Binomial(removed, .5): within 4 SD of half.
    expect(Math.abs(label.deferred - removed / 2)).toBeLessThan(4 * Math.sqrt(removed / 4));
    // Nothing else moves.
    for (let u = 0; u < panel.months.length; u++)
      if (u < t || u > t + 3) expect(after.recorded[u]).toBe(before.recorded[u]);
    expect(label.oracle!.from).toBe('2019-01');
    expect(label.oracle!.to).toBe('2019-03');
    expect(label.oracle!.z).toBeLessThan(0);
  });

  it('defers nothing with a share of 0, and refuses a dip without its recovery month', () => {
    const { labels } = applyInjections(panel, [dip(0)]);
    expect(labels[0]!.deferred).toBe(0);
    expect(() => applyInjections(panel, [{ ...dip(0.5), t0: '2024-01' }])).toThrow(/recovery/);
  });
});
