// National, peer and force sums: level rules, exclusion, unusable counts, and agreement with a naive sum.
import { describe, expect, it } from 'vitest';
import {
  ALL_OFFENCES,
  forceSeries,
  nationalIndexOf,
  nationalSeries,
  peerSeries,
  seriesCoverage,
  seriesKeys,
  sumSeries,
} from '#core/detection/national.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { createRng } from '#core/stats/random.ts';
import { obj, specRow } from '#test-support/rows.ts';

const THEFT = 'Theft offences';
const VIOLENCE = 'Violence against the person';

// Three forces, code level, monthly: a sends two theft codes and one violence code, b one of each, c one.
const codeRows: ReturnRow[] = [
  specRow({ force: 'a', period: '2023-01', code: '39', group: THEFT, recorded: 10 }),
  specRow({ force: 'a', period: '2023-01', code: '40', group: THEFT, recorded: 5 }),
  specRow({ force: 'a', period: '2023-01', code: '8N', group: VIOLENCE, recorded: 7 }),
  specRow({ force: 'a', period: '2023-02', code: '39', group: THEFT, recorded: 12 }),
  specRow({ force: 'b', period: '2023-01', code: '39', group: THEFT, recorded: 100 }),
  specRow({ force: 'b', period: '2023-02', code: '39', group: THEFT, recorded: 90 }),
  specRow({ force: 'b', period: '2023-02', code: '8N', group: VIOLENCE, recorded: 30 }),
  specRow({ force: 'c', period: '2023-03', code: '39', group: THEFT, recorded: 1 }),
];

describe('nationalSeries at code level', () => {
  it('sums one code over forces, period by period, in ascending period order', () => {
    const s = nationalSeries(nationalIndexOf(codeRows), { level: 'code', grain: 'month', key: '39' });
    expect([...s.entries()]).toEqual([
      ['2023-01', 110],
      ['2023-02', 102],
      ['2023-03', 1],
    ]);
  });

  it('equals the sum of the forces’ own series', () => {
    for (const key of ['39', '40', '8N', ALL_OFFENCES]) {
      const q = { level: 'code', grain: 'month', key } as const;
      const national = nationalSeries(nationalIndexOf(codeRows), q);
      const summed = new Map<string, number>();
      for (const f of ['a', 'b', 'c']) {
        for (const [p, v] of forceSeries(nationalIndexOf(codeRows), f, q))
          summed.set(p, (summed.get(p) ?? 0) + v);
      }
      expect(obj(national)).toEqual(obj(summed));
    }
  });

  it("'*' sums every code", () => {
    const s = nationalSeries(nationalIndexOf(codeRows), { level: 'code', grain: 'month', key: ALL_OFFENCES });
    expect(obj(s)).toEqual({ '2023-01': 122, '2023-02': 132, '2023-03': 1 });
  });

  it('leaves out excludeForce, and drops periods only it reported', () => {
    const s = nationalSeries(nationalIndexOf(codeRows), {
      level: 'code',
      grain: 'month',
      key: '39',
      excludeForce: 'c',
    });
    expect(obj(s)).toEqual({ '2023-01': 110, '2023-02': 102 });
    const t = nationalSeries(nationalIndexOf(codeRows), {
      level: 'code',
      grain: 'month',
      key: '39',
      excludeForce: 'b',
    });
    expect(obj(t)).toEqual({ '2023-01': 10, '2023-02': 12, '2023-03': 1 });
  });

  it('returns an empty map for an unknown key or a grain with no rows', () => {
    expect(
      nationalSeries(nationalIndexOf(codeRows), { level: 'code', grain: 'month', key: 'nope' }).size,
    ).toBe(0);
    expect(
      nationalSeries(nationalIndexOf(codeRows), { level: 'code', grain: 'quarter', key: '39' }).size,
    ).toBe(0);
  });
});

