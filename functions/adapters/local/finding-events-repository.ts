/**
 * FindingEventsRepository over a local directory: one Parquet file per force at
 * `finding_events/force_code=<slug>/events.parquet`. An append reads the file, adds the events whose
 * ids it does not hold yet and replaces it whole (temp file + rename), so a reader sees the log
 * before or after the append, never half of it. Like the findings repository, it serves one process
 * at a time (the CLI); the cloud store's append is conditional on the object's ETag.
 */
import { readFile } from 'node:fs/promises';
import type { FindingEvent } from '#core/model/finding-events.ts';
import type { FindingEventsRepository } from '#core/ports.ts';
import { assertForceSlug, keys } from '#store/layout.ts';
import { decodeTable, encodeTable, FINDING_EVENTS_TABLE } from '../parquet/tables.ts';
import { appendUnique } from '../shared/append-events.ts';
import { mapLimit } from '../shared/map-limit.ts';
import { keyPath, writeFileAtomic } from './atomic-file.ts';
import { listTableFiles } from './table-files.ts';

export class LocalFindingEventsRepository implements FindingEventsRepository {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  async loadForce(forceCode: string): Promise<FindingEvent[]> {
    try {
      const bytes = await readFile(keyPath(this.#root, keys.findingEvents(forceCode)));
      return await decodeTable(FINDING_EVENTS_TABLE, bytes);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  async loadAll(): Promise<FindingEvent[]> {
    const files = (await listTableFiles(this.#root)).finding_events;
    const parts = await mapLimit(files, 8, async (file) =>
      decodeTable(FINDING_EVENTS_TABLE, await readFile(file)),
    );
    return parts.flat();
  }

  async append(forceCode: string, events: readonly FindingEvent[]): Promise<FindingEvent[]> {
    const force = assertForceSlug(forceCode);
    const stored = await this.loadForce(force);
    const next = appendUnique(force, stored, events);
    if (next.length === stored.length) return stored;
    await writeFileAtomic(
      keyPath(this.#root, keys.findingEvents(force)),
      encodeTable(FINDING_EVENTS_TABLE, next),
    );
    return next;
  }
}
