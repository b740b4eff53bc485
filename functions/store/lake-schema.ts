/**
 * The lake's tables as every reader sees them: the local DuckDB views (adapters/duckdb/views.ts)
 * and the Glue tables Athena queries (lib/lake/glue-schema.ts) are both built from this one list
 * of names, columns and neutral column types, each through its own type mapping below, so the two
 * query surfaces cannot drift apart. The columns are the model's own (core/model *_COLUMNS), the
 * lists the Parquet writer uses.
 *
 * Partitioning decision: the Parquet files KEEP `force_code` (and `run_id`) as ordinary columns, and
 * locally the `force_code=<slug>/` (`run_id=<id>/`) directory names are NOT read as Hive partitions
 * (`hive_partitioning=false`), so there is exactly one `force_code` column and it comes from the
 * file. In Glue the same objects are a table whose data columns include `force_code`, partitioned
 * by a projection key with a DIFFERENT name (GLUE_FORCE_PARTITION_KEY, `force`, an enum,
 * `storage.location.template = .../force_code=${force}/`), because Glue forbids a partition key that
 * repeats a data column. Filtering on `force_code` works in both; in Athena, filtering on `force`
 * additionally prunes partitions. `force` does not exist locally.
 *
 * Timestamps: Parquet TIMESTAMP(MICROS, isAdjustedToUTC=false) holding UTC instants; DuckDB
 * TIMESTAMP and Glue `timestamp` (both zone-less). See adapters/parquet/codec.ts.
 */

import { ANNOTATION_COLUMNS } from '../core/model/annotations.ts';
import { FINDING_EVENT_COLUMNS } from '../core/model/finding-events.ts';
import { type ColumnType, FINDING_COLUMNS } from '../core/model/findings.ts';
import { RETURN_COLUMNS } from '../core/model/returns.ts';
import { RUN_COLUMNS } from '../core/model/runs.ts';
import { PREFIXES } from './layout.ts';

export type ColumnList = ReadonlyArray<readonly [string, ColumnType]>;

export type LakeTableName =
  | 'findings'
  | 'returns'
  | 'runs'
  | 'finding_events'
  | 'findings_history'
  | 'annotations';

export interface LakeTable {
  /** Table name in DuckDB and in Glue/Athena. */
  name: LakeTableName;
  /** Columns in file order, with their neutral types. */
  columns: ColumnList;
  /** Key prefix of the table's objects: its Glue location and what its readers are granted. */
  prefix: string;
  /** Objects live in `force_code=<slug>/` directories under the prefix. */
  partitionedByForce: boolean;
}

export const LAKE_TABLES: Readonly<Record<LakeTableName, LakeTable>> = {
  findings: {
    name: 'findings',
    columns: FINDING_COLUMNS,
    prefix: PREFIXES.findings,
    partitionedByForce: true,
  },
  returns: {
    name: 'returns',
    columns: RETURN_COLUMNS,
    prefix: PREFIXES.curatedReturns,
    partitionedByForce: true,
  },
  // Run ids are not enumerable, so runs has no partition key (see lib/constructs/findings-lake.ts).
  runs: { name: 'runs', columns: RUN_COLUMNS, prefix: PREFIXES.runs, partitionedByForce: false },
  finding_events: {
    name: 'finding_events',
    columns: FINDING_EVENT_COLUMNS,
    prefix: PREFIXES.findingEvents,
    partitionedByForce: true,
  },
  findings_history: {
    name: 'findings_history',
    columns: FINDING_COLUMNS,
    prefix: PREFIXES.findingsHistory,
    partitionedByForce: true,
  },
  // A few rows in all, read whole by every run: one object per annotation, no partitions.
  annotations: {
    name: 'annotations',
    columns: ANNOTATION_COLUMNS,
    prefix: PREFIXES.annotations,
    partitionedByForce: false,
  },
};

/** DuckDB type of each column type. */
export const DUCKDB_COLUMN_TYPES: Readonly<Record<ColumnType, string>> = {
  string: 'VARCHAR',
  double: 'DOUBLE',
  bigint: 'BIGINT',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
};

/** Glue/Athena (Hive DDL) type of each column type: the same physical Parquet columns. */
export const GLUE_COLUMN_TYPES: Readonly<Record<ColumnType, string>> = {
  string: 'string',
  double: 'double',
  bigint: 'bigint',
  boolean: 'boolean',
  timestamp: 'timestamp',
};

/** The partition projection key Glue uses for `force_code=<slug>/` directories (see header). */
export const GLUE_FORCE_PARTITION_KEY = 'force';
