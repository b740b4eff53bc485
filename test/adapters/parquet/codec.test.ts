import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetMetadata } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeParquet, encodeParquet } from '#adapters/parquet/codec.ts';
import {
  decodeTable,
  encodeTable,
  FINDINGS_TABLE,
  RETURNS_TABLE,
  RUNS_TABLE,
} from '#adapters/parquet/tables.ts';
import { FindingSchema } from '#core/model/findings.ts';
import { ReturnRowSchema } from '#core/model/returns.ts';
import { RunSchema } from '#core/model/runs.ts';
import { DUCKDB_COLUMN_TYPES } from '#store/lake-schema.ts';
import { finding } from '#test-support/findings.ts';
import { returnRow } from '#test-support/rows.ts';
import { runRecord } from '#test-support/runs.ts';
import { tempDir } from '#test-support/temp-files.ts';

const UNICODE = 'Ynys Môn — 東京 — مرحبا — 👮‍♀️ "quoted", comma';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

async function duckDescribe(
  path: string,
): Promise<{ types: Record<string, string>; rows: Record<string, unknown>[] }> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    const described = (
      await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`)
    ).getRowObjectsJS();
    const rows = (await con.runAndReadAll(`SELECT * FROM read_parquet('${path}')`)).getRowObjectsJS();
    return {
      types: Object.fromEntries(described.map((r) => [String(r.column_name), String(r.column_type)])),
      rows,
    };
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

describe('findings Parquet', () => {
  const rows = [
    finding(),
    finding({
      finding_id: 'f-0002',
      offence_group: null,
      offence_code: null,
      observed: null,
      expected: null,
      effect_size: null,
      p_value: null,
      q_value: null,
      near_target: true,
      summary: UNICODE,
      evidence: JSON.stringify({ method: 'x', note: UNICODE, long: 'z'.repeat(20_000) }),
      created_at: new Date('1999-12-31T23:59:59.999Z'),
    }),
  ];

  it('round-trips every column, nulls and unicode included, into rows the zod schema accepts', async () => {
    const back = await decodeTable(FINDINGS_TABLE, encodeTable(FINDINGS_TABLE, rows));
    expect(back).toEqual(rows);
    for (const r of back) expect(() => FindingSchema.parse(r)).not.toThrow();
    expect(back[1]?.created_at).toBeInstanceOf(Date);
  });

  it('is read by DuckDB with the documented column types and the same values', async () => {
    const path = join(dir, 'findings.parquet');
    await writeFile(path, encodeTable(FINDINGS_TABLE, rows));
    const { types, rows: read } = await duckDescribe(path);
    expect(types).toEqual(
      Object.fromEntries(FINDINGS_TABLE.columns.map(([n, t]) => [n, DUCKDB_COLUMN_TYPES[t]])),
    );
    expect(types.created_at).toBe('TIMESTAMP');
    expect(read[0]?.created_at).toEqual(new Date('2024-01-02T03:04:05.678Z'));
    expect(read[1]?.summary).toBe(UNICODE);
    expect(read[1]?.p_value).toBeNull();
    expect(read[1]?.near_target).toBe(true);
  });

  it('marks schema-nullable columns OPTIONAL and the others REQUIRED', () => {
    expect(FINDINGS_TABLE.required.has('finding_id')).toBe(true);
    expect(FINDINGS_TABLE.required.has('created_at')).toBe(true);
    expect(FINDINGS_TABLE.required.has('offence_code')).toBe(false);
    expect(FINDINGS_TABLE.required.has('q_value')).toBe(false);
    const meta = parquetMetadata(encodeTable(FINDINGS_TABLE, rows).slice().buffer);
    const byName = Object.fromEntries(meta.schema.slice(1).map((e) => [e.name, e]));
    expect(byName.finding_id?.repetition_type).toBe('REQUIRED');
    expect(byName.offence_code?.repetition_type).toBe('OPTIONAL');
    expect(byName.created_at?.logical_type).toEqual({
      type: 'TIMESTAMP',
      isAdjustedToUTC: false,
      unit: 'MICROS',
    });
    expect(meta.row_groups[0]?.columns[0]?.meta_data?.codec).toBe('SNAPPY');
  });

  it('refuses a null in a required column and a value of the wrong type, naming the column', () => {
    expect(() => encodeTable(FINDINGS_TABLE, [{ ...finding(), summary: null as unknown as string }])).toThrow(
      /"summary" row 0: null in a required column/,
    );
    expect(() => encodeTable(FINDINGS_TABLE, [{ ...finding(), observed: '3' as unknown as number }])).toThrow(
      /"observed" row 0: expected a number, got string/,
    );
    expect(() => encodeTable(FINDINGS_TABLE, [{ ...finding(), created_at: new Date('nope') }])).toThrow(
      /"created_at".*a valid Date, got an invalid Date/,
    );
  });
});

describe('returns Parquet', () => {
  it('round-trips, turning INT64 source_line back into a number', async () => {
    const rows = [
      returnRow(),
      returnRow({
        offence_code: null,
        level: 'group',
        offence_subgroup: null,
        cancelled: null,
        source_line: 2 ** 53 - 1,
      }),
      returnRow({
        recorded: -2.5,
        source_file: UNICODE,
        source_line: 0,
        submitted_at: new Date('1960-05-06T07:08:09.123Z'),
      }),
    ];
    const back = await decodeTable(RETURNS_TABLE, encodeTable(RETURNS_TABLE, rows));
    expect(back).toEqual(rows);
    expect(typeof back[1]?.source_line).toBe('number');
    for (const r of back) expect(() => ReturnRowSchema.parse(r)).not.toThrow();
  });

  it('writes BIGINT for source_line and refuses a fractional one', async () => {
    const path = join(dir, 'returns.parquet');
    await writeFile(path, encodeTable(RETURNS_TABLE, [returnRow()]));
    const { types } = await duckDescribe(path);
    expect(types).toEqual(
      Object.fromEntries(RETURNS_TABLE.columns.map(([n, t]) => [n, DUCKDB_COLUMN_TYPES[t]])),
    );
    expect(types.source_line).toBe('BIGINT');
    expect(types.recorded).toBe('DOUBLE');
    expect(() => encodeTable(RETURNS_TABLE, [returnRow({ source_line: 1.5 })])).toThrow(
      /"source_line".*an integer/,
    );
  });

  it('splits rows into row groups of the requested size', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => returnRow({ source_line: i + 2 }));
    const bytes = encodeTable(RETURNS_TABLE, rows, 10);
    expect(parquetMetadata(bytes.slice().buffer).row_groups.map((g) => Number(g.num_rows))).toEqual([
      10, 10, 5,
    ]);
    expect((await decodeTable(RETURNS_TABLE, bytes)).map((r) => r.source_line)).toEqual(
      rows.map((r) => r.source_line),
    );
  });
});

describe('runs Parquet', () => {
  it('round-trips bigint counters as numbers and timestamps as Dates', async () => {
    const run = runRecord({ message: UNICODE, findings_total: 123456789012 });
    const back = await decodeTable(RUNS_TABLE, encodeTable(RUNS_TABLE, [run]));
    expect(back).toEqual([run]);
    expect(() => RunSchema.parse(back[0])).not.toThrow();
    const path = join(dir, 'run.parquet');
    await writeFile(path, encodeTable(RUNS_TABLE, [run]));
    const { types } = await duckDescribe(path);
    expect(types).toEqual(
      Object.fromEntries(RUNS_TABLE.columns.map(([n, t]) => [n, DUCKDB_COLUMN_TYPES[t]])),
    );
  });
});

describe('generic codec', () => {
  it('encodes zero rows into a file DuckDB can describe', async () => {
    const bytes = encodeTable(FINDINGS_TABLE, []);
    expect(await decodeTable(FINDINGS_TABLE, bytes)).toEqual([]);
    const path = join(dir, 'empty.parquet');
    await writeFile(path, bytes);
    const { types, rows } = await duckDescribe(path);
    expect(rows).toEqual([]);
    expect(Object.keys(types)).toEqual(FINDINGS_TABLE.columns.map(([n]) => n));
  });

  it('decodes a column missing from the file as null (files written before a column existed)', async () => {
    const bytes = encodeParquet([{ a: 'x' }, { a: null }], [['a', 'string']]);
    const back = await decodeParquet(bytes, [
      ['a', 'string'],
      ['b', 'double'],
    ]);
    expect(back).toEqual([
      { a: 'x', b: null },
      { a: null, b: null },
    ]);
  });

  it('decodes from a Node Buffer that is a view into a larger pool', async () => {
    const bytes = encodeParquet([{ n: 5 }], [['n', 'bigint']]);
    const pooled = Buffer.concat([Buffer.from('prefix'), Buffer.from(bytes)]).subarray(6);
    expect(await decodeParquet(pooled, [['n', 'bigint']])).toEqual([{ n: 5 }]);
  });

  it('refuses to turn an INT64 beyond 2^53 into an inexact number', async () => {
    const bytes = encodeParquet([{ n: 2n ** 60n }], [['n', 'bigint']]);
    await expect(decodeParquet(bytes, [['n', 'bigint']])).rejects.toThrow(/exceeds 2\^53/);
  });
});
