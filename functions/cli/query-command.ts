/** `auditor query`: one read-only SQL statement over the audit tables, printed as table, CSV or JSON. */
import { openEngine, QueryRefusedError } from '../adapters/duckdb/engine.ts';
import { formatRows, type OutputFormat } from '../adapters/output/format-rows.ts';
import { requireAuditDir } from './audit-dir.ts';
import { UsageError } from './usage-error.ts';

export async function runQueryCommand(args: {
  sql: string;
  out: string;
  format: OutputFormat;
}): Promise<number> {
  await requireAuditDir(args.out);
  const engine = await openEngine(args.out);
  try {
    const result = await engine.execute(args.sql).catch((err: unknown) => {
      // Refusals and SQL errors are the user's to fix: a clear message and exit code 2.
      const message = err instanceof Error ? err.message : String(err);
      throw new UsageError(err instanceof QueryRefusedError ? message : `query failed: ${message}`);
    });
    const text = formatRows(result.rows, result.columns, args.format);
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return 0;
  } finally {
    engine.close();
  }
}
