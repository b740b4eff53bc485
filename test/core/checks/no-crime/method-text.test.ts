// The method text: a cohort window's formula states the cohort rate and otherwise reads as the
// decision-month formula; the rate base says what n is for either.
import { describe, expect, it } from 'vitest';
import type { TestedWindow } from '#core/checks/no-crime/analysis.ts';
import { FORMULA, formulaOf, rateBaseOf } from '#core/checks/no-crime/method-text.ts';

const windowOf = (family: TestedWindow['family']): TestedWindow =>
  ({
    family,
    force: { followUpDays: family === 'record_level_cohort' ? 90 : null },
  }) as unknown as TestedWindow;

describe('formulaOf', () => {
  it('is the decision-month formula for monthly returns and record-level decision months', () => {
    expect(formulaOf(windowOf('aggregate'))).toBe(FORMULA);
    expect(formulaOf(windowOf('record_level'))).toBe(FORMULA);
    expect(FORMULA.startsWith('rate p_t = cancelled_t / (recorded_t + cancelled_t); mu = ')).toBe(true);
  });

  it('states the cohort rate with its follow-up and keeps the rest of the formula', () => {
    const f = formulaOf(windowOf('record_level_cohort'));
    expect(f.startsWith('rate p_t = cancelled_within_t / crimes_t, the cohort of the crimes recorded')).toBe(
      true,
    );
    expect(f).toContain('cancelled within 90 days; mu = sum(cancelled_b)/sum(n_b)');
    expect(f.endsWith(FORMULA.slice(FORMULA.indexOf('; mu = ')))).toBe(true);
  });
});

describe('rateBaseOf', () => {
  it('names the base of each rate', () => {
    expect(rateBaseOf(windowOf('aggregate'))).toMatch(/^cancelled \/ \(recorded \+ cancelled\)/);
    expect(rateBaseOf(windowOf('record_level_cohort'))).toMatch(
      /^cohort rate: cancelled within 90 days \/ crimes recorded in the month/,
    );
  });
});
