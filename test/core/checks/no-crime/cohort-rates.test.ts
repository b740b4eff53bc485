// Cancellation cohorts (AuditInput.cohorts) in the cancellation series and the coverage report: which
// record-level months they rate, how codes sum into groups, incomplete cohorts as edges, no lead-in.

import { describe, expect, it } from 'vitest';
import { auditContext } from '#core/checks/audit-context.ts';
import { noCrimeCoverage } from '#core/checks/no-crime/coverage.ts';
import { ALL_KEY, cancellationSeries } from '#core/checks/no-crime/rates.ts';
import type { CancellationCohort } from '#core/model/ingest.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { monthRange } from '#core/series/months.ts';
import { specRow as row } from '#test-support/rows.ts';

const VAP = 'Violence against the person';
const SEX = 'Sexual offences';

function recordLevel(
  force: string,
  period: string,
  code: string,
  group: string,
  recorded: number,
  cancelled: number,
): ReturnRow {
  return { ...row({ force, period, code, group, recorded, cancelled }), source_format: 'record_level' };
}

function cohort(
  force: string,
  month: string,
  code: string,
  crimes: number,
  cancelled: number,
  complete = true,
  followUp = 90,
): CancellationCohort {
  return {
    force_code: force,
    month,
    offence_code: code,
    crimes,
    cancelled_within: cancelled,
    follow_up_days: followUp,
    complete,
  };
}

const seriesOf = (f: { series: ReadonlyArray<{ level: string; key: string }> }, level: string, key: string) =>
  f.series.find((s) => s.level === level && s.key === key) as
    | { y: Float64Array; n: Float64Array; weighted: Float64Array; offence_group: string | null }
    | undefined;

