import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckDraft } from '#core/checks/check.ts';
import { DEFAULT_SUDDEN_DROP_CONFIG } from '#core/checks/sudden-drop/config.ts';
import { levelShiftDrafts } from '#core/checks/sudden-drop/level-shift.ts';
import { periodEndDipDrafts } from '#core/checks/sudden-drop/period-end-dip.ts';
import { cleanReturns } from './clean-returns.ts';
import { auditInput } from './helpers.ts';
import { VAP } from './shifts.ts';

/** Every key of an evidence object, at any depth. */
function keysOf(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => keysOf(v, path));
  if (value === null || typeof value !== 'object') return [];
  // The keys under distances (force slugs) and shares (offence groups) are data, not names.
  return Object.entries(value).flatMap(([k, v]) =>
    k === 'distances' || k === 'shares' ? [`${path}${k}`] : [`${path}${k}`, ...keysOf(v, `${path}${k}.`)],
  );
}

describe('sudden-drop evidence', () => {
  let drafts: CheckDraft[];
  beforeAll(() => {
    // West Yorkshire's violence falls 13% from 2022-04 and 8R 20%: codes covered by the group, one standing out.
    const injections = [
      { force: 'west-yorkshire', groups: [VAP], from: '2022-04', factor: 0.87 },
      { force: 'west-yorkshire', codes: ['8R'], from: '2022-04', factor: 0.8 },
    ];
    const g = cleanReturns({ start: '2016-04', months: 96, maxCodes: 40, seed: 31, injections });
    const input = auditInput(g.rows, ['west-yorkshire']);
    drafts = [
      ...levelShiftDrafts(input, DEFAULT_SUDDEN_DROP_CONFIG),
      ...periodEndDipDrafts(input, DEFAULT_SUDDEN_DROP_CONFIG),
    ];
  });

  it('has snake_case keys throughout, nested objects included', () => {
    const keys = new Set(drafts.flatMap((d) => keysOf(d.evidence)));
    expect(keys.has('parameters.coarsest_level.stand_out_z')).toBe(true);
    expect(keys.has('covered_by.reported_with.log_rate_ratio') || keys.has('covered_by.log_rate_ratio')).toBe(
      true,
    );
    // The period-end dip's D (the mean contrast, as in its formula) is a symbol, not a camelCase name.
    const bad = [...keys].filter((k) => !/^[a-z0-9_.]+$/.test(k.replace(/(^|[._])D(\.|$)/g, '$1d$2')));
    expect(bad).toEqual([]);
  });

  it('leaves the engine-only facts to the draft fields', () => {
    for (const d of drafts) {
      expect(d.evidence).not.toHaveProperty('material');
      expect(d.evidence).not.toHaveProperty('discriminator');
      expect(d.evidence).not.toHaveProperty('inputs');
      expect(typeof d.material).toBe('boolean');
    }
    const covered = drafts.filter((d) => d.evidence.covered_by !== undefined);
    expect(covered.length).toBeGreaterThan(0);
    for (const d of covered) {
      expect(d.material).toBe(false);
      expect(d.severity).toBe('info');
      expect(d.evidence.drop_material).toBe(true);
    }
    const noShift = drafts.filter((d) => d.discriminator === 'no_downward_shift');
    expect(noShift.every((d) => d.p_value === 1 && d.material === false)).toBe(true);
  });
});
