/**
 * FindingsHistoryRepository over the findings bucket: one Parquet object per force and run at
 * `findings_history/force_code=<slug>/<run id>.parquet` (a PUT is atomic; a retried run writes the
 * same key again), an empty table when the run found nothing for the force.
 */
import type { Finding } from '#core/model/findings.ts';
import type { FindingsHistoryRepository } from '#core/ports.ts';
import { assertForceSlug, keys } from '#store/layout.ts';
import { encodeTable, FINDINGS_HISTORY_TABLE } from '../parquet/tables.ts';
import { historyRows } from '../shared/history-rows.ts';
import { CONTENT_TYPES, type S3Objects } from './objects.ts';

export class S3FindingsHistoryRepository implements FindingsHistoryRepository {
  readonly #objects: S3Objects;

  constructor(objects: S3Objects) {
    this.#objects = objects;
  }

  async put(forceCode: string, runId: string, findings: readonly Finding[]): Promise<void> {
    const force = assertForceSlug(forceCode);
    const rows = historyRows(force, runId, findings);
    await this.#objects.put(
      keys.findingsHistory(force, runId),
      encodeTable(FINDINGS_HISTORY_TABLE, rows),
      CONTENT_TYPES.parquet,
    );
  }
}
