/**
 * Every finding with its status (`auditor findings`): the current findings, and the ones resolved
 * since, as the last run that reported them saw them; each with the status its latest event gives
 * (`open` for a current finding stored before the lifecycle existed, which has no event). Plain SQL
 * over the lake tables, valid in DuckDB and Athena (Trino).
 */
import { FINDING_STATUS_VIEW } from './finding-status.ts';

const DETAIL = [
  'finding_id',
  'force_code',
  'severity',
  'signature',
  'check_id',
  'period_start',
  'period_end',
  'offence_group',
  'offence_code',
  'summary',
] as const;

const cols = (alias: string) => DETAIL.map((c) => `${alias}."${c}"`).join(', ');

/** `where` filters on the output columns (e.g. `status = 'open'`); the caller quotes its values. */
export function findingsWithStatusSql(where: readonly string[]): string {
  return `WITH last_seen AS (
  SELECT ${DETAIL.map((c) => `"${c}"`).join(', ')} FROM (
    SELECT ${cols('h')},
      ROW_NUMBER() OVER (PARTITION BY h."finding_id" ORDER BY r."started_at" DESC, h."run_id" DESC) AS seen_rank
    FROM findings_history h JOIN runs r ON r."run_id" = h."run_id"
  ) ranked
  WHERE seen_rank = 1
),
known AS (
  SELECT ${cols('f')} FROM findings f
  UNION ALL
  SELECT ${cols('l')} FROM last_seen l
  WHERE l."finding_id" NOT IN (SELECT "finding_id" FROM findings)
    AND l."finding_id" IN (SELECT "finding_id" FROM ${FINDING_STATUS_VIEW})
),
listed AS (
  SELECT k."finding_id", k."force_code", COALESCE(s."status", 'open') AS "status", k."severity",
    k."signature", k."check_id", k."period_start", k."period_end", k."offence_group", k."offence_code",
    s."updated_at", s."updated_by", s."note", k."summary"
  FROM known k LEFT JOIN ${FINDING_STATUS_VIEW} s ON s."finding_id" = k."finding_id"
)
SELECT * FROM listed${where.length > 0 ? `\nWHERE ${where.join(' AND ')}` : ''}
ORDER BY "force_code", "period_start", "finding_id"`;
}
