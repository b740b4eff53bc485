import { describe, expect, it } from 'vitest';
import { addMonths, monthIndex } from '#core/series/months.ts';
import { type BenchmarkPanel, cellOf, generateBenchmarkPanel } from '#core/synthetic/benchmark/generator.ts';
import { applyInjections, type InjectionSpec } from '#core/synthetic/benchmark/injections.ts';

const FORCES = ['kent', 'surrey', 'cumbria', 'west-midlands'];
const CODES = ['8N', '5D', '105A', '19C', '20A', '46', '49', '28E', '58A'];
const clean = generateBenchmarkPanel({ seed: 'test-injections', forces: FORCES, codes: CODES });
const snapshot = (p: BenchmarkPanel) =>
  p.cells.map((row) => row.map((c) => [Array.from(c.recorded), Array.from(c.cancelled)]));
const cleanCopy = snapshot(clean);

const at = (p: BenchmarkPanel, month: string) => monthIndex(month) - monthIndex(p.months[0]!);
const window = (p: BenchmarkPanel, t0: string, d: number) =>
  Array.from({ length: d }, (_, i) => at(p, t0) + i);

describe('applyInjections', () => {
  it('S1 moves exactly the labelled crimes from the serious code to the lesser one, in the window only', () => {
    const spec: InjectionSpec = {
      kind: 'reclassification',
      forces: ['surrey'],
      codes: ['8N'],
      to_code: '105A',
      t0: '2018-06',
      duration: 12,
      size: 0.2,
    };
    const { panel, labels } = applyInjections(clean, [spec]);
    const label = labels[0]!;
    expect(label.signature).toBe('reclassification');
    expect(label.months).toEqual(Array.from({ length: 12 }, (_, i) => addMonths('2018-06', i)));
    expect(label.match_codes.sort()).toEqual(['105A', '5D', '8N']);
    expect(label.match_groups).toEqual(['Violence against the person']);
    const from0 = cellOf(clean, 'surrey', '8N');
    const to0 = cellOf(clean, 'surrey', '105A');
    const from1 = cellOf(panel, 'surrey', '8N');
    const to1 = cellOf(panel, 'surrey', '105A');
    const ts = window(clean, '2018-06', 12);
    ts.forEach((t, i) => {
      expect(from0.recorded[t]! - from1.recorded[t]!).toBe(label.applied[i]);
      expect(to1.recorded[t]! - to0.recorded[t]!).toBe(label.applied[i]);
      expect(from1.cancelled[t]).toBe(from0.cancelled[t]);
    });
    // About δ of the serious crimes moved (binomial noise only).
    const served = ts.reduce((s, t) => s + from0.recorded[t]!, 0);
    expect(label.total / served).toBeGreaterThan(0.17);
    expect(label.total / served).toBeLessThan(0.23);
    // Nothing else changed.
    for (let t = 0; t < clean.months.length; t++) {
      if (ts.includes(t)) continue;
      expect(from1.recorded[t]).toBe(from0.recorded[t]);
      expect(to1.recorded[t]).toBe(to0.recorded[t]);
    }
    expect(Array.from(cellOf(panel, 'kent', '8N').recorded)).toEqual(
      Array.from(cellOf(clean, 'kent', '8N').recorded),
    );
    expect(snapshot(clean)).toEqual(cleanCopy);
  });

  it('S2 moves the labelled crimes from recorded to cancelled and multiplies the cancellation rate by about R', () => {
    const codes = ['8N', '5D', '105A'];
    const spec: InjectionSpec = {
      kind: 'no_crime_spike',
      forces: ['west-midlands'],
      codes,
      t0: '2019-01',
      duration: 12,
      size: 2.5,
    };
    const { panel, labels } = applyInjections(clean, [spec]);
    const label = labels[0]!;
    expect(label.signature).toBe('no_crime_spike');
    const ts = window(clean, '2019-01', 12);
    let before = 0;
    let after = 0;
    let gross = 0;
    ts.forEach((t, i) => {
      let moved = 0;
      for (const code of codes) {
        const c0 = cellOf(clean, 'west-midlands', code);
        const c1 = cellOf(panel, 'west-midlands', code);
        // The gross count is unchanged: cancelled crimes leave the published count.
        expect(c1.recorded[t]! + c1.cancelled[t]!).toBe(c0.recorded[t]! + c0.cancelled[t]!);
        moved += c1.cancelled[t]! - c0.cancelled[t]!;
        before += c0.cancelled[t]!;
        after += c1.cancelled[t]!;
        gross += c0.recorded[t]! + c0.cancelled[t]!;
      }
      expect(moved).toBe(label.applied[i]);
    });
    expect(gross).toBeGreaterThan(10_000);
    expect(after / before).toBeGreaterThan(2.2);
    expect(after / before).toBeLessThan(2.8);
    const outside = at(clean, '2018-12');
    expect(cellOf(panel, 'west-midlands', '8N').cancelled[outside]).toBe(
      cellOf(clean, 'west-midlands', '8N').cancelled[outside],
    );
  });

  it('S3 removes the labelled share Δ of recorded crimes from t0 on, cancellations with them', () => {
    const codes = ['46', '49', '28E'];
    const spec: InjectionSpec = {
      kind: 'sudden_drop',
      forces: ['kent'],
      codes,
      t0: '2018-04',
      duration: 12,
      size: 0.2,
    };
    const { panel, labels } = applyInjections(clean, [spec]);
    const label = labels[0]!;
    expect(label.signature).toBe('sudden_drop');
    expect(label.match_codes).toEqual(codes);
    const ts = window(clean, '2018-04', 12);
    let kept = 0;
    let was = 0;
    ts.forEach((t, i) => {
      let removed = 0;
      for (const code of codes) {
        const c0 = cellOf(clean, 'kent', code);
        const c1 = cellOf(panel, 'kent', code);
        removed += c0.recorded[t]! - c1.recorded[t]!;
        expect(c1.cancelled[t]!).toBeLessThanOrEqual(c0.cancelled[t]!);
        kept += c1.recorded[t]!;
        was += c0.recorded[t]!;
      }
      expect(removed).toBe(label.applied[i]);
    });
    expect(kept / was).toBeGreaterThan(0.78);
    expect(kept / was).toBeLessThan(0.82);
    const after = at(clean, '2019-04');
    expect(cellOf(panel, 'kent', '46').recorded[after]).toBe(cellOf(clean, 'kent', '46').recorded[after]);
  });

  it('applies the negative controls: a national rule change in every force, a ramped recording rise', () => {
    const rule: InjectionSpec = {
      kind: 'national_rule_change',
      forces: FORCES,
      codes: ['8N'],
      to_code: '105A',
      t0: '2018-04',
      duration: 72,
      size: 0.1,
    };
    const rise: InjectionSpec = {
      kind: 'recording_improvement',
      forces: ['cumbria'],
      codes: ['19C'],
      t0: '2018-04',
      duration: 72,
      size: 0.3,
    };
    const { panel, labels } = applyInjections(clean, [rule, rise]);
    expect(labels.map((l) => l.signature)).toEqual([null, null]);
    const ts = window(clean, '2018-04', 72);
    for (const force of FORCES) {
      const before = ts.reduce((s, t) => s + cellOf(clean, force, '8N').recorded[t]!, 0);
      const after = ts.reduce((s, t) => s + cellOf(panel, force, '8N').recorded[t]!, 0);
      expect(after / before).toBeGreaterThan(0.87);
      expect(after / before).toBeLessThan(0.93);
      const family0 = ts.reduce(
        (s, t) => s + cellOf(clean, force, '8N').recorded[t]! + cellOf(clean, force, '105A').recorded[t]!,
        0,
      );
      const family1 = ts.reduce(
        (s, t) => s + cellOf(panel, force, '8N').recorded[t]! + cellOf(panel, force, '105A').recorded[t]!,
        0,
      );
      expect(family1).toBe(family0);
    }
    const added = labels[1]!.applied;
    expect(added.reduce((a, b) => a + b, 0)).toBe(
      ts.reduce(
        (s, t) =>
          s + cellOf(panel, 'cumbria', '19C').recorded[t]! - cellOf(clean, 'cumbria', '19C').recorded[t]!,
        0,
      ),
    );
    // The rise ramps in: the first month adds far less than a month at full size.
    const lateYears = added.slice(24);
    expect(added[0]!).toBeLessThan(lateYears.reduce((a, b) => a + b, 0) / lateYears.length);
  });

  it('is deterministic and refuses impossible injections', () => {
    const spec: InjectionSpec = {
      kind: 'reclassification',
      forces: ['kent'],
      codes: ['19C'],
      to_code: '20A',
      t0: '2020-01',
      duration: 6,
      size: 0.3,
    };
    expect(applyInjections(clean, [spec]).labels[0]!.applied).toEqual(
      applyInjections(clean, [spec]).labels[0]!.applied,
    );
    expect(() => applyInjections(clean, [{ ...spec, to_code: undefined }])).toThrow(/to_code/);
    expect(() => applyInjections(clean, [{ ...spec, to_code: '9A' }])).toThrow(/no series/);
    expect(() => applyInjections(clean, [{ ...spec, t0: '2024-01' }])).toThrow(/leaves the panel/);
    expect(() => applyInjections(clean, [{ ...spec, size: 1.5 }])).toThrow(/impossible size/);
    expect(() =>
      applyInjections(clean, [{ ...spec, kind: 'no_crime_spike', to_code: undefined, size: 0.5 }]),
    ).toThrow(/impossible size/);
    expect(() => applyInjections(clean, [spec, spec])).toThrow(/share the id/);
  });
});
