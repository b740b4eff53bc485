/**
 * The embedded query engine: an in-memory DuckDB with the tables Athena sees (`findings`,
 * `returns`, `runs`, `returns_current`) as views over the Parquet files of a local `<out>`
 * directory, plus shims for the Athena functions DuckDB lacks.
 *
 * The user's SQL is untrusted and must not change anything on disk. Three layers:
 *  1. exactly one statement, and its parsed type must be SELECT (which covers DESCRIBE, SHOW,
 *     SUMMARIZE, VALUES, FROM-first queries and read-only PRAGMAs such as show_tables) or a plain
 *     EXPLAIN. EXPLAIN ANALYZE is refused: it executes its statement, including COPY.
 *  2. after the views are built, `enable_external_access=false` with `allowed_paths` set to the
 *     exact Parquet files behind the views and nothing else: no file elsewhere (raw uploads, the home
 *     directory) can be read, nor a curated file whose manifest was never written, nor a directory
 *     listed with glob. DuckDB checks these paths again each time a view reads its files, so the list
 *     is what keeps the views working. `temp_directory` is off: DuckDB lets SQL read its temporary
 *     directory (by default `.tmp` in the working directory, shared with any other DuckDB run from
 *     there) whatever the settings; a query too large for memory fails instead of spilling.
 *  3. `lock_configuration=true`, so SQL cannot switch the above back off.
 * The views are a snapshot of the files present when the engine was opened. A query refused for
 * reading a file is a QueryRefusedError that says the tables are what it can read.
 */
import { realpath, stat } from 'node:fs/promises';
import { type DuckDBConnection, DuckDBInstance, StatementType } from '@duckdb/node-api';
import { LAKE_TABLES } from '#store/lake-schema.ts';
import { RETURNS_CURRENT_SQL, RETURNS_CURRENT_VIEW } from '#store/returns-current.ts';
import { quoteLiteral } from '#store/sql-quote.ts';
import { listTableFiles, type TableFiles } from '../local/table-files.ts';
import { type JsonValue, toJsonValue } from './json-values.ts';
import { ATHENA_COMPAT_MACROS, lakeTableViewSql } from './views.ts';

export type { JsonValue } from './json-values.ts';

export interface QueryColumn {
  name: string;
  /** DuckDB type name, e.g. VARCHAR, DOUBLE, BIGINT, BOOLEAN, TIMESTAMP, DECIMAL(18,3). */
  type: string;
}

export interface QueryResult {
  columns: QueryColumn[];
  rows: Record<string, JsonValue>[];
}

export interface Engine {
  /** Absolute, symlink-resolved `<out>` directory. */
  readonly root: string;
  /** The Parquet files behind each table when the engine was opened. */
  readonly files: TableFiles;
  /** Runs one read-only statement; rows as plain JSON-able objects keyed by column name. */
  query(sql: string): Promise<Record<string, JsonValue>[]>;
  /** As query, with the result's column names and DuckDB types (in order). */
  execute(sql: string): Promise<QueryResult>;
  close(): void;
}

/** The statement was refused before running: not a single read-only query. */
export class QueryRefusedError extends Error {
  override name = 'QueryRefusedError';
}

export const TABLE_NAMES = ['findings', 'returns', 'runs', 'annotations', 'returns_current'] as const;

