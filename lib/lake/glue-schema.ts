/**
 * The Glue (Athena) view of the Parquet tables, derived from the lake schema the local DuckDB views
 * are also built from (functions/store/lake-schema.ts: the writers' column lists and GLUE_COLUMN_TYPES),
 * so a column added to a model appears in Athena on the next deploy and a test can hold the two equal.
 *
 * Partitions are projected, not crawled: `force_code=<slug>/` directories map to the projection key
 * GLUE_FORCE_PARTITION_KEY (`force`), an enum over every force slug, because Glue forbids a partition
 * key that repeats a data column and the files keep `force_code` as a column.
 */
import type * as glue from 'aws-cdk-lib/aws-glue';
import { FORCES } from '#core/reference/forces.ts';
import { type ColumnList, GLUE_COLUMN_TYPES, GLUE_FORCE_PARTITION_KEY } from '#store/lake-schema.ts';

/** Every force slug, in the reference table's order: the values of the `force` projection. */
export const FORCE_SLUGS: readonly string[] = FORCES.map((f) => f.slug);

export function glueColumns(columns: ColumnList): glue.CfnTable.ColumnProperty[] {
  return columns.map(([name, type]) => ({ name, type: GLUE_COLUMN_TYPES[type] }));
}

const PARQUET_STORAGE = {
  inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  serdeInfo: {
    serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    parameters: { 'serialization.format': '1' },
  },
} as const;

export interface ParquetTableSpec {
  name: string;
  description: string;
  columns: ColumnList;
  /** `s3://bucket/prefix/`: the table root. */
  location: string;
  /** Project `force_code=<slug>/` directories under the root as the `force` partition. */
  partitionByForce: boolean;
}

export function parquetTableInput(spec: ParquetTableSpec): glue.CfnTable.TableInputProperty {
  const columnNames = new Set(spec.columns.map(([name]) => name));
  if (spec.partitionByForce && columnNames.has(GLUE_FORCE_PARTITION_KEY)) {
    throw new Error(`table ${spec.name}: partition key "${GLUE_FORCE_PARTITION_KEY}" repeats a column`);
  }
  const projection: Record<string, string> = spec.partitionByForce
    ? {
        'projection.enabled': 'true',
        [`projection.${GLUE_FORCE_PARTITION_KEY}.type`]: 'enum',
        [`projection.${GLUE_FORCE_PARTITION_KEY}.values`]: FORCE_SLUGS.join(','),
        'storage.location.template': `${spec.location}force_code=\${${GLUE_FORCE_PARTITION_KEY}}/`,
      }
    : {};
  return {
    name: spec.name,
    description: spec.description,
    tableType: 'EXTERNAL_TABLE',
    parameters: { classification: 'parquet', EXTERNAL: 'TRUE', ...projection },
    partitionKeys: spec.partitionByForce ? [{ name: GLUE_FORCE_PARTITION_KEY, type: 'string' }] : [],
    storageDescriptor: {
      columns: glueColumns(spec.columns),
      location: spec.location,
      ...PARQUET_STORAGE,
    },
  };
}