describe('group level', () => {
  it('aggregates a force’s codes into their group', () => {
    expect(
      obj(forceSeries(nationalIndexOf(codeRows), 'a', { level: 'group', grain: 'month', key: THEFT })),
    ).toEqual({
      '2023-01': 15,
      '2023-02': 12,
    });
    expect(
      obj(nationalSeries(nationalIndexOf(codeRows), { level: 'group', grain: 'month', key: THEFT })),
    ).toEqual({
      '2023-01': 115,
      '2023-02': 102,
      '2023-03': 1,
    });
    expect(
      obj(nationalSeries(nationalIndexOf(codeRows), { level: 'group', grain: 'month', key: ALL_OFFENCES })),
    ).toEqual({
      '2023-01': 122,
      '2023-02': 132,
      '2023-03': 1,
    });
  });

  it('never counts a force twice when it sent both levels: group rows win, codes fill other periods', () => {
    const rows = [
      // d sent group totals for January and February and codes for January to March.
      specRow({ force: 'd', period: '2023-01', group: THEFT, recorded: 50 }),
      specRow({ force: 'd', period: '2023-02', group: THEFT, recorded: 60 }),
      specRow({ force: 'd', period: '2023-01', code: '39', group: THEFT, recorded: 49 }),
      specRow({ force: 'd', period: '2023-02', code: '39', group: THEFT, recorded: 58 }),
      specRow({ force: 'd', period: '2023-03', code: '39', group: THEFT, recorded: 40 }),
      specRow({ force: 'd', period: '2023-03', code: '40', group: THEFT, recorded: 3 }),
      specRow({ force: 'e', period: '2023-01', group: THEFT, recorded: 1000 }),
    ];
    const q = { level: 'group', grain: 'month', key: THEFT } as const;
    expect(obj(forceSeries(nationalIndexOf(rows), 'd', q))).toEqual({
      '2023-01': 50,
      '2023-02': 60,
      '2023-03': 43,
    });
    expect(obj(nationalSeries(nationalIndexOf(rows), q))).toEqual({
      '2023-01': 1050,
      '2023-02': 60,
      '2023-03': 43,
    });
    // A code-level query sees only code rows; e (groups only) contributes nothing.
    expect(obj(nationalSeries(nationalIndexOf(rows), { level: 'code', grain: 'month', key: '39' }))).toEqual({
      '2023-01': 49,
      '2023-02': 58,
      '2023-03': 40,
    });
  });

  it('uses a period’s group rows even for groups the group return lacks (no mixing within a period)', () => {
    const rows = [
      specRow({ force: 'd', period: '2023-01', group: THEFT, recorded: 50 }),
      specRow({ force: 'd', period: '2023-01', code: '8N', group: VIOLENCE, recorded: 9 }),
    ];
    expect(
      nationalSeries(nationalIndexOf(rows), { level: 'group', grain: 'month', key: VIOLENCE }).size,
    ).toBe(0);
    expect(
      obj(nationalSeries(nationalIndexOf(rows), { level: 'group', grain: 'month', key: ALL_OFFENCES })),
    ).toEqual({
      '2023-01': 50,
    });
  });
});

describe('grains, unusable counts and duplicates', () => {
  it('never mixes monthly and quarterly rows', () => {
    const rows = [
      specRow({ force: 'a', period: '2023-04', code: '39', group: THEFT, recorded: 10 }),
      specRow({ force: 'a', period: '2023-04', grain: 'quarter', group: THEFT, recorded: 31 }),
      specRow({ force: 'b', period: '2023-04', grain: 'quarter', group: THEFT, recorded: 5 }),
    ];
    expect(
      obj(nationalSeries(nationalIndexOf(rows), { level: 'group', grain: 'month', key: THEFT })),
    ).toEqual({
      '2023-04': 10,
    });
    expect(
      obj(nationalSeries(nationalIndexOf(rows), { level: 'group', grain: 'quarter', key: THEFT })),
    ).toEqual({
      '2023-04': 36,
    });
  });

  it('skips unusable counts and reports how many forces contributed', () => {
    const rows = [
      specRow({ force: 'a', period: '2023-01', code: '39', group: THEFT, recorded: 10 }),
      specRow({ force: 'b', period: '2023-01', code: '39', group: THEFT, recorded: -3 }),
      specRow({ force: 'c', period: '2023-01', code: '39', group: THEFT, recorded: 2.5 }),
      specRow({ force: 'a', period: '2023-02', code: '39', group: THEFT, recorded: Number.NaN }),
      specRow({ force: 'b', period: '2023-02', code: '39', group: THEFT, recorded: 4 }),
      specRow({ force: 'c', period: '2023-02', code: '39', group: THEFT, recorded: 6 }),
      specRow({ force: 'c', period: '2023-03', code: '39', group: THEFT, recorded: -1 }),
    ];
    const q = { level: 'code', grain: 'month', key: '39' } as const;
    expect(obj(nationalSeries(nationalIndexOf(rows), q))).toEqual({ '2023-01': 10, '2023-02': 10 });
    expect(obj(seriesCoverage(nationalIndexOf(rows), null, q))).toEqual({ '2023-01': 1, '2023-02': 2 });
    expect(obj(sumSeries(nationalIndexOf(rows), ['a', 'c'], q).contributors)).toEqual({
      '2023-01': 1,
      '2023-02': 1,
    });
  });

  it('does not add two rows of one cell: the first is kept, as in indexStreams', () => {
    const rows = [
      specRow({ force: 'a', period: '2023-01', code: '39', group: THEFT, recorded: 10 }),
      specRow({ force: 'a', period: '2023-01', code: '39', group: THEFT, recorded: 99 }),
    ];
    expect(obj(nationalSeries(nationalIndexOf(rows), { level: 'code', grain: 'month', key: '39' }))).toEqual({
      '2023-01': 10,
    });
  });
});

