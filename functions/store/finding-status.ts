/**
 * `finding_status` (contract §4): each finding's status from its latest event, the latest being the
 * greatest created_at, ties by the greater event_id, as core/lifecycle/status.ts orders them. The
 * action → status mapping is the model's STATUS_AFTER, written out as a CASE. Plain window-function SQL,
 * valid in DuckDB and Athena (Trino); the local engine creates it as a view, the Athena query library
 * carries its CREATE VIEW.
 */
import { STATUS_AFTER } from '../core/model/finding-events.ts';
import { quoteLiteral } from './sql-quote.ts';

export const FINDING_STATUS_VIEW = 'finding_status';

const STATUS_CASE = `CASE e."action" ${Object.entries(STATUS_AFTER)
  .map(([action, status]) => `WHEN ${quoteLiteral(action)} THEN ${quoteLiteral(status)}`)
  .join(' ')} END`;

export const FINDING_STATUS_SQL = `SELECT "finding_id", "force_code", "status", "updated_at", "updated_by", "note"
FROM (
  SELECT e."finding_id", e."force_code", ${STATUS_CASE} AS "status",
    e."created_at" AS "updated_at", e."actor" AS "updated_by", e."note",
    ROW_NUMBER() OVER (
      PARTITION BY e."finding_id"
      ORDER BY e."created_at" DESC, e."event_id" DESC
    ) AS event_rank
  FROM finding_events e
) ranked
WHERE event_rank = 1`;
