import { describe, expect, it } from 'vitest';
import { testWindows } from '#core/checks/reclassification/windows.ts';

describe('test windows', () => {
  it('tests each financial year against the one before, once the span holds a baseline year', () => {
    const w = testWindows('2019-04', '2024-03');
    expect(w.map((x) => [x.key, x.start, x.end, x.baseStart, x.baseEnd])).toEqual([
      ['fy2020', '2020-04', '2021-03', '2019-04', '2020-03'],
      ['fy2021', '2021-04', '2022-03', '2020-04', '2021-03'],
      ['fy2022', '2022-04', '2023-03', '2021-04', '2022-03'],
      ['fy2023', '2023-04', '2024-03', '2022-04', '2023-03'],
    ]);
    expect(w[2]).toMatchObject({ label: '2022/23', baseLabel: '2021/22', kind: 'financial_year' });
  });

  it('adds the latest 12 months when the data does not end in March', () => {
    const w = testWindows('2019-04', '2024-08');
    const latest = w[w.length - 1]!;
    expect(latest).toMatchObject({
      kind: 'latest_12_months',
      start: '2023-09',
      end: '2024-08',
      baseStart: '2022-09',
      baseEnd: '2023-08',
      label: 'the 12 months to 2024-08',
    });
    expect(w.filter((x) => x.kind === 'financial_year').map((x) => x.key)).toEqual([
      'fy2020',
      'fy2021',
      'fy2022',
      'fy2023',
    ]);
  });

  it('allows a baseline that starts up to three months before the data (pairing decides the rest)', () => {
    expect(testWindows('2019-06', '2021-03').map((x) => x.key)).toEqual(['fy2020']);
    expect(testWindows('2019-08', '2021-03')).toEqual([]);
  });

  it('offers nothing on less than two years of data', () => {
    expect(testWindows('2023-04', '2024-03')).toEqual([]);
  });

  it('adds the 12 months ending June, September and December when asked for rolling windows', () => {
    const w = testWindows('2019-04', '2022-03', 3, true);
    expect(w.map((x) => [x.key, x.start, x.end, x.baseStart])).toEqual([
      ['r2020-12', '2020-01', '2020-12', '2019-01'],
      ['fy2020', '2020-04', '2021-03', '2019-04'],
      ['r2021-06', '2020-07', '2021-06', '2019-07'],
      ['r2021-09', '2020-10', '2021-09', '2019-10'],
      ['r2021-12', '2021-01', '2021-12', '2020-01'],
      ['fy2021', '2021-04', '2022-03', '2020-04'],
    ]);
    expect(w[2]).toMatchObject({ kind: 'rolling_12_months', label: 'the 12 months to 2021-06' });
  });

  it('with rolling windows, adds a latest window only when the data ends between quarter ends', () => {
    expect(testWindows('2019-04', '2021-06', 3, true).filter((x) => x.kind === 'latest_12_months')).toEqual(
      [],
    );
    const latest = testWindows('2019-04', '2021-08', 3, true).filter((x) => x.kind === 'latest_12_months');
    expect(latest.map((x) => [x.start, x.end])).toEqual([['2020-09', '2021-08']]);
  });
});
