/**
 * The tables as they stood at an instant T (`auditor query --as-of`, contract §4):
 *   returns            revisions submitted by T (submitted_at ≤ T), so returns_current is T's too;
 *   runs               runs started by T;
 *   finding_events     events created by T, so finding_status is T's too;
 *   annotations        annotations recorded by T;
 *   findings_history   what the runs started by T reported;
 *   findings           for each force, what the latest run started by T that audited it reported
 *                      (its findings_history file). Their run_id is that run's, as in findings_history.
 * A finding stored before findings_history existed has no history and is absent from an as-of view.
 */
import { relative, sep } from 'node:path';
import type { LakeTableName } from '#store/lake-schema.ts';
import { parseFindingsHistoryKey } from '#store/layout.ts';
import type { TableFiles } from '../local/table-files.ts';

/** The SQL condition that keeps a table's rows as of T (a TIMESTAMP literal), or null for none. */
export function asOfCondition(table: LakeTableName, at: string): string | null {
  switch (table) {
    case 'returns':
      return `"submitted_at" <= ${at}`;
    case 'runs':
      return `"started_at" <= ${at}`;
    case 'finding_events':
    case 'annotations':
      return `"created_at" <= ${at}`;
    case 'findings_history':
      return `"run_id" IN (SELECT "run_id" FROM runs)`;
    case 'findings':
      return null;
  }
}

/** A TIMESTAMP literal for an instant (UTC, millisecond precision, as the tables hold them). */
export function timestampLiteral(at: Date): string {
  return `TIMESTAMP '${at.toISOString().replace('T', ' ').replace('Z', '')}'`;
}

/**
 * The findings_history files that make up `findings` as of T: per force, the file of the run with
 * the latest start by T (ties by run id). `started` maps run ids to their start.
 */
export function asOfFindingsFiles(
  root: string,
  files: TableFiles,
  started: ReadonlyMap<string, Date>,
  at: Date,
): string[] {
  const best = new Map<string, { file: string; start: number; runId: string }>();
  for (const file of files.findings_history) {
    const key = parseFindingsHistoryKey(relative(root, file).split(sep).join('/'));
    const start = key ? started.get(key.runId)?.getTime() : undefined;
    if (!key || start === undefined || start > at.getTime()) continue;
    const prior = best.get(key.force);
    if (!prior || start > prior.start || (start === prior.start && key.runId > prior.runId))
      best.set(key.force, { file, start, runId: key.runId });
  }
  return [...best.values()].map((b) => b.file).sort();
}
