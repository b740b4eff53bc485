import { describe, expect, it } from 'vitest';
import { auditContext } from '#core/checks/audit-context.ts';
import { seriesExcerpt, streamTotal } from '#core/series/excerpt.ts';
import { addMonths, monthIndex, monthRange, monthsBetween } from '#core/series/months.ts';
import {
  expectedPeriods,
  financialQuarterLabel,
  periodEndOf,
  periodsBetween,
  spanLabel,
} from '#core/series/periods.ts';
import { indexStreams } from '#core/series/streams.ts';
import { hasUsableCounts, isUsableCount } from '#core/series/usable-count.ts';
import { row, series } from '#test-support/check-inputs.ts';

describe('month arithmetic', () => {
  it('adds months across year ends in both directions', () => {
    expect(addMonths('2019-11', 3)).toBe('2020-02');
    expect(addMonths('2020-02', -3)).toBe('2019-11');
    expect(addMonths('2019-01', -1)).toBe('2018-12');
    expect(addMonths('2019-12', 0)).toBe('2019-12');
    expect(monthsBetween('2018-06', '2020-01')).toBe(19);
  });

  it('lists an inclusive range and nothing when the end precedes the start', () => {
    expect(monthRange('2019-11', '2020-02')).toEqual(['2019-11', '2019-12', '2020-01', '2020-02']);
    expect(monthRange('2020-02', '2019-11')).toEqual([]);
  });

  it('refuses what is not a YYYY-MM month', () => {
    expect(() => monthIndex('2019-13')).toThrow(/YYYY-MM/);
    expect(() => monthIndex('2019-7')).toThrow(/YYYY-MM/);
  });
});

describe('periods', () => {
  it('steps financial quarters by three months', () => {
    expect(expectedPeriods('2022-04', '2023-04', 'quarter')).toEqual([
      '2022-04',
      '2022-07',
      '2022-10',
      '2023-01',
      '2023-04',
    ]);
    expect(periodEndOf('2023-01', 'quarter')).toBe('2023-03');
    expect(periodsBetween('2022-04', '2023-04', 'quarter')).toBe(4);
  });

  it('labels financial quarters as the Home Office does', () => {
    expect(financialQuarterLabel('2022-04')).toBe('2022/23 Q1');
    expect(financialQuarterLabel('2022-10')).toBe('2022/23 Q3');
    expect(financialQuarterLabel('2023-01')).toBe('2022/23 Q4');
    expect(financialQuarterLabel('1999-07')).toBe('1999/00 Q2');
    expect(spanLabel('2022-10', '2023-07', 'quarter')).toBe('2022/23 Q3 to 2023/24 Q2');
    expect(spanLabel('2019-07', '2019-07', 'month')).toBe('2019-07');
  });
});

describe('usable counts', () => {
  it('accepts whole non-negative numbers only', () => {
    expect([0, 1, 250].every((v) => isUsableCount(v))).toBe(true);
    expect(
      [-1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, null, undefined].some((v) => isUsableCount(v)),
    ).toBe(false);
  });

  it('lets a missing cancelled count pass but not an invalid one', () => {
    expect(hasUsableCounts({ recorded: 3, cancelled: null })).toBe(true);
    expect(hasUsableCounts({ recorded: 3, cancelled: -1 })).toBe(false);
    expect(hasUsableCounts({ recorded: 3.5, cancelled: 0 })).toBe(false);
  });
});

describe('indexStreams', () => {
  it('separates forces, grains and levels and sorts periods and series', () => {
    const rows = [
      ...series('2019-03', [5, 6], { offence_code: '9A' }),
      ...series('2019-01', [1, 2, 3]),
      row({ period_start: '2019-04', grain: 'quarter', level: 'group', recorded: 40 }),
      row({ period_start: '2019-01', force_code: 'essex' }),
    ];
    const streams = indexStreams(rows);
    expect(streams.map((s) => `${s.force_code}|${s.grain}|${s.level}`)).toEqual([
      'essex|month|code',
      'kent|month|code',
      'kent|quarter|group',
    ]);
    const kent = streams[1]!;
    expect(kent.periods).toEqual(['2019-01', '2019-02', '2019-03', '2019-04']);
    expect([...kent.series.keys()]).toEqual(['8N', '9A']);
    expect(kent.series.get('9A')!.rows.get('2019-04')!.recorded).toBe(6);
    expect(streamTotal(kent, '2019-03')).toBe(8);
    expect(streamTotal(kent, '2019-09')).toBeNull();
  });

  it('is indexed once per run, however many checks ask, and afresh for the next run', () => {
    const rows = series('2019-01', [1, 2]);
    const run = auditContext({ current: rows });
    expect(run.streams).toBe(run.streams);
    expect(run.national.streams).toBe(run.streams);
    expect(run.peers({ size: 3 })).toBe(run.peers({ size: 3 }));
    expect(run.peers({ size: 2 })).not.toBe(run.peers({ size: 3 }));
    const next = auditContext({ current: rows });
    expect(next.streams).not.toBe(run.streams);
    expect(next.streams).toEqual(run.streams);
  });

  it('gives an excerpt around a problem with null where a row is missing', () => {
    const rows = series('2019-01', [1, 2, null, 4, 5, 6]);
    const stream = indexStreams(rows)[0]!;
    const excerpt = seriesExcerpt(stream, stream.series.get('8N')!, '2019-03', '2019-03', {
      before: 1,
      after: 1,
    });
    expect(excerpt).toEqual([
      { period: '2019-02', value: 2 },
      { period: '2019-03', value: null },
      { period: '2019-04', value: 4 },
    ]);
  });
});
