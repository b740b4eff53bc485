import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Engine, openEngine, QueryRefusedError, TABLE_NAMES } from '#adapters/duckdb/engine.ts';
import { openLocalStore } from '#adapters/local/store.ts';
import { FINDINGS_TABLE, RETURNS_TABLE, RUNS_TABLE, type TableSpec } from '#adapters/parquet/tables.ts';
import { DUCKDB_COLUMN_TYPES } from '#store/lake-schema.ts';
import { quoteLiteral } from '#store/sql-quote.ts';
import { engineStore } from '#test-support/engine-store.ts';
import { finding } from '#test-support/findings.ts';
import { returnRow } from '#test-support/rows.ts';
import { runRecord } from '#test-support/runs.ts';
import { uploadFile } from '#test-support/temp-files.ts';

const fx = engineStore();
const open = () => fx.open();
const submit = fx.submit;

const expectedTypes = (table: TableSpec<unknown>) =>
  table.columns.map(([name, type]) => ({ column_name: name, column_type: DUCKDB_COLUMN_TYPES[type] }));

async function describeTable(e: Engine, name: string) {
  return (await e.query(`DESCRIBE ${name}`)).map((r) => ({
    column_name: r.column_name,
    column_type: r.column_type,
  }));
}

describe('views on a fresh directory', () => {
  it('exist with the tables’ columns and types and no rows', async () => {
    const e = await open();
    for (const [name, table] of [
      ['findings', FINDINGS_TABLE],
      ['returns', RETURNS_TABLE],
      ['returns_current', RETURNS_TABLE],
      ['runs', RUNS_TABLE],
    ] as const) {
      expect(await describeTable(e, name)).toEqual(expectedTypes(table as TableSpec<unknown>));
      expect(await e.query(`SELECT count(*) AS n FROM ${name}`)).toEqual([{ n: 0 }]);
    }
    const result = await e.execute('SELECT finding_id, created_at, near_target FROM findings');
    expect(result).toEqual({
      columns: [
        { name: 'finding_id', type: 'VARCHAR' },
        { name: 'created_at', type: 'TIMESTAMP' },
        { name: 'near_target', type: 'BOOLEAN' },
      ],
      rows: [],
    });
  });

  it('refuses a directory that does not exist', async () => {
    await expect(openEngine(join(fx.root, 'nope'))).rejects.toThrow(/output directory not found/);
  });
});

describe('views with data', () => {
  it('read the stored Parquet with the column types of *_COLUMNS and JSON-able values', async () => {
    const store = openLocalStore(fx.root);
    await store.findings.replaceForce('kent', [finding({ force_code: 'kent', finding_id: 'k1' })]);
    await store.findings.replaceForce('essex', [
      finding({ force_code: 'essex', finding_id: 'e1', p_value: null, near_target: true }),
      finding({ force_code: 'essex', finding_id: 'e2' }),
    ]);
    await store.runs.put(runRecord({ run_id: 'run-1' }));
    await store.runs.put(runRecord({ run_id: 'run-2', status: 'partial' }));
    await submit('a.csv', [{ force_code: 'kent' }, { force_code: 'essex' }], '2024-01-01T00:00:00Z');

    const e = await open();
    expect(await describeTable(e, 'findings')).toEqual(expectedTypes(FINDINGS_TABLE as TableSpec<unknown>));
    expect(await describeTable(e, 'returns')).toEqual(expectedTypes(RETURNS_TABLE as TableSpec<unknown>));
    expect(await describeTable(e, 'runs')).toEqual(expectedTypes(RUNS_TABLE as TableSpec<unknown>));

    const findings = await e.query(
      'SELECT force_code, finding_id, p_value, near_target, created_at FROM findings ORDER BY 2',
    );
    expect(findings).toEqual([
      {
        force_code: 'essex',
        finding_id: 'e1',
        p_value: null,
        near_target: true,
        created_at: '2024-01-02T03:04:05.678Z',
      },
      {
        force_code: 'essex',
        finding_id: 'e2',
        p_value: 0.00012,
        near_target: false,
        created_at: '2024-01-02T03:04:05.678Z',
      },
      {
        force_code: 'kent',
        finding_id: 'k1',
        p_value: 0.00012,
        near_target: false,
        created_at: '2024-01-02T03:04:05.678Z',
      },
    ]);
    expect(await e.query('SELECT run_id, status, files_seen FROM runs ORDER BY 1')).toEqual([
      { run_id: 'run-1', status: 'succeeded', files_seen: 3 },
      { run_id: 'run-2', status: 'partial', files_seen: 3 },
    ]);
    const [row] = await e.query(
      "SELECT source_line, recorded, submitted_at FROM returns WHERE force_code = 'kent'",
    );
    expect(row).toEqual({ source_line: 2, recorded: 1234, submitted_at: '2024-01-01T00:00:00.000Z' });
    // One force_code column, from the file: the force_code=<slug> directory is not a Hive partition.
    expect(
      (await e.execute('SELECT * FROM findings LIMIT 1')).columns.filter((c) => c.name === 'force_code'),
    ).toHaveLength(1);
  });

  it('does not show a submission whose manifest was never written', async () => {
    await submit('ok.csv', [{ force_code: 'kent' }], '2024-01-01T00:00:00Z');
    const { path, sha } = await uploadFile(fx.inbox, 'crash.csv', 'crash');
    await mkdir(join(fx.root, `curated/submissions/${sha}.json`), { recursive: true });
    await expect(
      openLocalStore(fx.root).returns.putSubmission({
        fileName: 'crash.csv',
        inputSha256: sha,
        rawPath: path,
        rows: [returnRow({ input_sha256: sha, force_code: 'kent', recorded: 999 })],
      }),
    ).rejects.toThrow();
    const e = await open();
    expect(await e.query('SELECT recorded FROM returns')).toEqual([{ recorded: 1234 }]);
  });
});

