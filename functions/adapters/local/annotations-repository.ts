/**
 * AnnotationsRepository over a local directory: one single-row Parquet file per annotation at
 * `annotations/<annotation_id>.parquet`, written atomically (temp + rename). The id is the
 * annotation's content, so an existing file already holds this annotation and is left alone.
 */
import { access, readFile } from 'node:fs/promises';
import type { Annotation } from '#core/model/annotations.ts';
import type { AnnotationsRepository } from '#core/ports.ts';
import { keys } from '#store/layout.ts';
import { ANNOTATIONS_TABLE, decodeTable, encodeTable } from '../parquet/tables.ts';
import { mapLimit } from '../shared/map-limit.ts';
import { validateRows } from '../shared/validate-rows.ts';
import { keyPath, writeFileAtomic } from './atomic-file.ts';
import { listTableFiles } from './table-files.ts';

export class LocalAnnotationsRepository implements AnnotationsRepository {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  async put(annotation: Annotation): Promise<boolean> {
    const path = keyPath(this.#root, keys.annotation(annotation.annotation_id));
    const rows = validateRows(ANNOTATIONS_TABLE, [annotation], `annotation ${annotation.annotation_id}`);
    if (await exists(path)) return false;
    await writeFileAtomic(path, encodeTable(ANNOTATIONS_TABLE, rows));
    return true;
  }

  async loadAll(): Promise<Annotation[]> {
    const { annotations } = await listTableFiles(this.#root);
    const parts = await mapLimit(annotations, 8, async (file) =>
      decodeTable(ANNOTATIONS_TABLE, await readFile(file)),
    );
    return parts.flat().sort((a, b) => (a.annotation_id < b.annotation_id ? -1 : 1));
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
