/**
 * SQL for the local query tables: a view over each table's Parquet files, typed by the lake schema
 * (store/lake-schema.ts, the same column list and neutral types the Glue tables are built from),
 * plus macros for the Athena functions DuckDB lacks, so that a query an auditor writes runs
 * unchanged locally and in Athena. Partitioning and timestamps: see store/lake-schema.ts.
 */
import { type ColumnList, DUCKDB_COLUMN_TYPES, type LakeTable } from '#store/lake-schema.ts';
import { quoteIdent, quoteLiteral } from '#store/sql-quote.ts';

/** A lake table as a view over these Parquet files (absolute paths), optionally only rows meeting `where`. */
export function lakeTableViewSql(table: LakeTable, files: readonly string[], where?: string | null): string {
  const body = parquetViewSql(table.columns, files);
  if (!where) return `CREATE VIEW ${table.name} AS ${body}`;
  return `CREATE VIEW ${table.name} AS SELECT * FROM (${body}) AS stored WHERE ${where}`;
}

/** The body of a table view over these Parquet files (absolute paths), typed by `columns`. */
export function parquetViewSql(columns: ColumnList, files: readonly string[]): string {
  const select = columns
    .map(([name, type]) => `CAST(${quoteIdent(name)} AS ${DUCKDB_COLUMN_TYPES[type]}) AS ${quoteIdent(name)}`)
    .join(',\n  ');
  if (files.length === 0) return emptyViewSql(columns);
  const list = files.map(quoteLiteral).join(', ');
  return `SELECT\n  ${select}\nFROM read_parquet([${list}], hive_partitioning = false, union_by_name = true)`;
}

/** A view body with the table's columns and no rows: the table before anything was written. */
export function emptyViewSql(columns: ColumnList): string {
  const select = columns
    .map(([name, type]) => `CAST(NULL AS ${DUCKDB_COLUMN_TYPES[type]}) AS ${quoteIdent(name)}`)
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
