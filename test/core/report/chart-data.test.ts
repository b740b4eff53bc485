import { describe, expect, it } from 'vitest';
import { chartSpec, lastMonth } from '#core/report/chart-data.ts';

const crimes = {
  unit: 'crimes' as const,
  signature: 'sudden_drop',
  period_start: '2021-06',
  period_end: '2021-07',
};

describe('chartSpec', () => {
  it('spaces points by month, so a month with no return is a gap (null), not a closer neighbour', () => {
    const spec = chartSpec(crimes, {}, [
      { period: '2021-04', value: 10 },
      { period: '2021-05', value: 11 },
      { period: '2021-08', value: 12 },
    ]);
    expect(spec?.periods).toEqual(['2021-04', '2021-05', '2021-06', '2021-07', '2021-08']);
    expect(spec?.observed).toEqual([10, 11, null, null, 12]);
    expect(spec?.step).toBe(1);
    expect(spec?.unit).toBe('crimes recorded per month');
    expect(spec?.expected).toBeUndefined();
  });

  it('takes the expected line from the evidence over the history, and the tested window from the DiD', () => {
    const evidence = {
      did: {
        pre_window: { start: '2021-04', end: '2021-05' },
        post_window: { start: '2021-06', end: '2021-08' },
      },
      baseline: { start: '2019-01', end: '2021-05' },
      excluded_periods: ['2021-05'],
      series: [
        { period: '2021-06', value: 5, expected: 10.123456 },
        { period: '2021-07', value: 5, expected: 10 },
      ],
    };
    const history = ['2021-04', '2021-05', '2021-06', '2021-07', '2021-08'].map((period) => ({
      period,
      value: 9,
    }));
    const spec = chartSpec(crimes, evidence, history);
    expect(spec?.observed).toEqual([9, 9, 9, 9, 9]);
    expect(spec?.expected).toEqual([null, null, 10.123, 10, null]);
    expect(spec?.flagged).toEqual(['2021-06', '2021-08']);
    expect(spec?.baseline).toEqual(['2021-04', '2021-05']);
    expect(spec?.leftOut).toEqual(['2021-05']);
  });

  it('spaces quarterly returns by quarter, and marks baseline months the check did not use', () => {
    const evidence = {
      baseline: { start: '2020-01', end: '2020-09' },
      baseline_months: [{ period: '2020-01' }, { period: '2020-07' }],
    };
    const history = ['2020-01', '2020-04', '2020-10'].map((period) => ({ period, value: 30 }));
    const spec = chartSpec({ ...crimes, unit: 'rate' }, evidence, history)!;
    expect(spec.periods).toEqual(['2020-01', '2020-04', '2020-07', '2020-10']);
    expect(spec.observed).toEqual([30, 30, null, 30]);
    expect(spec.step).toBe(3);
    expect(spec.percent).toBe(true);
    expect(spec.leftOut).toEqual(['2020-04']);
    expect(lastMonth(spec)).toBe('2020-12');
  });

  it('draws nothing with fewer than two values', () => {
    expect(chartSpec(crimes, {}, [{ period: '2021-04', value: 1 }])).toBeNull();
    expect(chartSpec(crimes, 'not an object', undefined)).toBeNull();
  });
});
