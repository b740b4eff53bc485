/**
 * The SQL that makes the query tables: one view per lake table over its Parquet files, then the
 * derived views (`returns_current`, `finding_status`). With an instant, every table as it stood
 * then (as-of.ts); the derived views follow, since they are built over the filtered tables.
 */
import { FINDING_STATUS_SQL, FINDING_STATUS_VIEW } from '#store/finding-status.ts';
import { LAKE_TABLES } from '#store/lake-schema.ts';
import { RETURNS_CURRENT_SQL, RETURNS_CURRENT_VIEW } from '#store/returns-current.ts';
import { LocalRunsRepository } from '../local/runs-repository.ts';
import type { TableFiles } from '../local/table-files.ts';
import { asOfCondition, asOfFindingsFiles, timestampLiteral } from './as-of.ts';
import { lakeTableViewSql } from './views.ts';

export const DERIVED_VIEWS = [RETURNS_CURRENT_VIEW, FINDING_STATUS_VIEW] as const;

export async function tableViewsSql(root: string, files: TableFiles, asOf?: Date): Promise<string[]> {
  const at = asOf ? timestampLiteral(asOf) : null;
  let findings = files.findings;
  if (asOf) {
    const runs = await new LocalRunsRepository(root).loadAll();
    findings = asOfFindingsFiles(root, files, new Map(runs.map((r) => [r.run_id, r.started_at])), asOf);
  }
  return [
    ...Object.values(LAKE_TABLES).map((table) =>
      lakeTableViewSql(
        table,
        table.name === 'findings' ? findings : files[table.name],
        at ? asOfCondition(table.name, at) : null,
      ),
    ),
    `CREATE VIEW ${RETURNS_CURRENT_VIEW} AS ${RETURNS_CURRENT_SQL}`,
    `CREATE VIEW ${FINDING_STATUS_VIEW} AS ${FINDING_STATUS_SQL}`,
  ];
}
