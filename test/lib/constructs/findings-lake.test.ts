import { describe, expect, it } from 'vitest';
import { FINDING_COLUMNS, FindingSchema } from '#core/model/findings.ts';
import { RETURN_COLUMNS, ReturnRowSchema } from '#core/model/returns.ts';
import { RUN_COLUMNS, RunSchema } from '#core/model/runs.ts';
import { FORCES } from '#core/reference/forces.ts';
import { parquetTableInput } from '#lib/lake/glue-schema.ts';
import { GLUE_COLUMN_TYPES, GLUE_FORCE_PARTITION_KEY } from '#store/lake-schema.ts';
import { flat, type GlueTableInput, glueTable, logicalId, synth } from '#test-support/synth.ts';

const { template } = synth();

const table = (name: string) => glueTable(template, name);

const bucket = (prefix: string) => `<${logicalId(template, 'AWS::S3::Bucket', prefix)}>`;

describe('Glue tables: columns are the model columns', () => {
  const cases = [
    ['findings', FINDING_COLUMNS, Object.keys(FindingSchema.shape)],
    ['returns', RETURN_COLUMNS, Object.keys(ReturnRowSchema.shape)],
    ['runs', RUN_COLUMNS, Object.keys(RunSchema.shape)],
  ] as const;

  for (const [name, columns, schemaKeys] of cases) {
    it(`${name}: same names, order and types as the Parquet column list`, () => {
      expect(table(name).StorageDescriptor.Columns).toEqual(
        columns.map(([column, type]) => ({ Name: column, Type: GLUE_COLUMN_TYPES[type] })),
      );
    });

    it(`${name}: every field of the zod schema is a column, and nothing else`, () => {
      const glueNames = table(name).StorageDescriptor.Columns.map((c) => c.Name);
      expect([...glueNames].sort()).toEqual([...schemaKeys].sort());
    });
  }

  it('types timestamps, counts and flags as Athena reads them from the Parquet', () => {
    const types = Object.fromEntries(
      table('findings').StorageDescriptor.Columns.map((c) => [c.Name, c.Type]),
    );
    expect(types).toMatchObject({ created_at: 'timestamp', p_value: 'double', near_target: 'boolean' });
    const runTypes = Object.fromEntries(table('runs').StorageDescriptor.Columns.map((c) => [c.Name, c.Type]));
    expect(runTypes.findings_total).toBe('bigint');
  });
});

describe('Glue tables: partition projection instead of a crawler', () => {
  const slugs = FORCES.map((f) => f.slug);

  it('projects the force partition of findings over all 44 force slugs', () => {
    const t = table('findings');
    expect(t.PartitionKeys).toEqual([{ Name: GLUE_FORCE_PARTITION_KEY, Type: 'string' }]);
    expect(t.Parameters['projection.enabled']).toBe('true');
    expect(t.Parameters['projection.force.type']).toBe('enum');
    const values = String(t.Parameters['projection.force.values']).split(',');
    expect(values).toHaveLength(44);
    expect(new Set(values)).toEqual(new Set(slugs));
    expect(flat(t.Parameters['storage.location.template'])).toBe(
      `s3://${bucket('FindingsBucket')}/findings/force_code=\${force}/`,
    );
    expect(flat(t.StorageDescriptor.Location)).toBe(`s3://${bucket('FindingsBucket')}/findings/`);
  });

  it('projects returns the same way, under curated/returns/ in the returns bucket', () => {
    const t = table('returns');
    expect(t.PartitionKeys).toEqual([{ Name: 'force', Type: 'string' }]);
    expect(t.Parameters['projection.force.type']).toBe('enum');
    expect(String(t.Parameters['projection.force.values']).split(',')).toHaveLength(44);
    expect(flat(t.Parameters['storage.location.template'])).toBe(
      `s3://${bucket('ReturnsBucket')}/curated/returns/force_code=\${force}/`,
    );
  });

  it('keeps force_code a data column, distinct from the partition key', () => {
    for (const name of ['findings', 'returns']) {
      const columns = table(name).StorageDescriptor.Columns.map((c) => c.Name);
      expect(columns).toContain('force_code');
      expect(columns).not.toContain(GLUE_FORCE_PARTITION_KEY);
    }
  });

  it('leaves runs unpartitioned so that SELECT * FROM runs needs no filter', () => {
    const t = table('runs');
    expect(t.PartitionKeys).toEqual([]);
    expect(t.Parameters['projection.enabled']).toBeUndefined();
    expect(flat(t.StorageDescriptor.Location)).toBe(`s3://${bucket('FindingsBucket')}/runs/`);
  });

  it('declares every table as external Parquet', () => {
    for (const name of ['findings', 'returns', 'runs']) {
      const t = table(name) as GlueTableInput & {
        StorageDescriptor: { SerdeInfo: { SerializationLibrary: string }; InputFormat: string };
      };
      expect(t.TableType).toBe('EXTERNAL_TABLE');
      expect(t.Parameters.classification).toBe('parquet');
      expect(t.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe(
        'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
      );
    }
  });

  it('refuses a partitioned table with a column named like the partition key', () => {
    expect(() =>
      parquetTableInput({
        name: 'bad',
        description: 'x',
        columns: [['force', 'string']],
        location: 's3://b/p/',
        partitionByForce: true,
      }),
    ).toThrow(/repeats a column/);
  });
});