describe('cancellationSeries with cohorts', () => {
  it('rates cohort months by crimes recorded and cancelled within the follow-up, not by their rows', () => {
    const rows = [
      recordLevel('kent', '2023-01', '8N', VAP, 90, 10),
      recordLevel('kent', '2023-01', '105A', VAP, 45, 5),
      recordLevel('kent', '2023-02', '8N', VAP, 90, 10),
    ];
    // 19C had crimes recorded in January but no row in the stream: its group comes from the reference.
    const cohorts = [
      cohort('kent', '2023-01', '8N', 80, 4),
      cohort('kent', '2023-01', '105A', 40, 2),
      cohort('kent', '2023-01', '19C', 10, 3),
    ];
    const [f] = cancellationSeries(auditContext({ current: rows }), 3, cohorts);
    expect(f!.family).toEqual(['record_level_cohort', 'record_level']);
    expect(f!.followUpDays).toBe(90);
    // No lead-in for the cohort month; February (no cohorts) is a decision month, first of its run.
    expect(f!.edge).toEqual([null, 'lead_in']);
    expect(seriesOf(f!, 'code', '8N')!.y[0]).toBe(4);
    expect(seriesOf(f!, 'code', '8N')!.n[0]).toBe(80);
    expect(seriesOf(f!, 'group', VAP)!.y[0]).toBe(6);
    expect(seriesOf(f!, 'group', VAP)!.n[0]).toBe(120);
    expect(seriesOf(f!, 'code', '19C')!.offence_group).toBe(SEX);
    expect(seriesOf(f!, 'group', SEX)!.n[0]).toBe(10);
    const total = seriesOf(f!, 'all', ALL_KEY)!;
    expect(total.y[0]).toBe(9);
    expect(total.n[0]).toBe(130);
    // Seriousness-weighted: 19C weighs 10, 8N 6, 105A 3 (detection/seriousness.ts).
    expect(total.weighted[0]).toBe(4 * 6 + 2 * 3 + 3 * 10);
    expect(Number.isNaN(total.n[1]!)).toBe(true);
    // Codes stay in ascending order after the all-offences and group series.
    expect(f!.series.filter((s) => s.level === 'code').map((s) => s.key)).toEqual(['105A', '19C', '8N']);
  });

  it('leaves incomplete cohorts out as edges and an aggregate month out when a cohort cell is unusable', () => {
    const months = monthRange('2023-01', '2023-06');
    const rows = months.flatMap((m) => [
      recordLevel('kent', m, '8N', VAP, 90, 10),
      recordLevel('kent', m, '105A', VAP, 45, 5),
    ]);
    const cohorts = months.flatMap((m, i) => [
      cohort('kent', m, '8N', 100, i === 1 ? 101 : 5, i < 4),
      cohort('kent', m, '105A', 50, 2, i < 4),
    ]);
    const [f] = cancellationSeries(auditContext({ current: rows }), 3, cohorts);
    expect(f!.edge).toEqual([null, null, null, null, 'incomplete_cohort', 'incomplete_cohort']);
    const vap = seriesOf(f!, 'group', VAP)!;
    expect([...vap.n]).toEqual([150, Number.NaN, 150, 150, Number.NaN, Number.NaN]);
    expect(seriesOf(f!, 'code', '105A')!.n[1]).toBe(50);
  });

  it('keeps record-level months without cohorts, and other forces, as they were', () => {
    const months = monthRange('2022-01', '2023-06');
    const rows = months.flatMap((m) => [
      recordLevel('kent', m, '8N', VAP, 200, 6),
      recordLevel('essex', m, '8N', VAP, 200, 6),
    ]);
    // Cohorts only from 2022-07 (an older submission without cohorts before), and only for kent.
    const cohorts = monthRange('2022-07', '2023-06').map((m) => cohort('kent', m, '8N', 190, 9));
    const without = cancellationSeries(auditContext({ current: rows }), 3);
    const [essex, kent] = cancellationSeries(auditContext({ current: rows }), 3, cohorts);
    expect(essex).toEqual(without[0]);
    expect(kent!.family.slice(0, 6)).toEqual(Array(6).fill('record_level'));
    expect(kent!.family.slice(6)).toEqual(Array(12).fill('record_level_cohort'));
    expect(kent!.edge.slice(0, 3)).toEqual(['lead_in', 'lead_in', 'lead_in']);
    expect(kent!.edge.slice(3)).toEqual(Array(15).fill(null));
    const n8 = seriesOf(kent!, 'code', '8N')!;
    expect(n8.n[5]).toBe(206);
    expect(n8.n[6]).toBe(190);
    expect(n8.y[6]).toBe(9);
  });

  it('rates only months whose cohorts share the latest follow-up', () => {
    const months = monthRange('2023-01', '2023-04');
    const rows = months.map((m) => recordLevel('kent', m, '8N', VAP, 90, 10));
    const cohorts = months.map((m, i) => cohort('kent', m, '8N', 80, 4, true, i === 0 ? 60 : 90));
    const [f] = cancellationSeries(auditContext({ current: rows }), 3, cohorts);
    expect(f!.followUpDays).toBe(90);
    expect(f!.family).toEqual([
      'record_level',
      'record_level_cohort',
      'record_level_cohort',
      'record_level_cohort',
    ]);
    expect(seriesOf(f!, 'code', '8N')!.n[0]).toBe(Number.NaN); // the decision month's lead-in
  });

  it('ignores cohorts of months whose current rows are monthly returns', () => {
    const rows = [
      row({ force: 'kent', period: '2023-01', code: '8N', group: VAP, recorded: 90, cancelled: 10 }),
    ];
    const [f] = cancellationSeries(auditContext({ current: rows }), 3, [
      cohort('kent', '2023-01', '8N', 80, 40),
    ]);
    expect(f!.family).toEqual(['aggregate']);
    expect(f!.followUpDays).toBeNull();
    expect(seriesOf(f!, 'code', '8N')!.y[0]).toBe(10);
  });
});

describe('noCrimeCoverage with cohorts', () => {
  it('lists the months whose cohorts are incomplete as not assessed yet', () => {
    const months = monthRange('2023-01', '2023-08');
    const rows = months.map((m) => recordLevel('kent', m, '8N', VAP, 100, 3));
    const cohorts = months.map((m, i) => cohort('kent', m, '8N', 100, 3, i < 5));
    const [kent] = noCrimeCoverage({ current: rows, forces: ['kent'], cohorts });
    expect(kent).toMatchObject({
      status: 'tested',
      record_level_months: 8,
      cohort_months: 8,
      cohort_follow_up_days: 90,
      incomplete_cohort_months: ['2023-06', '2023-07', '2023-08'],
      lead_in_months: [],
      tail_months: [],
    });
    expect(kent!.message).toBe(
      'kent: no-crime checks run on 8 months with cancellation counts (2023-01 to 2023-08); 8 months of ' +
        'record-level extracts rated by 90-day cancellation cohorts; 3 months not assessed yet, their ' +
        '90-day cohorts still incomplete (2023-06 to 2023-08)',
    );
    // Without the cohorts the same extract has a lead-in and no incomplete months.
    const [plain] = noCrimeCoverage({ current: rows, forces: ['kent'] });
    expect(plain).toMatchObject({
      cohort_months: 0,
      cohort_follow_up_days: null,
      incomplete_cohort_months: [],
    });
    expect(plain!.lead_in_months).toEqual(['2023-01', '2023-02', '2023-03']);
  });
});
