/**
 * `auditor query`: one read-only SQL statement over the audit tables, printed as table, CSV or JSON;
 * locally (--out) with the embedded engine, optionally as every table stood at an instant (--as-of),
 * or with --athena over the deployed tables.
 */
import { openEngine, QueryRefusedError, TABLE_NAMES } from '../adapters/duckdb/engine.ts';
import { unknownTableMessage } from '../adapters/duckdb/unknown-table.ts';
import { formatRows, type OutputFormat } from '../adapters/output/format-rows.ts';
import { bindParameters, ParameterCountError } from '../queries/bind-parameters.ts';
import { requireAuditDir } from './audit-dir.ts';
import { UsageError } from './usage-error.ts';

export async function runQueryCommand(args: {
  sql: string;
  out?: string;
  format: OutputFormat;
  /** Values for `?` placeholders, bound in order as string literals. */
  params?: string[];
  athena?: { workgroup?: string; database?: string };
  /** Every table as it stood at this instant (local only). */
  asOf?: Date;
}): Promise<number> {
  const params = args.params ?? [];
  if (args.athena) {
    if (args.out) throw new UsageError('--out is the local audit directory; leave it out with --athena');
    if (args.asOf)
      throw new UsageError('--as-of works on the local audit directory (--out), not with --athena');
    const { workgroup, database } = args.athena;
    if (!workgroup || !database)
      throw new UsageError('--athena needs --workgroup <name> and --database <name>');
    // Loaded only here, so local queries do not load the AWS SDK.
    const { runAthenaQueryCommand } = await import('./query-athena.ts');
    return runAthenaQueryCommand({ sql: args.sql, workgroup, database, format: args.format, params });
  }
  if (!args.out)
    throw new UsageError('--out <dir> is required (or --athena with --workgroup and --database)');
  let sql = args.sql;
  if (params.length > 0) {
    try {
      sql = bindParameters(sql, params);
    } catch (err) {
      if (err instanceof ParameterCountError) throw new UsageError(err.message);
      throw err;
    }
  }
  await requireAuditDir(args.out);
  const engine = await openEngine(args.out, args.asOf ? { asOf: args.asOf } : {});
  try {
    const result = await engine.execute(sql).catch((err: unknown) => {
      // Refusals and SQL errors are the user's to fix: a clear message and exit code 2.
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof QueryRefusedError) throw new UsageError(message);
      throw new UsageError(unknownTableMessage(message, TABLE_NAMES) ?? `query failed: ${message}`);
    });
    const text = formatRows(result.rows, result.columns, args.format);
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return 0;
  } finally {
    engine.close();
  }
}
