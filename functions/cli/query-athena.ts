/**
 * `auditor query --athena --workgroup W --database D "<SQL>"`: the same query command over the
 * deployed tables in Athena instead of a local audit directory, printed with the same --format
 * output. Credentials and region come from the usual AWS chain (AWS_PROFILE, AWS_REGION, ...).
 *
 * Only read-only statements are sent (as locally), checked on the first keyword; the workgroup's
 * IAM permissions are the real boundary. `--param` values bind the `?` placeholders as string
 * literals (Athena execution parameters).
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { AthenaQueryError, runAthenaQuery } from '../adapters/athena/run-query.ts';
import { formatRows, type OutputFormat } from '../adapters/output/format-rows.ts';
import { asExecutionParameters, placeholderOffsets } from '../queries/bind-parameters.ts';
import { UsageError } from './usage-error.ts';

export interface AthenaQueryArgs {
  sql: string;
  workgroup: string;
  database: string;
  format: OutputFormat;
  params: readonly string[];
  /** Injected in tests; by default a client from the environment's region and credentials. */
  client?: AthenaClient;
  write?: (text: string) => void;
}

const READ_ONLY = new Set(['SELECT', 'WITH', 'SHOW', 'DESCRIBE', 'EXPLAIN', 'VALUES', 'TABLE']);

export async function runAthenaQueryCommand(args: AthenaQueryArgs): Promise<number> {
  const keyword = firstKeyword(args.sql);
  if (!keyword) throw new UsageError('no SQL statement given');
  if (!READ_ONLY.has(keyword) || /^\s*EXPLAIN\s+ANALY[SZ]E/i.test(stripComments(args.sql))) {
    throw new UsageError(
      `only read-only queries are sent to Athena (SELECT, WITH, SHOW, DESCRIBE, EXPLAIN); got ${keyword}`,
    );
  }
  const placeholders = placeholderOffsets(args.sql).length;
  if (placeholders !== args.params.length) {
    throw new UsageError(
      `the query has ${placeholders} "?" placeholder(s) but ${args.params.length} --param value(s) were given`,
    );
  }
  const client = args.client ?? new AthenaClient({});
  try {
    const result = await runAthenaQuery(client, {
      sql: args.sql,
      workgroup: args.workgroup,
      database: args.database,
      parameters: asExecutionParameters(args.params),
    });
    const text = formatRows(result.rows, result.columns, args.format);
    (args.write ?? ((t: string) => process.stdout.write(t)))(text.endsWith('\n') ? text : `${text}\n`);
    return 0;
  } catch (err) {
    // A failed or cancelled query is the user's SQL (or data) to fix: exit 2 with Athena's reason.
    if (err instanceof AthenaQueryError) throw new UsageError(`query failed: ${err.message}`);
    throw err;
  } finally {
    if (!args.client) client.destroy();
  }
}

function stripComments(sql: string): string {
  return sql.replace(/^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/|\()*/, '');
}

function firstKeyword(sql: string): string | null {
  const m = /^[A-Za-z_]+/.exec(stripComments(sql));
  return m ? m[0].toUpperCase() : null;
}
