// Scale: a national audit (44 forces × 150 codes × 120 months ≈ 800k rows). Prints timings (the
// machine decides those) and asserts that the sums are right at that size.
import { describe, expect, it } from 'vitest';
import { ALL_OFFENCES, nationalIndexOf, nationalSeries, peerSeries } from '#core/detection/national.ts';
import { peerGroups } from '#core/detection/peers.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { monthRange } from '#core/series/months.ts';
import { specRow } from '#test-support/rows.ts';

const FORCES = Array.from({ length: 44 }, (_, i) => `force-${String(i).padStart(2, '0')}`);
const CODES = Array.from({ length: 150 }, (_, i) => `C${String(i).padStart(3, '0')}`);
const GROUPS = Array.from({ length: 10 }, (_, i) => `Group ${i}`);
const MONTHS = monthRange('2015-04', '2025-03');

/** A deterministic count: depends on force, code and month, so totals can be checked in closed form. */
const count = (f: number, c: number, m: number) => ((f + 1) * (c + 3) + m) % 97;

describe('national sums at national-audit scale', () => {
  it('answers 150 code and 10 group series over ~800k rows quickly, and correctly', () => {
    const rows: ReturnRow[] = [];
    for (const [f, force] of FORCES.entries()) {
      for (const [c, code] of CODES.entries()) {
        const group = GROUPS[c % GROUPS.length]!;
        for (const [m, period] of MONTHS.entries())
          rows.push(specRow({ force, period, code, group, recorded: count(f, c, m) }));
      }
    }
    expect(rows.length).toBe(44 * 150 * 120);

    // One index per run, as the AuditContext holds it: the first query builds its slices.
    const index = nationalIndexOf(rows);
    let t = performance.now();
    nationalSeries(index, { level: 'code', grain: 'month', key: CODES[0]! });
    const indexMs = performance.now() - t;

    t = performance.now();
    const codeSeries = CODES.map((key) =>
      nationalSeries(index, { level: 'code', grain: 'month', key, excludeForce: FORCES[0]! }),
    );
    const codeMs = performance.now() - t;

    t = performance.now();
    const groupSeries = [ALL_OFFENCES, ...GROUPS].map((key) =>
      nationalSeries(index, { level: 'group', grain: 'month', key }),
    );
    const groupMs = performance.now() - t;

    t = performance.now();
    const groups = peerGroups(index);
    const peersMs = performance.now() - t;

    t = performance.now();
    let peerQueries = 0;
    for (const force of FORCES) {
      for (const key of CODES) {
        peerSeries(index, groups.get(force)!, { level: 'code', grain: 'month', key });
        peerQueries++;
      }
    }
    const peerMs = performance.now() - t;

    console.log(
      `800k rows: first query (builds the index) ${indexMs.toFixed(0)} ms; 150 national code series ` +
        `${codeMs.toFixed(1)} ms; 11 group series ${groupMs.toFixed(1)} ms (incl. group index); ` +
        `peer groups ${peersMs.toFixed(0)} ms; ${peerQueries} peer series ${peerMs.toFixed(0)} ms`,
    );

    // Closed-form checks at a few points.
    for (const c of [0, 77, 149]) {
      for (const m of [0, 59, 119]) {
        let expected = 0;
        for (let f = 1; f < FORCES.length; f++) expected += count(f, c, m);
        expect(codeSeries[c]!.get(MONTHS[m]!)).toBe(expected);
      }
    }
    let all = 0;
    for (let f = 0; f < FORCES.length; f++) for (let c = 0; c < CODES.length; c++) all += count(f, c, 119);
    expect(groupSeries[0]!.get(MONTHS[119]!)).toBe(all);
    expect(groupSeries[0]!.size).toBe(120);
  }, 60_000);
});
