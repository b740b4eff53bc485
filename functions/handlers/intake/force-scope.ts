/**
 * Per-force isolation of uploads. A force uploads under `uploads/<its slug>/`, and that prefix is
 * all the authority the upload carries: a file there may hold rows for that force only. A file with
 * any row for another force (a national table, a neighbour's return, a mistyped force column) is
 * rejected whole — quarantined with a report naming each foreign row — so that one force can never
 * add to, or supersede, another force's returns.
 */

import { IssueCollector } from '#core/ingest/issues.ts';
import type { ReadReturnResult } from '#core/model/ingest.ts';
import type { ReturnRow } from '#core/model/returns.ts';

/** The read result unchanged when every row is the uploading force's; otherwise a rejection. */
export function restrictToForce(result: ReadReturnResult, force: string, file: string): ReadReturnResult {
  if (!result.ok) return result;
  const foreignRows = result.rows.filter((r) => r.force_code !== force);
  const foreignTransitions = (result.transitions ?? []).filter((t) => t.force_code !== force);
  if (foreignRows.length === 0 && foreignTransitions.length === 0) return result;

  const issues = new IssueCollector(file);
  const byForce = countByForce(foreignRows);
  for (const t of foreignTransitions) if (!byForce.has(t.force_code)) byForce.set(t.force_code, 0);
  const listed = [...byForce.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([f, n]) => `${f} (${n} cell${n === 1 ? '' : 's'})`)
    .join(', ');
  issues.add(
    0,
    'force_code',
    null,
    `this file was uploaded for ${force} (uploads/${force}/) but holds rows for other forces: ${listed}. ` +
      `A force's upload may contain its own rows only; nothing from this file was applied`,
  );
  for (const row of [...foreignRows].sort((a, b) => a.source_line - b.source_line)) {
    issues.add(
      row.source_line,
      'force_code',
      row.force_code,
      `row is for ${row.force_code}, not ${force}: remove it, or have ${row.force_code} upload it to uploads/${row.force_code}/`,
    );
  }
  return {
    ok: false,
    report: {
      file,
      input_sha256: result.input_sha256,
      format: result.format,
      rows_read: result.rowsRead,
      issue_count: issues.count,
      issues: issues.issues,
      truncated: issues.truncated,
    },
    input_sha256: result.input_sha256,
    bytes: result.bytes,
  };
}

function countByForce(rows: readonly ReturnRow[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) out.set(r.force_code, (out.get(r.force_code) ?? 0) + 1);
  return out;
}
