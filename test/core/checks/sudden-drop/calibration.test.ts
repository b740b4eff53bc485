import { describe, expect, it } from 'vitest';
import type { Finding } from '#core/model/findings.ts';
import { monthsBetween } from '#core/series/months.ts';
import { generateMonthlyReturns } from '#core/synthetic/monthly-returns.ts';
import { cleanReturns, medianForce } from './clean-returns.ts';
import { audit, monthlyRows } from './helpers.ts';

/**
 * Calibration of the sudden-drop checks as an audit runs them (Benjamini–Hochberg over the run, the
 * material gate): false flags per force-year on clean data from two generators, and recall for a 20%
 * level drop from an April in the median-sized force. Seeds are fixed, so these are exact regression
 * checks of the rates quoted in the check's documentation.
 */
describe('sudden-drop calibration on clean data', () => {
  it('raises at most 0.1 findings per force-year on the example generator without planted problems', () => {
    let flags = 0;
    let forceYears = 0;
    for (const seed of [1, 2, 3, 4]) {
      const g = generateMonthlyReturns({ seed, inject: false });
      flags += audit(monthlyRows(g.rows)).length;
      forceYears += g.forces.length * (g.months.length / 12);
    }
    expect(forceYears).toBe(880);
    expect(flags / forceYears).toBeLessThanOrEqual(0.1);
  });

  it('raises at most 0.1 findings per force-year on NB returns with seasonality, trends and a national AR(1) shock', () => {
    let flags = 0;
    let forceYears = 0;
    for (const seed of [21, 22, 23]) {
      const g = cleanReturns({ seed, start: '2014-04', months: 120, maxCodes: 60 });
      flags += audit(g.rows).length;
      forceYears += g.forces.length * 10;
    }
    expect(forceYears).toBe(1320);
    expect(flags / forceYears).toBeLessThanOrEqual(0.1);
  });
});

describe('sudden-drop recall for a 20% drop from an April in the median-sized force', () => {
  const force = medianForce();
  const aprils = ['2019-04', '2022-04', '2023-04'];

  const recall = (groups: string[], matches: (f: Finding) => boolean): number => {
    let hits = 0;
    const reps = 10;
    for (let rep = 0; rep < reps; rep++) {
      const from = aprils[rep % aprils.length]!;
      const g = cleanReturns({
        seed: 300 + rep,
        start: '2018-04',
        months: 72,
        maxCodes: 30,
        injections: [{ force, groups, from, factor: 0.8 }],
      });
      const found = audit(g.rows).some(
        (f) =>
          f.force_code === force &&
          f.check_id === 'sudden_drop.level_shift' &&
          matches(f) &&
          Math.abs(monthsBetween(from, f.period_start)) <= 1,
      );
      if (found) hits++;
    }
    return hits / reps;
  };

  it('is the median force of the 43 territorial forces', () => {
    expect(force).toBe('hertfordshire');
  });

  it('finds a drop in all recorded crime in at least 90% of trials', () => {
    expect(recall([], (f) => f.offence_group === null && f.offence_code === null)).toBeGreaterThanOrEqual(
      0.9,
    );
  });

  it('finds a drop in violence against the person in at least 90% of trials', () => {
    const vap = 'Violence against the person';
    expect(recall([vap], (f) => f.offence_group === vap || f.offence_group === null)).toBeGreaterThanOrEqual(
      0.9,
    );
  });

  it('finds a drop in theft in at least 90% of trials', () => {
    const theft = 'Theft offences';
    expect(
      recall([theft], (f) => f.offence_group === theft || f.offence_group === null),
    ).toBeGreaterThanOrEqual(0.9);
  });
});
