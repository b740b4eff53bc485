import { describe, expect, it } from 'vitest';
import { parametersOf, snakeCase, snakeKeys } from '#core/checks/parameters.ts';
import { DEFAULT_SUDDEN_DROP_CONFIG } from '#core/checks/sudden-drop/config.ts';

describe('evidence.parameters from the parsed configuration', () => {
  it('snake_cases keys at every depth and leaves values alone', () => {
    expect(snakeCase('minRelativeDrop')).toBe('min_relative_drop');
    expect(snakeCase('standOutZ')).toBe('stand_out_z');
    expect(snakeCase('alpha')).toBe('alpha');
    expect(snakeKeys({ aB: { cD: [1, { eF: 'G' }] }, h: null })).toEqual({
      a_b: { c_d: [1, { e_f: 'G' }] },
      h: null,
    });
  });

  it('lists every field of the configuration section, so none can be left out', () => {
    const ls = DEFAULT_SUDDEN_DROP_CONFIG.levelShift;
    const p = parametersOf(ls, { grain: 'month' });
    expect(Object.keys(p)).toHaveLength(Object.keys(ls).length + 1);
    expect(p.min_relative_drop).toBe(ls.minRelativeDrop);
    expect(p.coarsest_level).toEqual({
      change_tolerance_months: 2,
      stand_out_drop_ratio: 1.25,
      stand_out_z: 1.96,
      explained_share: 0.8,
    });
    expect(p.grain).toBe('month');
    expect(Object.keys(p).every((k) => /^[a-z0-9_]+$/.test(k))).toBe(true);
  });
});
