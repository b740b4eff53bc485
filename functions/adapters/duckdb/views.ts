/**
 * SQL for the query tables, shared by the embedded DuckDB engine and (for `returns_current`) the
 * Athena view, so that a query an auditor writes runs unchanged in both places.
 *
 * Tables and columns: `findings`, `returns`, `runs` have exactly the columns of FINDING_COLUMNS,
 * RETURN_COLUMNS and RUN_COLUMNS, in that order, typed by COLUMN_SQL_TYPES.
 *
 * Partitioning decision: the Parquet files KEEP `force_code` (and `run_id`) as ordinary columns, and
 * locally the `force_code=<slug>/` (`run_id=<id>/`) directory names are NOT read as Hive partitions
 * (`hive_partitioning=false`), so there is exactly one `force_code` column and it comes from the
 * file. In Glue the same objects are a table whose data columns include `force_code`, partitioned
 * by a projection key with a DIFFERENT name (`force` for findings/returns, e.g. injected or enum,
 * `storage.location.template = .../force_code=${force}/`), because Glue forbids a partition key that
 * repeats a data column. Filtering on `force_code` works in both; in Athena, filtering on `force`
 * additionally prunes partitions. `force` does not exist locally.
 *
 * Timestamps: Parquet TIMESTAMP(MICROS, isAdjustedToUTC=false) holding UTC instants; DuckDB
 * TIMESTAMP and Glue `timestamp` (both zone-less). See parquet/codec.ts.
 */
import type { ColumnType } from '../../core/model/findings.ts';
import { RETURN_COLUMNS } from '../../core/model/returns.ts';
import type { ColumnList } from '../parquet/codec.ts';

/** DuckDB type of each column type. */
export const COLUMN_SQL_TYPES: Readonly<Record<ColumnType, string>> = {
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

/** A double-quoted identifier: valid in DuckDB and Trino/Athena. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A single-quoted SQL string literal. */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * `returns_current`: for every force × period_start × grain × level, the rows of the revision with
 * the latest `submitted_at`; on equal times the greater `input_sha256` wins, so the choice is
 * deterministic. Superseded rows stay in `returns`. Plain window-function SQL, valid in DuckDB and
 * Athena (Trino): no QUALIFY, no `* EXCLUDE`.
 */
export const RETURNS_CURRENT_SQL = `SELECT ${RETURN_COLUMNS.map(([name]) => quoteIdent(name)).join(', ')}
FROM (
  SELECT r.*,
    DENSE_RANK() OVER (
      PARTITION BY r."force_code", r."period_start", r."grain", r."level"
      ORDER BY r."submitted_at" DESC, r."input_sha256" DESC
    ) AS revision_rank
  FROM returns r
) ranked
WHERE revision_rank = 1`;

/** The body of a table view over these Parquet files (absolute paths), typed by `columns`. */
export function parquetViewSql(columns: ColumnList, files: readonly string[]): string {
  const select = columns
    .map(([name, type]) => `CAST(${quoteIdent(name)} AS ${COLUMN_SQL_TYPES[type]}) AS ${quoteIdent(name)}`)
    .join(',\n  ');
  if (files.length === 0) return emptyViewSql(columns);
  const list = files.map(quoteLiteral).join(', ');
  return `SELECT\n  ${select}\nFROM read_parquet([${list}], hive_partitioning = false, union_by_name = true)`;
}

/** A view body with the table's columns and no rows: the table before anything was written. */
export function emptyViewSql(columns: ColumnList): string {
  const select = columns
    .map(([name, type]) => `CAST(NULL AS ${COLUMN_SQL_TYPES[type]}) AS ${quoteIdent(name)}`)
    .join(',\n  ');
  return `SELECT\n  ${select}\nWHERE false`;
}

/** Trino/MySQL date specifiers → strftime/strptime ones. `%M` (month name) goes before `%i` → `%M`. */
const MYSQL_SPECIFIERS: ReadonlyArray<readonly [string, string]> = [
  ['%M', '%B'],
  ['%W', '%A'],
  ['%i', '%M'],
  ['%s', '%S'],
  ['%T', '%H:%M:%S'],
  ['%c', '%m'],
  ['%e', '%d'],
  ['%k', '%H'],
  ['%h', '%I'],
];

/** Translates a Trino date format to strftime's (TypeScript side, for constant formats). */
export function trinoToStrftime(format: string): string {
  return MYSQL_SPECIFIERS.reduce((acc, [from, to]) => acc.replaceAll(from, to), format);
}

/** The same translation as an SQL expression over `expr`. */
function trinoToStrftimeSql(expr: string): string {
  return MYSQL_SPECIFIERS.reduce((acc, [from, to]) => `replace(${acc}, '${from}', '${to}')`, expr);
}

/**
 * The date_parse formats supported locally. DuckDB's strptime insists on a format fixed when the
 * query is bound, even inside a macro, so date_parse is a CASE over these (an unlisted format
 * raises an error naming it) rather than a general translation.
 */
export const DATE_PARSE_FORMATS: readonly string[] = [
  '%Y-%m',
  '%Y%m',
  '%Y',
  '%Y-%m-%d',
  '%Y%m%d',
  '%Y/%m/%d',
  '%d/%m/%Y',
  '%m/%d/%Y',
  '%d-%m-%Y',
  '%Y-%m-%d %H:%i',
  '%Y-%m-%d %H:%i:%s',
  '%Y-%m-%d %T',
  '%Y-%m-%dT%H:%i:%s',
  '%Y-%m-%d %H:%i:%s.%f',
  '%d/%m/%Y %H:%i:%s',
];

/**
 * Athena (Trino) functions DuckDB lacks, as macros, so auditors' Athena queries run locally.
 * date_parse/date_format take Trino's MySQL-style specifiers (%i minutes, %s seconds, %T time).
 */
export const ATHENA_COMPAT_MACROS: readonly string[] = [
  'CREATE MACRO approx_percentile(x, p) AS approx_quantile(x, p)',
  'CREATE MACRO regexp_like(s, pattern) AS regexp_matches(s, pattern)',
  `CREATE MACRO date_parse(s, fmt) AS CASE fmt ${DATE_PARSE_FORMATS.map(
    (f) => `WHEN ${quoteLiteral(f)} THEN strptime(s, ${quoteLiteral(trinoToStrftime(f))})`,
  ).join(' ')} ELSE error('date_parse: format not supported locally: ' || fmt) END`,
  `CREATE MACRO date_format(ts, fmt) AS strftime(ts, ${trinoToStrftimeSql('fmt')})`,
  // Trino returns timestamp(3) with time zone; the session zone is UTC, as in Athena.
  'CREATE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)',
  'CREATE MACRO from_iso8601_date(s) AS CAST(s AS DATE)',
];
