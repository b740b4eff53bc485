/**
 * AnnotationsRepository over the findings bucket: one single-row Parquet object per annotation at
 * `annotations/<annotation_id>.parquet`. The write is conditional on the key being absent
 * (If-None-Match), so of two writers of the same annotation one writes and the other records
 * nothing, and an object once written is never replaced.
 */
import type { Annotation } from '#core/model/annotations.ts';
import { type AnnotationsRepository, ConcurrentUpdateError } from '#core/ports.ts';
import { keys, PREFIXES, parseAnnotationKey } from '#store/layout.ts';
import { ANNOTATIONS_TABLE, decodeTable, encodeTable } from '../parquet/tables.ts';
import { mapLimit } from '../shared/map-limit.ts';
import { validateRows } from '../shared/validate-rows.ts';
import { CONTENT_TYPES, type S3Objects } from './objects.ts';

export class S3AnnotationsRepository implements AnnotationsRepository {
  readonly #objects: S3Objects;

  constructor(objects: S3Objects) {
    this.#objects = objects;
  }

  async put(annotation: Annotation): Promise<boolean> {
    const key = keys.annotation(annotation.annotation_id);
    const rows = validateRows(ANNOTATIONS_TABLE, [annotation], `annotation ${annotation.annotation_id}`);
    try {
      await this.#objects.putIf(key, encodeTable(ANNOTATIONS_TABLE, rows), CONTENT_TYPES.parquet, null);
      return true;
    } catch (err) {
      if (err instanceof ConcurrentUpdateError) return false;
      throw err;
    }
  }

  async loadAll(): Promise<Annotation[]> {
    const found = (await this.#objects.list(PREFIXES.annotations)).filter(
      (k) => parseAnnotationKey(k) !== null,
    );
    const parts = await mapLimit(found, 16, async (key) => {
      const bytes = await this.#objects.get(key);
      return bytes ? decodeTable(ANNOTATIONS_TABLE, bytes) : [];
    });
    return parts.flat().sort((a, b) => (a.annotation_id < b.annotation_id ? -1 : 1));
  }
}
