import { describe, expect, it } from 'vitest';
import { missingPeriodCheck } from '#core/checks/data-quality/missing-period.ts';
import { addMonths } from '#core/series/months.ts';
import { input, row, series } from '#test-support/check-inputs.ts';
import { runCheck } from '#test-support/run-check.ts';

describe('dq.missing_period', () => {
  it('reports a two-month gap as one finding with the crimes it would have held', () => {
    const rows = [
      ...series('2019-01', [10, 10, null, null, 10, 10]),
      ...series('2019-01', [20, 20, null, null, 20, 20], { offence_code: '9A' }),
    ];
    const drafts = runCheck(missingPeriodCheck, input(rows));
    expect(drafts).toHaveLength(1);
    const d = drafts[0]!;
    expect([d.period_start, d.period_end, d.severity]).toEqual(['2019-03', '2019-04', 'medium']);
    expect(d.observed).toBe(0);
    expect(d.expected).toBe(60);
    expect(d.offence_code).toBeNull();
    expect(d.summary).toMatch(/2019-03 to 2019-04 \(2 months\).*please confirm/);
    expect(d.evidence.series?.find((p) => p.period === '2019-03')?.value).toBeNull();
    expect(d.evidence.series?.find((p) => p.period === '2019-02')?.value).toBe(30);
  });

  it("makes Devon & Cornwall's four missing quarters one high-severity finding", () => {
    // 2021/22 Q1 … 2023/24 Q4 with 2022/23 Q3 – 2023/24 Q2 missing, as in the Home Office table.
    const values: (number | null)[] = Array.from({ length: 12 }, (_, i) => (i >= 6 && i <= 9 ? null : 9000));
    const rows = ['Robbery', 'Drug offences'].flatMap((g) =>
      series('2021-04', values, {
        force_code: 'devon-and-cornwall',
        grain: 'quarter',
        level: 'group',
        offence_group: g,
      }),
    );
    const drafts = runCheck(missingPeriodCheck, input(rows));
    expect(drafts).toHaveLength(1);
    const d = drafts[0]!;
    expect([d.period_start, d.period_end, d.severity]).toEqual(['2022-10', '2023-09', 'high']);
    expect(d.expected).toBe(4 * 18000);
    expect(d.summary).toContain('2022/23 Q3 to 2023/24 Q2 (4 quarters)');
    expect(d.evidence.gap).toEqual({
      first_period: '2022-10',
      last_period: '2023-07',
      periods: 4,
      months: 12,
    });
  });

  it('sees no gap before a force starts, after it stops, or in a complete series', () => {
    const rows = [...series('2019-01', [1, 2, 3]), ...series('2019-05', [1, 2], { force_code: 'essex' })];
    expect(runCheck(missingPeriodCheck, input(rows))).toEqual([]);
  });

  it('treats each grain and level as its own stream', () => {
    const monthly = series('2019-04', Array(6).fill(5));
    const quarterly = [
      row({ period_start: '2019-04', grain: 'quarter', level: 'group', recorded: 15 }),
      row({ period_start: '2020-01', grain: 'quarter', level: 'group', recorded: 15 }),
    ];
    const drafts = runCheck(missingPeriodCheck, input([...monthly, ...quarterly]));
    expect(drafts.map((d) => [d.period_start, d.period_end])).toEqual([['2019-07', '2019-12']]);
  });

  it('finds several gaps separately and ignores forces not audited', () => {
    const months = Array.from({ length: 10 }, (_, i) => addMonths('2019-01', i));
    const present = new Set(['2019-01', '2019-03', '2019-04', '2019-08', '2019-10']);
    const rows = months.filter((m) => present.has(m)).map((m) => row({ period_start: m }));
    const other = rows.map((r) => ({ ...r, force_code: 'essex' }));
    const drafts = runCheck(missingPeriodCheck, input([...rows, ...other], { forces: ['kent'] }));
    expect(drafts.map((d) => `${d.force_code} ${d.period_start}..${d.period_end}`)).toEqual([
      'kent 2019-02..2019-02',
      'kent 2019-05..2019-07',
      'kent 2019-09..2019-09',
    ]);
    expect(drafts.map((d) => d.severity)).toEqual(['medium', 'high', 'medium']);
  });
});
