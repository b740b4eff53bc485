/**
 * One SQL statement in Athena, start to rows: StartQueryExecution, poll GetQueryExecution with
 * exponential backoff (bounded: a query still running at the deadline is stopped and reported),
 * then every page of GetQueryResults turned into row objects typed from the result metadata.
 *
 * Athena returns every value as text (VarCharValue), a missing value as null, and for DML (SELECT)
 * the column labels again as the first row of the first page: that row is dropped. Integer types
 * become numbers when exact (else stay decimal text), floating types numbers, booleans booleans;
 * decimals, dates, timestamps and nested values stay as Athena printed them.
 */
import {
  type AthenaClient,
  type ColumnInfo,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type QueryExecution,
  type Row,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';

export type AthenaValue = string | number | boolean | null;

export interface AthenaColumn {
  name: string;
  /** Athena's type name upper-cased (VARCHAR, BIGINT, DOUBLE, DECIMAL(10,2), ...), as DuckDB spells them. */
  type: string;
}

export interface AthenaQueryRequest {
  sql: string;
  workgroup: string;
  /** Glue database the unqualified table names resolve in. */
  database?: string;
  catalog?: string;
  /** Values for the `?` placeholders, in order, as SQL literal text (a string is `'kent'`). */
  parameters?: readonly string[];
  /** First poll delay, doubled after each poll up to maxDelayMs (defaults 250 ms and 5 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** How long to wait for a result before stopping the query (default 10 minutes). */
  timeoutMs?: number;
  /** Rows per GetQueryResults page (Athena's maximum and the default is 1000). */
  pageSize?: number;
  /** Injected in tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface AthenaQueryResult {
  queryExecutionId: string;
  columns: AthenaColumn[];
  rows: Record<string, AthenaValue>[];
  /** Bytes scanned (what Athena bills), when reported. */
  dataScannedBytes: number | null;
}

/** The query ended FAILED or CANCELLED, or did not finish in time; the message says which and why. */
export class AthenaQueryError extends Error {
  override name = 'AthenaQueryError';
  constructor(
    message: string,
    readonly queryExecutionId: string,
    readonly state: string,
  ) {
    super(message);
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runAthenaQuery(
  client: AthenaClient,
  req: AthenaQueryRequest,
): Promise<AthenaQueryResult> {
  const sleep = req.sleep ?? defaultSleep;
  const now = req.now ?? Date.now;
  const maxDelay = req.maxDelayMs ?? 5_000;
  const deadline = now() + (req.timeoutMs ?? 600_000);

  const started = await client.send(
    new StartQueryExecutionCommand({
      QueryString: req.sql,
      WorkGroup: req.workgroup,
      ...(req.database || req.catalog
        ? {
            QueryExecutionContext: {
              ...(req.database ? { Database: req.database } : {}),
              ...(req.catalog ? { Catalog: req.catalog } : {}),
            },
          }
        : {}),
      ...(req.parameters && req.parameters.length > 0 ? { ExecutionParameters: [...req.parameters] } : {}),
    }),
  );
  const id = started.QueryExecutionId;
  if (!id) throw new Error('Athena did not return a query execution id');

  let delay = req.initialDelayMs ?? 250;
  let execution: QueryExecution | undefined;
  for (;;) {
    const out = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    execution = out.QueryExecution;
    const state = execution?.Status?.State ?? 'UNKNOWN';
    if (state === 'SUCCEEDED') break;
    if (state === 'FAILED' || state === 'CANCELLED') {
      const reason =
        execution?.Status?.AthenaError?.ErrorMessage ??
        execution?.Status?.StateChangeReason ??
        'no reason given';
      throw new AthenaQueryError(`Athena query ${id} ${state}: ${reason}`, id, state);
    }
    if (now() + delay > deadline) {
      await client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => undefined);
      throw new AthenaQueryError(
        `Athena query ${id} still ${state} after ${Math.round((req.timeoutMs ?? 600_000) / 1000)} s: stopped`,
        id,
        'TIMEOUT',
      );
    }
    await sleep(delay);
    delay = Math.min(delay * 2, maxDelay);
  }

  const dropHeader = execution?.StatementType === 'DML';
  let columns: AthenaColumn[] | null = null;
  let info: ColumnInfo[] = [];
  const rows: Record<string, AthenaValue>[] = [];
  let token: string | undefined;
  let first = true;
  do {
    const page = await client.send(
      new GetQueryResultsCommand({
        QueryExecutionId: id,
        MaxResults: req.pageSize ?? 1000,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    if (columns === null) {
      info = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      columns = info.map((c) => ({ name: c.Name ?? c.Label ?? '', type: typeName(c) }));
    }
    const pageRows: Row[] = page.ResultSet?.Rows ?? [];
    for (const [i, row] of pageRows.entries()) {
      if (first && i === 0 && dropHeader) continue;
      rows.push(toRow(row, columns, info));
    }
    first = false;
    token = page.NextToken;
  } while (token);

  const scanned = execution?.Statistics?.DataScannedInBytes;
  return {
    queryExecutionId: id,
    columns: columns ?? [],
    rows,
    dataScannedBytes: typeof scanned === 'number' ? scanned : null,
  };
}

function typeName(c: ColumnInfo): string {
  const base = (c.Type ?? 'varchar').toUpperCase();
  return base === 'DECIMAL' && c.Precision !== undefined ? `DECIMAL(${c.Precision},${c.Scale ?? 0})` : base;
}

const INTEGER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'INT', 'BIGINT']);
const FLOAT_TYPES = new Set(['DOUBLE', 'FLOAT', 'REAL']);

function toRow(row: Row, columns: AthenaColumn[], info: ColumnInfo[]): Record<string, AthenaValue> {
  const out: Record<string, AthenaValue> = {};
  const data = row.Data ?? [];
  for (const [i, col] of columns.entries()) {
    const text = data[i]?.VarCharValue;
    out[col.name] = text === undefined ? null : convert(text, (info[i]?.Type ?? 'varchar').toUpperCase());
  }
  return out;
}

/** Athena's text for one value → a JSON-able value by the column's type. */
export function convert(text: string, type: string): AthenaValue {
  if (INTEGER_TYPES.has(type)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : text;
  }
  if (FLOAT_TYPES.has(type)) {
    const n = Number(text);
    return Number.isFinite(n) ? n : null;
  }
  if (type === 'BOOLEAN') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}
