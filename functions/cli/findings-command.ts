/** `auditor findings`: every finding with its status, printed as the query command prints (table, CSV, JSON). */
import { openEngine } from '../adapters/duckdb/engine.ts';
import { formatRows, type OutputFormat } from '../adapters/output/format-rows.ts';
import { FINDING_STATUSES } from '../core/model/finding-events.ts';
import { resolveForce } from '../core/reference/forces.ts';
import { findingsWithStatusSql } from '../store/findings-with-status.ts';
import { quoteLiteral } from '../store/sql-quote.ts';
import { requireAuditDir } from './audit-dir.ts';
import { UsageError } from './usage-error.ts';

export async function runFindingsCommand(args: {
  out: string;
  force?: string;
  status?: string;
  format: OutputFormat;
}): Promise<number> {
  const where: string[] = [];
  if (args.force !== undefined) {
    const force = resolveForce(args.force);
    if (!force) throw new UsageError(`unknown force: ${args.force}`);
    where.push(`"force_code" = ${quoteLiteral(force.slug)}`);
  }
  if (args.status !== undefined) {
    if (!(FINDING_STATUSES as readonly string[]).includes(args.status)) {
      throw new UsageError(`unknown status: ${args.status} (one of ${FINDING_STATUSES.join(', ')})`);
    }
    where.push(`"status" = ${quoteLiteral(args.status)}`);
  }
  await requireAuditDir(args.out);
  const engine = await openEngine(args.out);
  try {
    const result = await engine.execute(findingsWithStatusSql(where));
    const text = formatRows(result.rows, result.columns, args.format);
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return 0;
  } finally {
    engine.close();
  }
}