export async function openEngine(outDir: string): Promise<Engine> {
  let root: string;
  try {
    root = await realpath(outDir);
    if (!(await stat(root)).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new Error(`output directory not found: ${outDir}`);
  }
  const files = await listTableFiles(root);
  const instance = await DuckDBInstance.create(':memory:');
  let connection: DuckDBConnection | null = null;
  try {
    connection = await instance.connect();
    const setup = [
      "SET temp_directory = ''",
      // Athena sessions run in UTC; so do TIMESTAMP WITH TIME ZONE casts here.
      "SET TimeZone = 'UTC'",
      ...Object.values(LAKE_TABLES).map((table) => lakeTableViewSql(table, files[table.name])),
      `CREATE VIEW ${RETURNS_CURRENT_VIEW} AS ${RETURNS_CURRENT_SQL}`,
      ...ATHENA_COMPAT_MACROS,
      `SET allowed_paths = [${Object.values(files).flat().map(quoteLiteral).join(', ')}]`,
      'SET enable_external_access = false',
      'SET autoinstall_known_extensions = false',
      'SET autoload_known_extensions = false',
      'SET lock_configuration = true',
    ];
    for (const sql of setup) await connection.run(sql);
  } catch (err) {
    connection?.closeSync();
    instance.closeSync();
    throw err;
  }
  const con = connection;

  let closed = false;
  const execute = async (sql: string): Promise<QueryResult> => {
    if (closed) throw new Error('engine is closed');
    const statements = await extract(con, sql);
    if (statements.count !== 1)
      throw new QueryRefusedError(`one statement at a time (got ${statements.count})`);
    let prepared: Awaited<ReturnType<typeof statements.prepare>>;
    try {
      prepared = await statements.prepare(0);
    } catch (err) {
      // Preparing binds the statement, so e.g. INSERT INTO a view fails here with a catalog error;
      // name the real reason when the statement is not a query at all.
      const keyword = firstKeyword(sql);
      if (keyword && !READ_KEYWORDS.has(keyword)) {
        throw new QueryRefusedError(
          `only read-only queries are allowed (SELECT, WITH, DESCRIBE, SHOW, EXPLAIN); got ${keyword}`,
        );
      }
      explainPermissionError(err);
    }
    try {
      assertReadOnly(prepared.statementType, sql);
      const reader = await prepared.runAndReadAll().catch(explainPermissionError);
      const names = reader.deduplicatedColumnNames();
      const columns = names.map((name, i) => ({ name, type: reader.columnType(i).toString() }));
      return { columns, rows: reader.convertRowObjects(toJsonValue) as Record<string, JsonValue>[] };
    } finally {
      prepared.destroySync();
    }
  };

  return {
    root,
    files,
    execute,
    query: async (sql) => (await execute(sql)).rows,
    close() {
      if (closed) return;
      closed = true;
      con.closeSync();
      instance.closeSync();
    },
  };
}

/** DuckDB's "file system operations are disabled" as a refusal that says what a query can read. */
function explainPermissionError(err: unknown): never {
  const message = err instanceof Error ? err.message : String(err);
  if (/^Permission Error/.test(message)) {
    const detail = message.split('\n')[0]!.replace(/^Permission Error: /, '');
    throw new QueryRefusedError(`queries read the tables (${TABLE_NAMES.join(', ')}), not files: ${detail}`);
  }
  throw err;
}

const READ_KEYWORDS = new Set([
  'SELECT',
  'WITH',
  'FROM',
  'VALUES',
  'TABLE',
  'DESCRIBE',
  'SHOW',
  'SUMMARIZE',
  'EXPLAIN',
  'PRAGMA',
]);

/** The first word of the statement, past comments and opening parentheses, upper-cased. */
function firstKeyword(sql: string): string | null {
  const rest = sql.replace(/^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/|\()*/, '');
  const m = /^[A-Za-z_]+/.exec(rest);
  return m ? m[0].toUpperCase() : null;
}

/** Splits the SQL into statements; none at all (blank, only `;` or comments) is refused. */
async function extract(con: DuckDBConnection, sql: string) {
  try {
    return await con.extractStatements(sql);
  } catch (err) {
    const message = (err as Error).message;
    // The binding reports zero statements only as this generic failure.
    if (message === 'Error in native callback') throw new QueryRefusedError('no SQL statement given');
    throw new Error(message.replace(/^Failed to extract statements: /, ''));
  }
}

function assertReadOnly(type: StatementType, sql: string): void {
  if (type === StatementType.SELECT) return;
  if (type === StatementType.EXPLAIN) {
    // Conservative: any mention of ANALYZE refuses, wherever comments put it.
    if (/analy[sz]e/i.test(sql))
      throw new QueryRefusedError('EXPLAIN ANALYZE is not allowed (it executes the statement)');
    return;
  }
  const name = StatementType[type] ?? String(type);
  throw new QueryRefusedError(
    `only read-only queries are allowed (SELECT, WITH, DESCRIBE, SHOW, EXPLAIN); got ${name}`,
  );
}