describe('read-only queries', () => {
  it('refuses statements that could change anything, and leaves the directory untouched', async () => {
    await submit('a.csv', [{}], '2024-01-01T00:00:00Z');
    const e = await open();
    const before = await readdir(fx.root, { recursive: true });
    const target = join(fx.root, 'findings', 'x.csv').replaceAll("'", "''");
    for (const sql of [
      `COPY (SELECT 1) TO '${target}'`,
      `EXPLAIN ANALYZE COPY (SELECT 1) TO '${target}'`,
      `EXPLAIN /* sneaky */ ANALYZE SELECT 1`,
      'CREATE TABLE t AS SELECT 1',
      'CREATE VIEW v AS SELECT 1',
      'CREATE MACRO m(x) AS x',
      'INSERT INTO findings SELECT * FROM findings',
      'DROP VIEW findings',
      'SET enable_external_access = true',
      'RESET lock_configuration',
      "ATTACH 'x.db'",
      'INSTALL httpfs',
      'LOAD httpfs',
      `EXPORT DATABASE '${target}'`,
      'PRAGMA enable_profiling',
      'CALL pragma_version()',
      'SELECT 1; SELECT 2',
      'BEGIN TRANSACTION',
    ]) {
      await expect(e.query(sql), sql).rejects.toThrow(QueryRefusedError);
    }
    await expect(e.query('  ;  ')).rejects.toThrow(/no SQL statement/);
    await expect(e.query('-- just a comment')).rejects.toThrow(/no SQL statement/);
    expect(await readdir(fx.root, { recursive: true })).toEqual(before);
    // The views still work afterwards.
    expect(await e.query('SELECT count(*) AS n FROM returns')).toEqual([{ n: 1 }]);
  });

  it('cannot read any file except through the views: not raw uploads, the store, its temp files or /etc', async () => {
    await submit('a.csv', [{}], '2024-01-01T00:00:00Z', 'secret raw content');
    const outside = join(fx.inbox, 'secret.csv');
    await writeFile(outside, 'a,b\n1,2\n');
    const rel = await readdir(fx.root, { recursive: true });
    const raw = join(fx.root, 'raw', rel.find((p) => p.startsWith('raw') && p.endsWith('a.csv'))!.slice(4));
    const curated = join(
      fx.root,
      rel.find((p) => p.startsWith('curated/returns/') && p.endsWith('.parquet'))!,
    );
    // A curated file that no manifest names (a crashed write): the views leave it out, and so must SQL.
    const orphan = join(curated, '..', `${'f'.repeat(64)}.parquet`);
    await copyFile(curated, orphan);
    const e = await open();
    const q = (p: string) => quoteLiteral(p);
    for (const sql of [
      `SELECT * FROM read_csv(${q(outside)})`,
      `SELECT * FROM read_text(${q(raw)})`,
      "SELECT * FROM read_text('/etc/passwd')",
      "SELECT * FROM read_csv('/etc/passwd')",
      "SELECT * FROM glob('/etc/*')",
      `SELECT * FROM glob(${q(`${fx.root}/**`)})`,
      `SELECT * FROM read_text(${q(`${fx.root}/**`)})`,
      `SELECT * FROM read_parquet(${q(orphan)})`,
      `SELECT * FROM read_parquet(${q(`${fx.root}/curated/returns/*/*.parquet`)})`,
      `SELECT * FROM glob(${q(`${fx.root}/findings/*`)})`,
      // DuckDB's temporary directory, relative to the working directory by default.
      "SELECT * FROM glob('.tmp/*')",
      "SELECT * FROM read_text('.tmp/*')",
      `SELECT * FROM glob(${q(join(process.cwd(), '.tmp', '*'))})`,
    ]) {
      await expect(e.query(sql), sql).rejects.toThrow(
        new RegExp(`^queries read the tables \\(${TABLE_NAMES.join(', ')}\\), not files: Cannot access file`),
      );
    }
    // The views still read their files, and none of the orphan's rows.
    expect(await e.query('SELECT count(*) AS n FROM returns')).toEqual([{ n: 1 }]);
    expect(await e.query('SELECT count(*) AS n FROM returns_current')).toEqual([{ n: 1 }]);
    expect(await e.query('SELECT count(*) AS n FROM findings')).toEqual([{ n: 0 }]);
    expect(await e.query('SELECT count(*) AS n FROM runs')).toEqual([{ n: 0 }]);
  });

  it('keeps the sandbox with an empty store, and writes no temporary directory', async () => {
    const e = await open();
    await expect(e.query("SELECT * FROM read_text('/etc/passwd')")).rejects.toThrow(QueryRefusedError);
    expect(await e.query("SELECT current_setting('temp_directory') AS t")).toEqual([{ t: '' }]);
    expect(await e.query('SELECT count(*) AS n FROM returns_current')).toEqual([{ n: 0 }]);
  });

  it('allows SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE, PRAGMA show_tables and plain EXPLAIN', async () => {
    const e = await open();
    expect(await e.query('WITH x AS (SELECT 1 AS a) SELECT a FROM x')).toEqual([{ a: 1 }]);
    expect((await e.query('SHOW TABLES')).map((r) => r.name)).toEqual([...TABLE_NAMES].sort());
    expect((await e.query('PRAGMA show_tables')).length).toBe(TABLE_NAMES.length);
    expect((await e.query('SUMMARIZE runs')).length).toBe(RUNS_TABLE.columns.length);
    expect((await e.query('EXPLAIN SELECT * FROM findings')).length).toBeGreaterThan(0);
    expect(await e.query('FROM runs SELECT count(*) AS n')).toEqual([{ n: 0 }]);
  });

  it('reports SQL errors with DuckDB’s message', async () => {
    const e = await open();
    await expect(e.query('SELEC 1')).rejects.toThrow(/syntax error at or near "SELEC"/);
    await expect(e.query('SELECT nope FROM findings')).rejects.toThrow(/nope/);
  });

  it('stops working once closed', async () => {
    const e = await open();
    e.close();
    e.close();
    await expect(e.query('SELECT 1')).rejects.toThrow(/closed/);
  });
});

describe('Athena compatibility', () => {
  it('provides approx_percentile, date_parse, date_format, regexp_like and from_iso8601_timestamp', async () => {
    const store = openLocalStore(fx.root);
    await store.findings.replaceForce('kent', [finding({ force_code: 'kent' })]);
    const e = await open();
    expect(await e.query('SELECT approx_percentile(x, 0.5) AS p FROM range(101) t(x)')).toEqual([{ p: 50 }]);
    expect(
      await e.query(
        "SELECT date_parse('2019-07', '%Y-%m') AS a, date_parse('2019-07-05 13:14:15', '%Y-%m-%d %H:%i:%s') AS b, date_parse('201907', '%Y%m') AS c",
      ),
    ).toEqual([
      { a: '2019-07-01T00:00:00.000Z', b: '2019-07-05T13:14:15.000Z', c: '2019-07-01T00:00:00.000Z' },
    ]);
    expect(
      await e.query(
        "SELECT date_format(created_at, '%Y-%m') AS m, date_format(created_at, '%H:%i:%s') AS t FROM findings",
      ),
    ).toEqual([{ m: '2024-01', t: '03:04:05' }]);
    expect(await e.query("SELECT regexp_like(offence_code, '^[0-9]+[A-Z]$') AS r FROM findings")).toEqual([
      { r: true },
    ]);
    expect(
      await e.query(
        "SELECT count(*) AS n FROM findings WHERE created_at > from_iso8601_timestamp('2024-01-02T03:00:00Z') AND created_at < from_iso8601_timestamp('2024-01-02T04:04:05+01:00')",
      ),
    ).toEqual([{ n: 0 }]);
    expect(
      await e.query(
        "SELECT count(*) AS n FROM findings WHERE created_at > from_iso8601_timestamp('2024-01-02T03:00:00Z')",
      ),
    ).toEqual([{ n: 1 }]);
    await expect(e.query("SELECT date_parse('07/2019', '%m/%Y')")).rejects.toThrow(
      /format not supported locally: %m\/%Y/,
    );
  });

  it('converts DuckDB values to plain JSON-able values', async () => {
    const e = await open();
    const [row] = await e.query(
      "SELECT 9007199254740993::BIGINT AS big, 42::BIGINT AS small, 1.25::DECIMAL(5,2) AS dec, DATE '2024-02-29' AS d, [1, 2] AS l, {'a': TIMESTAMP '2024-01-01 00:00:00'} AS s, 'infinity'::TIMESTAMP AS inf",
    );
    expect(row).toEqual({
      big: '9007199254740993',
      small: 42,
      dec: 1.25,
      d: '2024-02-29',
      l: [1, 2],
      s: { a: '2024-01-01T00:00:00.000Z' },
      inf: 'infinity',
    });
    expect(JSON.parse(JSON.stringify(row))).toEqual(row);
  });
});
