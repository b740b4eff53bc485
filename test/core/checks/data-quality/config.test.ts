import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import {
  DataQualityConfigSchema,
  DEFAULT_DATA_QUALITY_CONFIG,
  dataQualityConfig,
} from '#core/checks/data-quality/config.ts';

/** The rules' thresholds; the materiality steps are the statistical families' severity bands. */
const RULE_VALUES = {
  materiality: { severity_high_weighted_crimes: 1000, severity_medium_weighted_crimes: 200 },
  missing_period: { baseline_periods: 12, high_severity_months: 3 },
  missing_offence: {
    window_periods: 12,
    min_present_periods: 10,
    zero_probability_threshold: 1e-6,
    national_window_periods: 2,
    national_peer_min_present_periods: 6,
    national_share: 0.5,
    national_min_forces: 3,
  },
  zero_run: {
    min_run_periods: 3,
    baseline_periods: 12,
    min_baseline_periods: 6,
    zero_probability_threshold: 1e-6,
  },
  cancelled_exceeds_recorded: { min_cancelled: 20 },
  invalid_count: { unknown_size_severity: 'medium' },
  totals_mismatch: { tolerance: 0 },
};

function zodPaths(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof ZodError) return e.issues.map((i) => i.path.join('.'));
    throw e;
  }
  throw new Error('expected a ZodError');
}

describe('data-quality configuration', () => {
  it('defaults to the rules’ values', () => {
    expect(DEFAULT_DATA_QUALITY_CONFIG).toEqual(RULE_VALUES);
    expect(dataQualityConfig()).toEqual(RULE_VALUES);
    expect(DataQualityConfigSchema.parse({})).toEqual(RULE_VALUES);
  });

  it('applies a partial override and keeps every other default', () => {
    const c = dataQualityConfig({
      zero_run: { min_run_periods: 4 },
      materiality: { severity_high_weighted_crimes: 500 },
    });
    expect(c.zero_run).toEqual({ ...RULE_VALUES.zero_run, min_run_periods: 4 });
    expect(c.materiality).toEqual({
      severity_high_weighted_crimes: 500,
      severity_medium_weighted_crimes: 200,
    });
    expect(c.missing_offence).toEqual(RULE_VALUES.missing_offence);
  });

  it('names the field of a bad override', () => {
    expect(zodPaths(() => dataQualityConfig({ zero_run: { min_run_periods: 0 } }))).toEqual([
      'zero_run.min_run_periods',
    ]);
    expect(
      zodPaths(() => dataQualityConfig({ missing_offence: { zero_probability_threshold: 1.5 } })),
    ).toEqual(['missing_offence.zero_probability_threshold']);
    expect(zodPaths(() => dataQualityConfig({ cancelled_exceeds_recorded: { min_cancelled: 2.5 } }))).toEqual(
      ['cancelled_exceeds_recorded.min_cancelled'],
    );
  });

  it('refuses unknown fields, so a misspelt threshold is not silently ignored', () => {
    expect(
      zodPaths(() => dataQualityConfig({ totals_mismatch: { tolerence: 1 } } as unknown as object)),
    ).toEqual(['totals_mismatch']);
  });

  it('refuses a materiality ladder whose medium step is above its high step', () => {
    expect(
      zodPaths(() =>
        dataQualityConfig({
          materiality: { severity_high_weighted_crimes: 10, severity_medium_weighted_crimes: 20 },
        }),
      ),
    ).toEqual(['materiality.severity_medium_weighted_crimes']);
  });
});
