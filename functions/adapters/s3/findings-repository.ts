/**
 * FindingsRepository over the findings bucket: one Parquet object per force at
 * `findings/force_code=<slug>/findings.parquet`, replaced whole (a PUT is atomic in S3, so Athena
 * reads the old set or the new one). An empty set deletes the object.
 */
import type { Finding } from '#core/model/findings.ts';
import type { FindingsRepository } from '#core/ports.ts';
import { assertForceSlug, keys, PREFIXES, parseFindingsKey } from '#store/layout.ts';
import { decodeTable, encodeTable, FINDINGS_TABLE } from '../parquet/tables.ts';
import { mapLimit } from '../shared/map-limit.ts';
import { validateRows } from '../shared/validate-rows.ts';
import { CONTENT_TYPES, type S3Objects } from './objects.ts';

export class S3FindingsRepository implements FindingsRepository {
  readonly #objects: S3Objects;

  constructor(objects: S3Objects) {
    this.#objects = objects;
  }

  async loadForce(forceCode: string): Promise<Finding[]> {
    const bytes = await this.#objects.get(keys.findings(forceCode));
    return bytes ? decodeTable(FINDINGS_TABLE, bytes) : [];
  }

  async loadAll(): Promise<Finding[]> {
    const found = (await this.#objects.list(PREFIXES.findings)).filter((k) => parseFindingsKey(k) !== null);
    const parts = await mapLimit(found, 16, async (key) => {
      const bytes = await this.#objects.get(key);
      return bytes ? decodeTable(FINDINGS_TABLE, bytes) : [];
    });
    return parts.flat();
  }

  async replaceForce(forceCode: string, findings: Finding[]): Promise<void> {
    const force = assertForceSlug(forceCode);
    const rows = validateRows(FINDINGS_TABLE, findings, `findings for ${force}`);
    const stray = rows.find((f) => f.force_code !== force);
    if (stray)
      throw new Error(`findings for ${force} include one for ${stray.force_code} (${stray.finding_id})`);
    const key = keys.findings(force);
    if (rows.length === 0) {
      await this.#objects.delete(key);
      return;
    }
    await this.#objects.put(key, encodeTable(FINDINGS_TABLE, rows), CONTENT_TYPES.parquet);
  }
}
