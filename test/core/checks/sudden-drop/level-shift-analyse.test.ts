import { describe, expect, it } from 'vitest';
import { shockMask } from '#core/checks/sudden-drop/baseline-mask.ts';
import { codeStandsAlone } from '#core/checks/sudden-drop/level-shift-analyse.ts';
import type { Panel, SeriesSpec } from '#core/checks/sudden-drop/panel.ts';
import type { KnownBreak } from '#core/detection/known-breaks.ts';
import { expectedPeriods } from '#core/series/periods.ts';

const THEFT = 'Theft offences';
const theft: SeriesSpec = {
  id: `group:${THEFT}`,
  level: 'group',
  offence_group: THEFT,
  offence_subgroup: null,
  offence_code: null,
  groups: [THEFT],
};
const code: SeriesSpec = { ...theft, id: 'code:49', level: 'code', offence_code: '49' };

function panel(grain: 'month' | 'quarter', values: Record<string, number[]> = {}): Panel {
  const periods = expectedPeriods('2020-01', '2020-12', grain);
  return {
    grain,
    periods,
    forces: ['F'],
    specs: [theft, code],
    values: new Map(Object.entries(values).map(([id, v]) => [id, new Map([['F', Float64Array.from(v)]])])),
  };
}

const shock = (over: Partial<KnownBreak> = {}): KnownBreak => ({
  id: 'shock',
  kind: 'national_shock',
  start: '2020-03',
  end: '2020-05',
  force_code: null,
  offence_groups: null,
  description: '',
  source: '',
  ...over,
});

describe('the level-shift analysis', () => {
  it('masks the periods a temporary national shock touches, at either grain', () => {
    expect([...shockMask(panel('month'), theft, [shock()])!]).toEqual([0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    // A quarter is masked when any of its months is in the shock.
    expect([...shockMask(panel('quarter'), theft, [shock()])!]).toEqual([1, 1, 0, 0]);
  });

  it('masks nothing for a permanent, a force-level or another group’s break', () => {
    const others = [
      shock({ end: null }),
      shock({ force_code: 'F' }),
      shock({ offence_groups: ['Robbery'] }),
      shock({ kind: 'counting_rule' }),
    ];
    expect(shockMask(panel('month'), theft, others)).toBeNull();
  });

  it('segments a code alone only when it is large and not almost its whole group', () => {
    const p = panel('month', { [code.id]: Array(12).fill(500), [theft.id]: Array(12).fill(1_000) });
    expect(codeStandsAlone(p, code, 'F', 400, 0.9)).toBe(true);
    expect(codeStandsAlone(p, code, 'F', 600, 0.9)).toBe(false);
    expect(codeStandsAlone(p, code, 'F', 400, 0.4)).toBe(false);
    // Missing periods are not counted in the code's mean.
    const gaps = panel('month', {
      [code.id]: [...Array(6).fill(Number.NaN), ...Array(6).fill(500)],
      [theft.id]: Array(12).fill(1_000),
    });
    expect(codeStandsAlone(gaps, code, 'F', 450, 0.9)).toBe(true);
  });
});
