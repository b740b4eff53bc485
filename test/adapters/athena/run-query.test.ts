/** The Athena adapter and `auditor query --athena`, against a mocked Athena (aws-sdk-client-mock). */

import {
  AthenaClient,
  GetQueryExecutionCommand,
  type GetQueryExecutionCommandOutput,
  GetQueryResultsCommand,
  type QueryExecutionState,
  type QueryExecutionStatus,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AthenaQueryError, convert, runAthenaQuery } from '#adapters/athena/run-query.ts';
import { runQueryCommand } from '#cli/query-command.ts';
import { UsageError } from '#cli/usage-error.ts';

const athena = mockClient(AthenaClient);
const client = new AthenaClient({ region: 'eu-west-2' });

const COLUMNS = [
  { Name: 'force_code', Type: 'varchar' },
  { Name: 'n', Type: 'bigint' },
  { Name: 'share', Type: 'double' },
  { Name: 'near_target', Type: 'boolean' },
  { Name: 'amount', Type: 'decimal', Precision: 10, Scale: 2 },
];

function row(...values: Array<string | undefined>) {
  return { Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })) };
}

function state(State: QueryExecutionState, extra: QueryExecutionStatus = {}): GetQueryExecutionCommandOutput {
  return {
    $metadata: {},
    QueryExecution: {
      QueryExecutionId: 'q-1',
      StatementType: 'DML',
      Status: { State, ...extra },
      Statistics: { DataScannedInBytes: 1234 },
    },
  };
}

beforeEach(() => {
  athena.reset();
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
});
afterEach(() => vi.restoreAllMocks());

function twoPages() {
  athena
    .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: undefined })
    .resolves({
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: COLUMNS },
        Rows: [
          row('force_code', 'n', 'share', 'near_target', 'amount'),
          row('kent', '12', '0.25', 'true', '1.50'),
        ],
      },
      NextToken: 'page-2',
    })
    .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: 'page-2' })
    .resolves({
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: COLUMNS },
        Rows: [row('essex', '9007199254740993', 'NaN', 'false', undefined)],
      },
    });
}

