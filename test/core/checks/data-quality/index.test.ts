/**
 * The family factory: an override reaches the rules, and every finding's evidence.parameters shows
 * the configuration it was found with.
 */
import { describe, expect, it } from 'vitest';
import type { Check } from '#core/checks/check.ts';
import { DATA_QUALITY_CHECKS, dataQualityChecks } from '#core/checks/data-quality/index.ts';
import { input, row, series } from '#test-support/check-inputs.ts';
import { runCheck } from '#test-support/run-check.ts';

function check(checks: readonly Check[], id: string): Check {
  const found = checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
}

describe('dataQualityChecks', () => {
  it('registers the same checks, in the same order and versions, as the default family', () => {
    const ids = (cs: readonly Check[]) => cs.map((c) => `${c.id}@${c.ruleVersion}`);
    expect(ids(dataQualityChecks())).toEqual(ids(DATA_QUALITY_CHECKS));
    expect(DATA_QUALITY_CHECKS).toHaveLength(11);
  });

  it('passes a cancellation threshold to the rule and reports it in the parameters', () => {
    const rows = [row({ period_start: '2019-01', recorded: 4, cancelled: 6 })];
    const id = 'dq.cancelled_exceeds_recorded';
    expect(runCheck(check(DATA_QUALITY_CHECKS, id), input(rows))).toEqual([]);
    const lowered = dataQualityChecks({ cancelled_exceeds_recorded: { min_cancelled: 5 } });
    const [d] = runCheck(check(lowered, id), input(rows));
    expect(d!.evidence.parameters).toEqual({ min_cancelled: 5, grain: 'month', level: 'code' });
    expect(d!.inputs).toEqual([rows[0]!.input_sha256]);
  });

  it('sizes severity on the configured materiality ladder and reports it where the rule names it', () => {
    const rows = [
      row({ period_start: '2019-04', grain: 'quarter', offence_code: '8N', recorded: 30 }),
      row({ period_start: '2019-04', grain: 'quarter', level: 'group', recorded: 45 }),
    ];
    const id = 'dq.totals_mismatch';
    const [byDefault] = runCheck(check(DATA_QUALITY_CHECKS, id), input(rows));
    expect(byDefault!.severity).toBe('low');
    const strict = dataQualityChecks({
      materiality: { severity_high_weighted_crimes: 15, severity_medium_weighted_crimes: 5 },
    });
    const [d] = runCheck(check(strict, id), input(rows));
    expect(d!.severity).toBe('high');
    expect(d!.evidence.parameters).toEqual({
      tolerance: 0,
      severity_high_weighted_crimes: 15,
      severity_medium_weighted_crimes: 5,
    });
    const tolerant = dataQualityChecks({ totals_mismatch: { tolerance: 15 } });
    expect(runCheck(check(tolerant, id), input(rows))).toEqual([]);
  });

  it('passes the zero-run thresholds to the rule', () => {
    const rows = series('2019-01', [...Array(12).fill(50), 0, 0, 50]);
    const id = 'dq.zero_run';
    expect(runCheck(check(DATA_QUALITY_CHECKS, id), input(rows))).toEqual([]);
    const [d] = runCheck(check(dataQualityChecks({ zero_run: { min_run_periods: 2 } }), id), input(rows));
    expect([d!.period_start, d!.expected]).toEqual(['2020-01', 100]);
    expect(d!.evidence.parameters).toMatchObject({ min_run_periods: 2, baseline_periods: 12 });
  });

  it('throws on a bad override before any check runs', () => {
    expect(() => dataQualityChecks({ missing_period: { high_severity_months: -1 } })).toThrow(
      /high_severity_months/,
    );
  });
});
