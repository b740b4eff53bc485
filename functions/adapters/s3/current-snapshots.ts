/**
 * Each force's current revision, kept between runs (store/current-snapshot.ts), so that an upload's
 * audit reads one object per peer force instead of every revision it ever sent. The snapshot is
 * used only when its digest matches the force's committed submissions now; otherwise the force's
 * submissions are read, its view is derived exactly as auditView derives it, and the snapshot is
 * rewritten. Two runs may rebuild it at once: each writes a snapshot of what it read, and a reader
 * that finds one older than the submissions rebuilds it again, so a stale snapshot costs a rebuild,
 * never a wrong answer.
 */
import { createHash } from 'node:crypto';
import { auditView, forcePart } from '#core/audit-view.ts';
import type { AuditView, StoredSubmissions } from '#core/ports.ts';
import {
  CURRENT_SNAPSHOT_META,
  type CurrentSnapshotMeta,
  CurrentSnapshotMetaSchema,
} from '#store/current-snapshot.ts';
import { keys } from '#store/layout.ts';
import { parquetKeyValue } from '../parquet/codec.ts';
import { decodeTable, encodeTable, RETURNS_TABLE } from '../parquet/tables.ts';
import { CONTENT_TYPES, type S3Objects } from './objects.ts';

/** Order-free digest of a set of submission hashes. */
export function digestOfSubmissions(shas: readonly string[]): string {
  return createHash('sha256')
    .update([...new Set(shas)].sort().join('\n'))
    .digest('hex');
}

export class CurrentSnapshots {
  readonly #objects: S3Objects;
  /** Snapshots rebuilt by this instance (for tests and the scale benchmark). */
  rebuilt = 0;

  constructor(objects: S3Objects) {
    this.#objects = objects;
  }

  /** The force's view as a peer (no history), from its snapshot when current, else rebuilt. */
  async peerView(
    force: string,
    shas: readonly string[],
    load: () => Promise<StoredSubmissions>,
  ): Promise<AuditView> {
    const digest = digestOfSubmissions(shas);
    const key = keys.currentSnapshot(force);
    const bytes = await this.#objects.get(key);
    const kept = bytes ? await this.#read(bytes, digest) : null;
    if (kept) return kept;
    const view = auditView(forcePart(await load(), force), null);
    const meta: CurrentSnapshotMeta = {
      digest,
      submissions: new Set(shas).size,
      notes: view.notes,
      transitions: view.transitions,
      cohorts: view.cohorts,
    };
    const body = encodeTable(RETURNS_TABLE, view.current, undefined, {
      [CURRENT_SNAPSHOT_META]: JSON.stringify(meta),
    });
    await this.#objects.put(key, body, CONTENT_TYPES.parquet);
    this.rebuilt += 1;
    return { ...view, history: [] };
  }

  /** The snapshot's view when it was derived from exactly these submissions; null otherwise. */
  async #read(bytes: Uint8Array, digest: string): Promise<AuditView | null> {
    try {
      const text = parquetKeyValue(bytes)[CURRENT_SNAPSHOT_META];
      if (text === undefined) return null;
      const meta = CurrentSnapshotMetaSchema.safeParse(JSON.parse(text));
      if (!meta.success || meta.data.digest !== digest) return null;
      const current = await decodeTable(RETURNS_TABLE, bytes);
      return {
        history: [],
        current,
        notes: meta.data.notes,
        transitions: meta.data.transitions,
        cohorts: meta.data.cohorts,
      };
    } catch {
      // Damaged: derived data, so rebuild it rather than fail the run.
      return null;
    }
  }
}
