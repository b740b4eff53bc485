/**
 * `returns_current`: for every force × period_start × grain × level, the rows of the revision
 * uploaded last (`submitted_at`); on equal upload times the later `processed_at` (absent in files
 * written before 0.8.0: then the upload time), then the greater `input_sha256` wins, so the choice is
 * deterministic and the same as core/revisions.ts. Superseded rows stay in `returns`. Plain window-function SQL, valid in DuckDB and
 * Athena (Trino): no QUALIFY, no `* EXCLUDE`. The local engine creates it as a view; the Athena
 * query library carries the CREATE VIEW for it.
 */
import { LAKE_TABLES } from './lake-schema.ts';
import { quoteIdent } from './sql-quote.ts';

export const RETURNS_CURRENT_VIEW = 'returns_current';

export const RETURNS_CURRENT_SQL = `SELECT ${LAKE_TABLES.returns.columns.map(([name]) => quoteIdent(name)).join(', ')}
FROM (
  SELECT r.*,
    DENSE_RANK() OVER (
      PARTITION BY r."force_code", r."period_start", r."grain", r."level"
      ORDER BY r."submitted_at" DESC, COALESCE(r."processed_at", r."submitted_at") DESC, r."input_sha256" DESC
    ) AS revision_rank
  FROM returns r
) ranked
WHERE revision_rank = 1`;
