import { describe, expect, it } from 'vitest';
import { cellOf, generateBenchmarkPanel } from '#core/synthetic/benchmark/generator.ts';
import { applyInjections } from '#core/synthetic/benchmark/injections.ts';
import { DOWNGRADE_PAIRS } from '#core/synthetic/benchmark/offences.ts';
import {
  benchmarkTransitions,
  CLEAN_DOWNGRADE_RATE,
  CLEAN_UPGRADE_RATE,
} from '#core/synthetic/benchmark/transitions.ts';

const CODES = [...new Set(DOWNGRADE_PAIRS.flatMap((p) => [p.from, p.to]))];
const FORCES = ['hertfordshire', 'surrey', 'kent'];
const panel = generateBenchmarkPanel({ seed: 7, forces: FORCES, codes: CODES, months: 48 });

const total = (ts: ReturnType<typeof benchmarkTransitions>, force: string, from: string, to: string) =>
  ts
    .filter((t) => t.force_code === force && t.from_offence_code === from && t.to_offence_code === to)
    .reduce((s, t) => s + t.count, 0);

describe('benchmarkTransitions', () => {
  const clean = benchmarkTransitions(panel);

  it('moves crimes both ways along every pair, at rates inside the stated ranges over the period', () => {
    for (const force of FORCES) {
      for (const pair of DOWNGRADE_PAIRS) {
        const serious = cellOf(panel, force, pair.from).recorded.reduce((a, b) => a + b, 0);
        const lesser = cellOf(panel, force, pair.to).recorded.reduce((a, b) => a + b, 0);
        const down = total(clean, force, pair.from, pair.to);
        const up = total(clean, force, pair.to, pair.from);
        expect(down).toBeGreaterThan(0);
        // Over four years the drifting rate stays near its start: allow the walk's typical spread.
        expect(down / serious).toBeGreaterThan(CLEAN_DOWNGRADE_RATE[0] * 0.5);
        expect(down / serious).toBeLessThan(CLEAN_DOWNGRADE_RATE[1] * 1.6);
        expect(up / lesser).toBeLessThan(CLEAN_UPGRADE_RATE[1] * 1.6);
      }
    }
  });

  it('never moves more crimes than the final counts hold, and leaves out zero counts', () => {
    for (const t of clean) {
      expect(t.count).toBeGreaterThan(0);
      const month = panel.months.indexOf(t.month);
      expect(t.count).toBeLessThanOrEqual(cellOf(panel, t.force_code, t.to_offence_code).recorded[month]!);
    }
  });

  it('is the same for the same seed, and adds exactly the crimes an injected downgrade moved', () => {
    expect(benchmarkTransitions(panel)).toEqual(clean);
    const { panel: injected, labels } = applyInjections(panel, [
      {
        kind: 'reclassification',
        forces: ['surrey'],
        codes: ['8N'],
        to_code: '105A',
        t0: '2015-04',
        duration: 12,
        size: 0.2,
      },
      {
        kind: 'national_rule_change',
        forces: FORCES,
        codes: ['34B'],
        to_code: '39',
        t0: '2016-04',
        duration: 12,
        size: 0.1,
      },
    ]);
    const after = benchmarkTransitions(injected, labels);
    const moved = labels[0]!.total;
    expect(moved).toBeGreaterThan(100);
    // Clean draws depend on the final counts, which the downgrade changed; compare the injected
    // months' 8N → 105A moves with a run that has the same counts but no label.
    const cleanOfInjected = benchmarkTransitions(injected);
    expect(total(after, 'surrey', '8N', '105A') - total(cleanOfInjected, 'surrey', '8N', '105A')).toBe(moved);
    // A counting-rule change is not a reclassification: no extra transitions.
    for (const force of FORCES)
      expect(total(after, force, '34B', '39')).toBe(total(cleanOfInjected, force, '34B', '39'));
  });
});
