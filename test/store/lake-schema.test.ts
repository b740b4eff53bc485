import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine, openEngine } from '#adapters/duckdb/engine.ts';
import { FINDINGS_TABLE, RETURNS_TABLE, RUNS_TABLE } from '#adapters/parquet/tables.ts';
import {
  DUCKDB_COLUMN_TYPES,
  GLUE_COLUMN_TYPES,
  GLUE_FORCE_PARTITION_KEY,
  LAKE_TABLES,
  type LakeTableName,
} from '#store/lake-schema.ts';
import { RETURNS_CURRENT_VIEW } from '#store/returns-current.ts';
import { flat, glueTable as glueTableOf, logicalId, synth } from '../support/synth.ts';
import { tempDir } from '../support/temp-files.ts';

const NAMES = Object.keys(LAKE_TABLES) as LakeTableName[];
const { template } = synth();

const glueTable = (name: string) => glueTableOf(template, name);

let engine: Engine;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  const out = await tempDir('auditor-lake-schema-');
  cleanup = out.cleanup;
  engine = await openEngine(out.dir);
});
afterAll(async () => {
  engine.close();
  await cleanup();
});

async function duckdbColumns(name: string): Promise<Array<[string, string]>> {
  return (await engine.query(`DESCRIBE ${name}`)).map((r) => [String(r.column_name), String(r.column_type)]);
}

describe('the lake schema', () => {
  it('holds the columns the Parquet writer writes, table for table', () => {
    expect(LAKE_TABLES.findings.columns).toEqual(FINDINGS_TABLE.columns);
    expect(LAKE_TABLES.returns.columns).toEqual(RETURNS_TABLE.columns);
    expect(LAKE_TABLES.runs.columns).toEqual(RUNS_TABLE.columns);
    for (const name of NAMES) expect(LAKE_TABLES[name].name).toBe(name);
  });

  for (const name of NAMES) {
    it(`${name}: the DuckDB view has the schema's columns, typed by its DuckDB mapping`, async () => {
      expect(await duckdbColumns(name)).toEqual(
        LAKE_TABLES[name].columns.map(([column, type]) => [column, DUCKDB_COLUMN_TYPES[type]]),
      );
    });

    it(`${name}: the Glue table has the schema's columns, typed by its Glue mapping`, () => {
      expect(glueTable(name).StorageDescriptor.Columns).toEqual(
        LAKE_TABLES[name].columns.map(([column, type]) => ({ Name: column, Type: GLUE_COLUMN_TYPES[type] })),
      );
    });

    it(`${name}: DuckDB and Glue see the same column names in the same order`, async () => {
      const local = (await duckdbColumns(name)).map(([column]) => column);
      expect(glueTable(name).StorageDescriptor.Columns.map((c) => c.Name)).toEqual(local);
    });

    it(`${name}: the Glue table lies under the schema's prefix, partitioned as the schema says`, () => {
      const t = glueTable(name);
      const bucket = name === 'returns' ? 'ReturnsBucket' : 'FindingsBucket';
      expect(flat(t.StorageDescriptor.Location)).toBe(
        `s3://<${logicalId(template, 'AWS::S3::Bucket', bucket)}>/${LAKE_TABLES[name].prefix}`,
      );
      expect(t.PartitionKeys.map((k) => k.Name)).toEqual(
        LAKE_TABLES[name].partitionedByForce ? [GLUE_FORCE_PARTITION_KEY] : [],
      );
    });
  }

  it('returns_current has exactly the columns of returns', async () => {
    expect(await duckdbColumns(RETURNS_CURRENT_VIEW)).toEqual(await duckdbColumns('returns'));
  });
});
