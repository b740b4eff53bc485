/** RunsRepository over the findings bucket: one single-row Parquet object per run at `runs/run_id=<id>/run.parquet`. */
import type { Run } from '#core/model/runs.ts';
import type { RunsRepository } from '#core/ports.ts';
import { keys, PREFIXES, parseRunKey } from '#store/layout.ts';
import { decodeTable, encodeTable, RUNS_TABLE } from '../parquet/tables.ts';
import { mapLimit } from '../shared/map-limit.ts';
import { validateRows } from '../shared/validate-rows.ts';
import { CONTENT_TYPES, type S3Objects } from './objects.ts';

export class S3RunsRepository implements RunsRepository {
  readonly #objects: S3Objects;

  constructor(objects: S3Objects) {
    this.#objects = objects;
  }

  async put(run: Run): Promise<void> {
    const key = keys.run(run.run_id);
    const rows = validateRows(RUNS_TABLE, [run], `run ${run.run_id}`);
    await this.#objects.put(key, encodeTable(RUNS_TABLE, rows), CONTENT_TYPES.parquet);
  }

  /** Every stored run, oldest first. */
  async loadAll(): Promise<Run[]> {
    const found = (await this.#objects.list(PREFIXES.runs)).filter((k) => parseRunKey(k) !== null);
    const parts = await mapLimit(found, 16, async (key) => {
      const bytes = await this.#objects.get(key);
      return bytes ? decodeTable(RUNS_TABLE, bytes) : [];
    });
    return parts.flat().sort((a, b) => a.started_at.getTime() - b.started_at.getTime());
  }
}
