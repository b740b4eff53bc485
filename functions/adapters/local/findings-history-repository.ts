/**
 * FindingsHistoryRepository over a local directory: one Parquet file per force and run at
 * `findings_history/force_code=<slug>/<run id>.parquet`, written whole (temp file + rename), an
 * empty table when the run found nothing for the force.
 */
import type { Finding } from '#core/model/findings.ts';
import type { FindingsHistoryRepository } from '#core/ports.ts';
import { assertForceSlug, keys } from '#store/layout.ts';
import { encodeTable, FINDINGS_HISTORY_TABLE } from '../parquet/tables.ts';
import { historyRows } from '../shared/history-rows.ts';
import { keyPath, writeFileAtomic } from './atomic-file.ts';

export class LocalFindingsHistoryRepository implements FindingsHistoryRepository {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  async put(forceCode: string, runId: string, findings: readonly Finding[]): Promise<void> {
    const force = assertForceSlug(forceCode);
    const rows = historyRows(force, runId, findings);
    await writeFileAtomic(
      keyPath(this.#root, keys.findingsHistory(force, runId)),
      encodeTable(FINDINGS_HISTORY_TABLE, rows),
    );
  }
}