describe('runAthenaQuery', () => {
  it('starts, polls with growing delays until SUCCEEDED, and reads every page (header dropped once)', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(state('QUEUED'))
      .resolvesOnce(state('RUNNING'))
      .resolvesOnce(state('RUNNING'))
      .resolves(state('SUCCEEDED'));
    twoPages();
    const delays: number[] = [];
    const result = await runAthenaQuery(client, {
      sql: 'SELECT * FROM findings WHERE force_code = ?',
      workgroup: 'auditors',
      database: 'crime_audit',
      parameters: ["'kent'"],
      initialDelayMs: 100,
      maxDelayMs: 300,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });

    expect(delays).toEqual([100, 200, 300]);
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryString: 'SELECT * FROM findings WHERE force_code = ?',
      WorkGroup: 'auditors',
      QueryExecutionContext: { Database: 'crime_audit' },
      ExecutionParameters: ["'kent'"],
    });
    expect(result.columns.map((c) => c.type)).toEqual([
      'VARCHAR',
      'BIGINT',
      'DOUBLE',
      'BOOLEAN',
      'DECIMAL(10,2)',
    ]);
    expect(result.rows).toEqual([
      { force_code: 'kent', n: 12, share: 0.25, near_target: true, amount: '1.50' },
      { force_code: 'essex', n: '9007199254740993', share: null, near_target: false, amount: null },
    ]);
    expect(result.dataScannedBytes).toBe(1234);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(2);
  });

  it('keeps the first row of statements whose results have no header row (SHOW, DESCRIBE)', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolves({ QueryExecution: { StatementType: 'UTILITY', Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: [{ Name: 'tab_name', Type: 'string' }] },
        Rows: [row('findings'), row('returns')],
      },
    });
    const result = await runAthenaQuery(client, {
      sql: 'SHOW TABLES',
      workgroup: 'w',
      sleep: async () => undefined,
    });
    expect(result.rows).toEqual([{ tab_name: 'findings' }, { tab_name: 'returns' }]);
  });

  it.each<[QueryExecutionState, QueryExecutionStatus, RegExp]>([
    [
      'FAILED',
      { AthenaError: { ErrorMessage: "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved" } },
      /FAILED: COLUMN_NOT_FOUND/,
    ],
    [
      'CANCELLED',
      { StateChangeReason: 'Query was cancelled by user' },
      /CANCELLED: Query was cancelled by user/,
    ],
  ])('reports a %s query with Athena’s reason', async (s, extra, message) => {
    athena.on(GetQueryExecutionCommand).resolves(state(s, extra));
    const run = runAthenaQuery(client, { sql: 'SELECT nope', workgroup: 'w', sleep: async () => undefined });
    await expect(run).rejects.toThrow(AthenaQueryError);
    await expect(run).rejects.toThrow(message);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  it('stops a query still running at the deadline', async () => {
    athena.on(GetQueryExecutionCommand).resolves(state('RUNNING'));
    athena.on(StopQueryExecutionCommand).resolves({});
    let now = 0;
    const run = runAthenaQuery(client, {
      sql: 'SELECT 1',
      workgroup: 'w',
      timeoutMs: 1_000,
      initialDelayMs: 300,
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AthenaQueryError', state: 'TIMEOUT' });
    expect(athena.commandCalls(StopQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryExecutionId: 'q-1',
    });
    expect(athena.commandCalls(GetQueryExecutionCommand).length).toBeLessThanOrEqual(3);
  });

  it('converts Athena text by column type', () => {
    expect(convert('42', 'INTEGER')).toBe(42);
    expect(convert('-1.5e3', 'DOUBLE')).toBe(-1500);
    expect(convert('Infinity', 'REAL')).toBeNull();
    expect(convert('2026-01-01 00:00:00.000', 'TIMESTAMP')).toBe('2026-01-01 00:00:00.000');
  });
});

describe('auditor query --athena', () => {
  function captureStdout() {
    const chunks: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    });
    return chunks;
  }

  it('runs the query in the workgroup and prints the same --format output as locally', async () => {
    athena.on(GetQueryExecutionCommand).resolves(state('SUCCEEDED'));
    twoPages();
    const out = captureStdout();
    const code = await runQueryCommand({
      sql: '-- peers\nSELECT * FROM findings WHERE force_code = ?',
      format: 'json',
      params: ['kent'],
      athena: { workgroup: 'auditors', database: 'crime_audit' },
    });
    expect(code).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual([
      { force_code: 'kent', n: 12, share: 0.25, near_target: true, amount: '1.50' },
      { force_code: 'essex', n: '9007199254740993', share: null, near_target: false, amount: null },
    ]);
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input.ExecutionParameters).toEqual([
      "'kent'",
    ]);
  });

  it('refuses what it cannot run, with a usage error', async () => {
    const athenaArgs = { workgroup: 'w', database: 'd' };
    await expect(
      runQueryCommand({ sql: 'DROP TABLE findings', format: 'table', athena: athenaArgs }),
    ).rejects.toThrow(/only read-only queries/);
    await expect(
      runQueryCommand({ sql: 'EXPLAIN ANALYZE SELECT 1', format: 'table', athena: athenaArgs }),
    ).rejects.toThrow(UsageError);
    await expect(runQueryCommand({ sql: 'SELECT ?', format: 'table', athena: athenaArgs })).rejects.toThrow(
      /1 "\?" placeholder/,
    );
    await expect(
      runQueryCommand({ sql: 'SELECT 1', format: 'table', athena: { workgroup: 'w' } }),
    ).rejects.toThrow(/--database/);
    await expect(
      runQueryCommand({ sql: 'SELECT 1', format: 'table', out: '.audit', athena: athenaArgs }),
    ).rejects.toThrow(/--out/);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });

  it('turns a failed Athena query into a usage error (exit 2) with the reason', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolves(state('FAILED', { AthenaError: { ErrorMessage: 'TABLE_NOT_FOUND: findingz' } }));
    await expect(
      runQueryCommand({
        sql: 'SELECT * FROM findingz',
        format: 'table',
        athena: { workgroup: 'w', database: 'd' },
      }),
    ).rejects.toThrow(/query failed: .*TABLE_NOT_FOUND/);
  });
});
