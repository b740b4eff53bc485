// Cancellation series (the base n = recorded + cancelled, usability, aggregates, record-level edges)
// and the coverage report that says where the no-crime check is skipped.
import { describe, expect, it } from 'vitest';
import { auditContext } from '#core/checks/audit-context.ts';
import { noCrimeCoverage } from '#core/checks/no-crime/coverage.ts';
import { ALL_KEY, cancellationSeries } from '#core/checks/no-crime/rates.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { monthRange } from '#core/series/months.ts';
import { specRow as row } from '#test-support/rows.ts';

const VAP = 'Violence against the person';
const SEX = 'Sexual offences';

function code(
  force: string,
  period: string,
  c: string,
  group: string,
  recorded: number,
  cancelled: number | null,
): ReturnRow {
  return row({ force, period, code: c, group, recorded, cancelled });
}

function recordLevel(r: ReturnRow): ReturnRow {
  return { ...r, source_format: 'record_level' };
}

describe('cancellationSeries', () => {
  it('uses recorded + cancelled as the base and sums codes into groups and the force total', () => {
    const rows = [
      code('kent', '2023-01', '8N', VAP, 90, 10),
      code('kent', '2023-01', '105A', VAP, 45, 5),
      code('kent', '2023-01', '19C', SEX, 18, 2),
    ];
    const [f] = cancellationSeries(auditContext({ current: rows }), 3);
    const byKey = new Map(f!.series.map((s) => [`${s.level}|${s.key}`, s]));
    expect(byKey.get('code|8N')!.n[0]).toBe(100);
    expect(byKey.get('code|8N')!.y[0]).toBe(10);
    expect(byKey.get(`group|${VAP}`)!.n[0]).toBe(150);
    expect(byKey.get(`group|${VAP}`)!.y[0]).toBe(15);
    expect(byKey.get(`all|${ALL_KEY}`)!.n[0]).toBe(170);
    expect(byKey.get(`all|${ALL_KEY}`)!.y[0]).toBe(17);
    // Seriousness-weighted cancellations: 19C weighs 10, 8N 6, 105A 3 (detection/seriousness.ts).
    expect(byKey.get(`all|${ALL_KEY}`)!.weighted[0]).toBe(10 * 6 + 5 * 3 + 2 * 10);
    expect(f!.series[0]!.level).toBe('all');
  });

  it('leaves a month out of an aggregate when any of its cells lacks a usable count', () => {
    const rows = [
      code('kent', '2023-01', '8N', VAP, 90, 10),
      code('kent', '2023-01', '105A', VAP, 45, null),
      code('kent', '2023-02', '8N', VAP, 90, 10),
      code('kent', '2023-02', '105A', VAP, -3, 1),
      code('kent', '2023-03', '8N', VAP, 90, 10),
      code('kent', '2023-03', '105A', VAP, 40, 2),
    ];
    const [f] = cancellationSeries(auditContext({ current: rows }), 3);
    const vap = f!.series.find((s) => s.level === 'group')!;
    expect(Number.isNaN(vap.n[0]!)).toBe(true);
    expect(Number.isNaN(vap.n[1]!)).toBe(true);
    expect(vap.n[2]).toBe(142);
    const n8 = f!.series.find((s) => s.key === '8N')!;
    expect([...n8.n]).toEqual([100, 100, 100]);
  });

  it('skips streams without any cancellation count and quarterly streams', () => {
    const rows = [
      code('kent', '2023-01', '8N', VAP, 90, null),
      row({
        force: 'essex',
        period: '2023-01',
        grain: 'quarter',
        code: '8N',
        group: VAP,
        recorded: 9,
        cancelled: 1,
      }),
    ];
    expect(cancellationSeries(auditContext({ current: rows }), 3)).toHaveLength(0);
  });

  it('marks the lead-in and the tail of a record-level run', () => {
    const months = monthRange('2022-01', '2023-06');
    const rows: ReturnRow[] = [];
    months.forEach((m, i) => {
      const r = code('kent', m, '8N', VAP, 200, 6);
      rows.push(i < 6 ? r : recordLevel(r));
    });
    // A month of late decisions after the extract's recording period: almost nothing recorded.
    rows.push(recordLevel(code('kent', '2023-07', '8N', VAP, 0, 9)));
    const [f] = cancellationSeries(auditContext({ current: rows }), 3);
    const edge = new Map(f!.months.map((m, i) => [m, f!.edge[i]]));
    expect(edge.get('2022-06')).toBeNull();
    expect(edge.get('2022-07')).toBe('lead_in');
    expect(edge.get('2022-09')).toBe('lead_in');
    expect(edge.get('2022-10')).toBeNull();
    expect(edge.get('2023-06')).toBeNull();
    expect(edge.get('2023-07')).toBe('tail');
    const total = f!.series.find((s) => s.level === 'all')!;
    expect(Number.isNaN(total.n[f!.months.indexOf('2022-07')]!)).toBe(true);
    expect(Number.isNaN(total.n[f!.months.indexOf('2023-07')]!)).toBe(true);
    expect(f!.family[0]).toBe('aggregate');
    expect(f!.family[months.length - 1]).toBe('record_level');
  });
});

describe('noCrimeCoverage', () => {
  it('says the check is skipped for a force without cancellation counts', () => {
    const rows = [code('kent', '2023-01', '8N', VAP, 90, null), code('essex', '2023-01', '8N', VAP, 90, 4)];
    const [essex, kent] = noCrimeCoverage({ current: rows, forces: ['kent', 'essex'] });
    expect(kent).toMatchObject({
      force_code: 'kent',
      status: 'skipped',
      reason: 'no cancellation data',
      message: 'kent: no-crime checks skipped: no cancellation data',
    });
    expect(essex).toMatchObject({ status: 'tested', reason: null, months_with_cancellations: 1 });
    expect(essex!.message).toBe(
      'essex: no-crime checks run on 1 month with cancellation counts (2023-01 to 2023-01)',
    );
  });

  it('tells quarterly-only cancellation data and forces without returns apart', () => {
    const rows = [
      row({
        force: 'essex',
        period: '2023-01',
        grain: 'quarter',
        code: '8N',
        group: VAP,
        recorded: 9,
        cancelled: 1,
      }),
    ];
    const cov = noCrimeCoverage({ current: rows, forces: ['essex', 'kent'] });
    expect(cov.map((c) => c.reason)).toEqual(['cancellation data only in quarterly returns', 'no returns']);
  });

  it('counts months lacking counts and the record-level edges it leaves out', () => {
    const rows = monthRange('2023-01', '2023-08').map((m) => recordLevel(code('kent', m, '8N', VAP, 100, 3)));
    rows.push(code('kent', '2022-12', '8N', VAP, 100, null));
    const [kent] = noCrimeCoverage({ current: rows, forces: ['kent'] });
    expect(kent!.lead_in_months).toEqual(['2023-01', '2023-02', '2023-03']);
    expect(kent!.record_level_months).toBe(8);
    expect(kent!.months_missing_cancellations).toBe(1);
    expect(kent!.message).toContain('1 month lacking some cancellation counts');
    expect(kent!.message).toContain('3 months of record-level lead-in left out');
  });
});
