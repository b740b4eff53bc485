/**
 * Every named query in functions/queries/ is valid Athena SQL — node-sql-parser's `athena` dialect
 * on the statement as Athena runs it, parameters bound; for files with `?` placeholders also the raw
 * text with the `trino` dialect, because the athena dialect has no placeholders (and the trino
 * dialect cannot parse EXISTS, so it is not used on the others) — and runs in DuckDB over the audit
 * the real CLI makes of examples/returns, with results that mean what the description says.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sqlParser from 'node-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine, openEngine } from '#adapters/duckdb/engine.ts';
import { bindParameters } from '#queries/bind-parameters.ts';
import { loadNamedQueries, type NamedQuery } from '#queries/named-queries.ts';

const REPO = resolve(import.meta.dirname, '../..');
const parser = new sqlParser.Parser();
let out: string;
let engine: Engine;
let queries: NamedQuery[];
/** Parameters for each query that has them, chosen from the example audit's planted problems. */
let params: Record<string, string[]>;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'auditor-queries-'));
  const run = spawnSync(
    process.execPath,
    [join(REPO, 'bin/auditor.mjs'), 'audit', 'examples/returns', '--out', out, '--quiet'],
    {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  if (run.status !== 0) throw new Error(`auditor audit failed (${run.status}): ${run.stderr}`);
  engine = await openEngine(out);
  queries = await loadNamedQueries();
  const [zeroRun] = await engine.query(
    "SELECT finding_id FROM findings WHERE force_code = 'lancashire' AND check_id = 'dq.zero_run'",
  );
  params = {
    'force-series-around-finding': [String(zeroRun?.finding_id)],
    'peer-comparison': ['lancashire'],
    // The example audit ran today (UTC).
    'findings-as-of-date': [new Date().toISOString().slice(0, 10)],
  };
});
afterAll(() => {
  engine?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

function bound(q: NamedQuery): string {
  return bindParameters(q.sql, params[q.name] ?? []);
}

describe('named queries', () => {
  it('are the seven the auditors were promised, each described on its first line', () => {
    expect(queries.map((q) => q.name)).toEqual([
      'explanations-awaiting-decision',
      'findings-as-of-date',
      'force-series-around-finding',
      'high-severity-open-findings',
      'latest-findings-by-force',
      'open-findings-by-force-and-age',
      'peer-comparison',
    ]);
    for (const q of queries) expect(q.description.length).toBeGreaterThan(30);
    expect(Object.fromEntries(queries.map((q) => [q.name, q.parameters]))).toEqual({
      'explanations-awaiting-decision': 0,
      'findings-as-of-date': 1,
      'open-findings-by-force-and-age': 0,
      'force-series-around-finding': 1,
      'high-severity-open-findings': 0,
      'latest-findings-by-force': 0,
      'peer-comparison': 1,
    });
  });

  it('parse as Athena SQL (bound) and, when parameterised, as Trino SQL with placeholders: one SELECT each', () => {
    for (const q of queries) {
      const asts = [parser.astify(bound(q), { database: 'athena' })];
      if (q.parameters > 0) asts.push(parser.astify(q.sql, { database: 'trino' }));
      for (const ast of asts) {
        const list = Array.isArray(ast) ? ast : [ast];
        expect(
          list.map((s) => s.type),
          q.name,
        ).toEqual(['select']);
      }
      // returns_current is a local view, not a Glue table: it must be inlined.
      expect(q.sql, q.name).not.toMatch(/\breturns_current\b/);
    }
    // The check can fail: a typo is not Athena SQL.
    expect(() => parser.astify('SELEC force_code FROM findings', { database: 'athena' })).toThrow();
  });

  it('inline the same current revision as the local returns_current view', async () => {
    for (const q of queries.filter((x) => x.sql.includes('current_returns AS ('))) {
      const cte = /current_returns AS \(([\s\S]*?)\n\),\n/.exec(q.sql)?.[1];
      expect(cte, q.name).toBeDefined();
      const columns =
        'force_code, period_start, grain, level, offence_code, offence_group, recorded, cancelled, input_sha256';
      const [diff] = await engine.query(`SELECT
        (SELECT count(*) FROM (SELECT ${columns} FROM (${cte}) c EXCEPT ALL SELECT ${columns} FROM returns_current)) AS extra,
        (SELECT count(*) FROM (SELECT ${columns} FROM returns_current EXCEPT ALL SELECT ${columns} FROM (${cte}) c)) AS missing,
        (SELECT count(*) FROM returns_current) AS total`);
      expect(diff, q.name).toEqual({ extra: 0, missing: 0, total: expect.any(Number) });
      expect(Number(diff?.total)).toBeGreaterThan(50_000);
    }
  });

  it('latest-findings-by-force: at most five per force, newest first, with each force’s total', async () => {
    const q = queries.find((x) => x.name === 'latest-findings-by-force') as NamedQuery;
    const rows = await engine.query(bound(q));
    const totals = await engine.query(
      'SELECT force_code, count(*) AS n FROM findings GROUP BY force_code ORDER BY force_code',
    );
    expect([...new Set(rows.map((r) => r.force_code))]).toEqual(totals.map((t) => t.force_code));
    for (const t of totals) {
      const own = rows.filter((r) => r.force_code === t.force_code);
      expect(own.map((r) => r.recency)).toEqual(
        Array.from({ length: Math.min(5, Number(t.n)) }, (_, i) => i + 1),
      );
      expect(own.every((r) => r.force_findings === t.n)).toBe(true);
    }
  });

  it('high-severity-open-findings: exactly the current high findings, none resubmitted since', async () => {
    const q = queries.find((x) => x.name === 'high-severity-open-findings') as NamedQuery;
    const rows = await engine.query(bound(q));
    const high = await engine.query(
      "SELECT finding_id FROM findings WHERE severity = 'high' ORDER BY finding_id",
    );
    expect(rows.map((r) => r.finding_id).sort()).toEqual(high.map((h) => h.finding_id));
    // Lancashire's four months of zero shoplifting are high; Gwent's single −7 arson is low.
    expect(rows.map((r) => r.force_code)).toEqual(expect.arrayContaining(['lancashire']));
    expect(rows.map((r) => r.force_code)).not.toContain('gwent');
    expect(rows.every((r) => r.resubmitted_since === false && r.days_open === 0)).toBe(true);
  });

  it('force-series-around-finding: the zeros inside the finding, the usual level around it', async () => {
    const q = queries.find((x) => x.name === 'force-series-around-finding') as NamedQuery;
    const rows = await engine.query(bound(q));
    // lancashire 46, 2022-06..2022-09: 12 months before, the 4 months, 6 after.
    expect(rows.map((r) => r.period_start)[0]).toBe('2021-06');
    expect(rows.map((r) => r.period_start).at(-1)).toBe('2023-03');
    expect(rows).toHaveLength(22);
    const inside = rows.filter((r) => r.in_finding_period);
    expect(inside.map((r) => [r.period_start, r.recorded])).toEqual([
      ['2022-06', 0],
      ['2022-07', 0],
      ['2022-08', 0],
      ['2022-09', 0],
    ]);
    expect(rows.filter((r) => !r.in_finding_period).every((r) => Number(r.recorded) > 500)).toBe(true);
    expect(rows.every((r) => r.series === 'finding' && r.level === 'code' && r.grain === 'month')).toBe(true);
  });

  it('peer-comparison: shares of the force and of all others each sum to one', async () => {
    const q = queries.find((x) => x.name === 'peer-comparison') as NamedQuery;
    const rows = await engine.query(bound(q));
    const sum = (key: string) => rows.reduce((acc, r) => acc + Number(r[key]), 0);
    expect(sum('force_share')).toBeCloseTo(1, 9);
    expect(sum('others_share')).toBeCloseTo(1, 9);
    expect(rows.length).toBeGreaterThanOrEqual(8);
    const theft = rows.find((r) => r.offence_group === 'Theft offences');
    expect(Number(theft?.force_share)).toBeGreaterThan(0);
    expect(Number(theft?.force_cancellation_rate)).toBeGreaterThan(0);
    const unknown = await engine.query(bindParameters(q.sql, ['gotham']));
    expect(unknown.every((r) => Number(r.force_share) === 0)).toBe(true);
  });
});
