// Baseline windows: skipping temporary breaks and unreported periods, stopping at permanent breaks.
import { describe, expect, it } from 'vitest';
import { baselineEvidence, baselineWindow, temporaryBreaksAt } from '#core/detection/baselines.ts';
import type { KnownBreak } from '#core/detection/known-breaks.ts';
import { monthRange } from '#core/series/months.ts';

const THEFT = 'Theft offences';
const ROBBERY = 'Robbery';

function monthly(start: string, end: string): Map<string, number> {
  return new Map(monthRange(start, end).map((m, i) => [m, 100 + i]));
}

describe('baselineWindow', () => {
  it('takes the periods just before the test window when nothing is in the way', () => {
    const w = baselineWindow(monthly('2018-01', '2019-12'), {
      force_code: 'kent',
      offence_group: ROBBERY,
      grain: 'month',
      before: '2019-07',
      length: 6,
    });
    expect(w.periods).toEqual(monthRange('2019-01', '2019-06'));
    expect(w.values).toEqual([112, 113, 114, 115, 116, 117]);
    expect(w).toMatchObject({
      start: '2019-01',
      end: '2019-06',
      excluded: [],
      missing: [],
      truncated_by: null,
      short: false,
    });
  });

  it('honours a guard gap', () => {
    const w = baselineWindow(monthly('2018-01', '2019-12'), {
      force_code: 'kent',
      offence_group: ROBBERY,
      grain: 'month',
      before: '2019-07',
      length: 3,
      gap: 2,
    });
    expect(w.periods).toEqual(['2019-02', '2019-03', '2019-04']);
  });

  it('skips the COVID-19 months and reaches back further instead', () => {
    const w = baselineWindow(monthly('2018-01', '2022-12'), {
      force_code: 'kent',
      offence_group: ROBBERY,
      grain: 'month',
      before: '2021-09',
      length: 6,
    });
    expect(w.periods).toEqual(['2019-11', '2019-12', '2020-01', '2020-02', '2021-07', '2021-08']);
    expect(w.excluded.map((e) => e.period)).toEqual(monthRange('2020-03', '2021-06'));
    expect(w.excluded[0]!.breaks).toEqual(['covid-19-2020']);
    expect(baselineEvidence(w)).toEqual({
      start: '2019-11',
      end: '2021-08',
      description: '6 periods; 16 skipped for known breaks (covid-19-2020)',
    });
  });

  it('applies force-specific breaks to that force only', () => {
    const series = monthly('2018-01', '2019-12');
    const opts = { offence_group: ROBBERY, grain: 'month', before: '2019-10', length: 3 } as const;
    expect(baselineWindow(series, { ...opts, force_code: 'greater-manchester' }).periods).toEqual([
      '2019-04',
      '2019-05',
      '2019-06',
    ]);
    expect(baselineWindow(series, { ...opts, force_code: 'kent' }).periods).toEqual([
      '2019-07',
      '2019-08',
      '2019-09',
    ]);
  });

  it('never reaches back across a permanent break that precedes the test window', () => {
    const w = baselineWindow(monthly('2016-01', '2018-12'), {
      force_code: 'kent',
      offence_group: THEFT,
      grain: 'month',
      before: '2017-08',
      length: 12,
    });
    expect(w.periods).toEqual(monthRange('2017-04', '2017-07'));
    expect(w).toMatchObject({ truncated_by: 'burglary-recoding-2017', short: true });
    expect(baselineEvidence(w)!.description).toBe(
      '4 periods; starts after the permanent break burglary-recoding-2017',
    );
    // Another group is not affected by the theft recoding.
    expect(
      baselineWindow(monthly('2016-01', '2018-12'), {
        force_code: 'kent',
        offence_group: ROBBERY,
        grain: 'month',
        before: '2017-08',
        length: 12,
      }).periods,
    ).toEqual(monthRange('2016-08', '2017-07'));
  });

  it('lists unreported periods and stops at maxLookback', () => {
    const series = monthly('2018-01', '2019-12');
    series.delete('2019-05');
    series.delete('2019-03');
    const w = baselineWindow(series, {
      force_code: 'kent',
      offence_group: ROBBERY,
      grain: 'month',
      before: '2019-07',
      length: 5,
      maxLookback: 6,
    });
    expect(w.periods).toEqual(['2019-01', '2019-02', '2019-04', '2019-06']);
    expect(w.missing).toEqual(['2019-03', '2019-05']);
    expect(w.short).toBe(true);
    expect(baselineEvidence(w)!.description).toBe('4 periods; 2 skipped as not reported');
  });

  it('works in financial quarters: a quarter touching a temporary break is skipped', () => {
    const series = new Map(
      ['2019-04', '2019-07', '2019-10', '2020-01', '2020-04', '2021-04', '2021-07', '2021-10'].map((q) => [
        q,
        1000,
      ]),
    );
    const w = baselineWindow(series, {
      force_code: 'kent',
      offence_group: ROBBERY,
      grain: 'quarter',
      before: '2022-01',
      length: 5,
    });
    expect(w.periods).toEqual(['2019-04', '2019-07', '2019-10', '2021-07', '2021-10']);
    expect(w.excluded.map((e) => e.period)).toEqual([
      '2020-01',
      '2020-04',
      '2020-07',
      '2020-10',
      '2021-01',
      '2021-04',
    ]);
    expect(w.missing).toEqual([]);
    expect(w.end).toBe('2021-12');
    expect(w.short).toBe(false);
    // One period fewer in the series and the window comes up short, listing the gap.
    series.delete('2019-04');
    const shorter = baselineWindow(series, {
      force_code: 'kent',
      offence_group: ROBBERY,
      grain: 'quarter',
      before: '2022-01',
      length: 5,
      maxLookback: 6,
    });
    expect(shorter.periods).toEqual(['2019-07', '2019-10', '2021-07', '2021-10']);
    expect(shorter.missing).toEqual(['2019-01', '2019-04']);
    expect(shorter.short).toBe(true);
  });

  it('takes a custom break list and returns no evidence for an empty window', () => {
    const breaks: KnownBreak[] = [
      {
        id: 'x',
        kind: 'counting_rule',
        start: '2019-07',
        end: null,
        force_code: null,
        offence_groups: null,
        description: 'test',
        source: 'test',
      },
    ];
    const w = baselineWindow(monthly('2018-01', '2019-12'), {
      force_code: 'kent',
      offence_group: null,
      grain: 'month',
      before: '2019-07',
      length: 6,
      breaks,
    });
    expect(w).toMatchObject({ periods: [], start: null, end: null, truncated_by: 'x', short: true });
    expect(baselineEvidence(w)).toBeUndefined();
  });
});

describe('temporaryBreaksAt', () => {
  it('names the temporary breaks covering a period, for that force and group', () => {
    expect(
      temporaryBreaksAt('2020-01', { force_code: 'kent', offence_group: ROBBERY, grain: 'quarter' }),
    ).toEqual(['covid-19-2020']);
    expect(
      temporaryBreaksAt('2020-01', { force_code: 'kent', offence_group: ROBBERY, grain: 'month' }),
    ).toEqual([]);
    expect(
      temporaryBreaksAt('2019-09', { force_code: 'greater-manchester', offence_group: null, grain: 'month' }),
    ).toEqual(['gmp-iops-2019']);
  });
});