describe('peerSeries and seriesKeys', () => {
  it('sums the listed peers only, each once, ignoring unknown forces', () => {
    const q = { level: 'code', grain: 'month', key: '39' } as const;
    expect(obj(peerSeries(nationalIndexOf(codeRows), ['a', 'c', 'a', 'zz'], q))).toEqual({
      '2023-01': 10,
      '2023-02': 12,
      '2023-03': 1,
    });
    expect(peerSeries(nationalIndexOf(codeRows), [], q).size).toBe(0);
  });

  it('lists the keys with data, all-offences first', () => {
    expect(seriesKeys(nationalIndexOf(codeRows), { level: 'code', grain: 'month' })).toEqual([
      '*',
      '39',
      '40',
      '8N',
    ]);
    expect(seriesKeys(nationalIndexOf(codeRows), { level: 'group', grain: 'month' })).toEqual([
      '*',
      THEFT,
      VIOLENCE,
    ]);
    expect(seriesKeys(nationalIndexOf(codeRows), { level: 'group', grain: 'quarter' })).toEqual([]);
  });

  it('indexes each rows array separately (no stale cache across arrays)', () => {
    const q = { level: 'code', grain: 'month', key: '39' } as const;
    const first = nationalSeries(nationalIndexOf(codeRows), q);
    const changed = codeRows.map((r) => (r.force_code === 'b' ? { ...r, recorded: r.recorded + 1 } : r));
    expect(nationalSeries(nationalIndexOf(changed), q).get('2023-01')).toBe(111);
    expect(nationalSeries(nationalIndexOf(codeRows), q)).toEqual(first);
    // A caller mutating a returned map does not corrupt later answers.
    first.set('2023-01', -1);
    expect(nationalSeries(nationalIndexOf(codeRows), q).get('2023-01')).toBe(110);
  });
});

describe('agreement with a naive sum on random mixed data', () => {
  /** The rules written out plainly: one level per force and period for groups, usable counts only. */
  function naive(
    rows: readonly ReturnRow[],
    q: { level: 'code' | 'group'; grain: 'month' | 'quarter'; key: string; excludeForce?: string },
  ): Record<string, number> {
    const groupPeriods = new Set<string>();
    for (const r of rows)
      if (r.level === 'group' && r.grain === q.grain) groupPeriods.add(`${r.force_code}|${r.period_start}`);
    const out: Record<string, number> = {};
    for (const r of rows) {
      if (r.grain !== q.grain || r.force_code === q.excludeForce) continue;
      if (!(Number.isInteger(r.recorded) && r.recorded >= 0)) continue;
      if (q.level === 'code') {
        if (r.level !== 'code' || (q.key !== '*' && r.offence_code !== q.key)) continue;
      } else {
        const useGroup = groupPeriods.has(`${r.force_code}|${r.period_start}`);
        if (r.level !== (useGroup ? 'group' : 'code')) continue;
        if (q.key !== '*' && r.offence_group !== q.key) continue;
      }
      out[r.period_start] = (out[r.period_start] ?? 0) + r.recorded;
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  it('matches for every key, level and exclusion', () => {
    const rng = createRng(20240501);
    const groups = [THEFT, VIOLENCE, 'Robbery'];
    const codes: Array<[string, string]> = [
      ['39', THEFT],
      ['40', THEFT],
      ['8N', VIOLENCE],
      ['34A', 'Robbery'],
    ];
    const months = ['2022-11', '2022-12', '2023-01', '2023-02', '2023-03'];
    const rows: ReturnRow[] = [];
    for (const force of ['f1', 'f2', 'f3', 'f4', 'f5', 'f6']) {
      for (const period of months) {
        const roll = rng();
        const withCodes = roll < 0.75;
        const withGroups = roll > 0.5;
        for (const [code, group] of codes) {
          if (withCodes && rng() < 0.8) {
            const bad = rng() < 0.05;
            rows.push(specRow({ force, period, code, group, recorded: bad ? -2 : Math.floor(rng() * 50) }));
          }
        }
        for (const group of groups) {
          if (withGroups && rng() < 0.8)
            rows.push(specRow({ force, period, group, recorded: Math.floor(rng() * 80) }));
        }
      }
    }
    let checked = 0;
    for (const level of ['code', 'group'] as const) {
      const keys = level === 'code' ? ['*', ...codes.map((c) => c[0])] : ['*', ...groups];
      for (const key of keys) {
        for (const excludeForce of [undefined, 'f1', 'f4']) {
          const q = { level, grain: 'month', key, ...(excludeForce ? { excludeForce } : {}) } as const;
          expect(obj(nationalSeries(nationalIndexOf(rows), q)), JSON.stringify(q)).toEqual(naive(rows, q));
          checked++;
        }
      }
    }
    expect(checked).toBe(27);
  });
});
