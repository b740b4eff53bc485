import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditor, queryJson, REAL_DATA, removeTempDirs, tempDir } from './run-cli.ts';

afterAll(removeTempDirs);

/** The published Home Office series (offence-group level, quarterly, 43 forces, 2002/03–2023/24). */
describe('auditor on the real Home Office PFA offence-group table', () => {
  const out = tempDir('real');
  const r = auditor(
    'audit',
    join(REAL_DATA, 'prc_pfa_force_offencegroup_quarterly_2002-03_to_2023-24.csv'),
    '--out',
    out,
  );

  it('ingests every row as quarterly group-level cells for the 43 territorial forces, exit 0', () => {
    expect(r.code).toBe(0);
    const [c] = queryJson<{ forces: number; grains: string; levels: string; first: string; last: string }>(
      out,
      'SELECT count(DISTINCT force_code) AS forces, string_agg(DISTINCT grain) AS grains, string_agg(DISTINCT level) AS levels, min(period_start) AS first, max(period_end) AS last FROM returns',
    );
    expect(c).toEqual({ forces: 43, grains: 'quarter', levels: 'group', first: '2002-04', last: '2024-03' });
  });

  it('answers the contract query as a JSON array', () => {
    const q = auditor(
      'query',
      '--out',
      out,
      'SELECT force_code, count(*) AS n FROM findings GROUP BY 1',
      '--format',
      'json',
    );
    expect(q.code).toBe(0);
    const rows = JSON.parse(q.stdout);
    expect(Array.isArray(rows)).toBe(true);
    expect(rows.length).toBeGreaterThan(0);
  });

  it("flags Devon & Cornwall's missing quarters (2022/23 Q3 – 2023/24 Q2) as one gap", () => {
    const gaps = queryJson<{ period_start: string; period_end: string }>(
      out,
      "SELECT period_start, period_end FROM findings WHERE force_code = 'devon-and-cornwall' AND check_id = 'dq.missing_period'",
    );
    expect(gaps).toEqual([{ period_start: '2022-10', period_end: '2023-09' }]);
  });

  it('does not flag the national end of police-recorded fraud (2013/14) as 43 force problems', () => {
    const fraud = queryJson(out, "SELECT * FROM findings WHERE offence_group = 'Fraud offences'");
    expect(fraud).toEqual([]);
  });
});
