/** RunsRepository over a local directory: one single-row Parquet file per run at `runs/run_id=<id>/run.parquet`. */
import { readFile } from 'node:fs/promises';
import type { Run } from '#core/model/runs.ts';
import type { RunsRepository } from '#core/ports.ts';
import { keys } from '#store/layout.ts';
import { decodeTable, encodeTable, RUNS_TABLE } from '../parquet/tables.ts';
import { mapLimit } from '../shared/map-limit.ts';
import { validateRows } from '../shared/validate-rows.ts';
import { keyPath, writeFileAtomic } from './atomic-file.ts';
import { listTableFiles } from './table-files.ts';

export class LocalRunsRepository implements RunsRepository {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  async put(run: Run): Promise<void> {
    const key = keys.run(run.run_id);
    const rows = validateRows(RUNS_TABLE, [run], `run ${run.run_id}`);
    await writeFileAtomic(keyPath(this.#root, key), encodeTable(RUNS_TABLE, rows));
  }

  /** Every stored run, oldest first. */
  async loadAll(): Promise<Run[]> {
    const { runs } = await listTableFiles(this.#root);
    const parts = await mapLimit(runs, 8, async (file) => decodeTable(RUNS_TABLE, await readFile(file)));
    return parts.flat().sort((a, b) => a.started_at.getTime() - b.started_at.getTime());
  }

  /** The stored run, or null (for tests and the report). */
  async get(runId: string): Promise<Run | null> {
    try {
      const rows = await decodeTable(RUNS_TABLE, await readFile(keyPath(this.#root, keys.run(runId))));
      return rows[0] ?? null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }
}
