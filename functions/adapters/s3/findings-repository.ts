/**
 * FindingsRepository over the findings bucket: one Parquet object per force at
 * `findings/force_code=<slug>/findings.parquet`, replaced whole (a PUT is atomic in S3, so Athena
 * reads the old set or the new one). A conditional replace (the cloud intake's) names the ETag it
 * read, so two intakes for one force cannot overwrite each other's findings unseen. An empty set where
 * nothing was stored writes nothing (and checks that nothing appeared meanwhile); an empty set over a
 * stored one is written as an empty table, because only a PUT carries the condition on every
 * S3-compatible store. An unconditional replace of an empty set deletes the object.
 */
import type { Finding } from '#core/model/findings.ts';
import { ConcurrentUpdateError, type FindingsRepository, type VersionedFindings } from '#core/ports.ts';
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
    return (await this.loadForceVersioned(forceCode)).findings;
  }

  async loadForceVersioned(forceCode: string): Promise<VersionedFindings> {
    const got = await this.#objects.getVersioned(keys.findings(forceCode));
    if (!got) return { findings: [], version: null };
    return { findings: await decodeTable(FINDINGS_TABLE, got.bytes), version: got.etag };
  }

  async loadAll(): Promise<Finding[]> {
    const found = (await this.#objects.list(PREFIXES.findings)).filter((k) => parseFindingsKey(k) !== null);
    const parts = await mapLimit(found, 16, async (key) => {
      const bytes = await this.#objects.get(key);
      return bytes ? decodeTable(FINDINGS_TABLE, bytes) : [];
    });
    return parts.flat();
  }

  async replaceForce(forceCode: string, findings: Finding[], ifVersion?: string | null): Promise<void> {
    const force = assertForceSlug(forceCode);
    const rows = validateRows(FINDINGS_TABLE, findings, `findings for ${force}`);
    const stray = rows.find((f) => f.force_code !== force);
    if (stray)
      throw new Error(`findings for ${force} include one for ${stray.force_code} (${stray.finding_id})`);
    const key = keys.findings(force);
    if (ifVersion === null && rows.length === 0) {
      if (await this.#objects.exists(key))
        throw new ConcurrentUpdateError(`${this.#objects.uri(key)} appeared`);
      return;
    }
    if (ifVersion !== undefined) {
      await this.#objects.putIf(key, encodeTable(FINDINGS_TABLE, rows), CONTENT_TYPES.parquet, ifVersion);
      return;
    }
    if (rows.length === 0) {
      await this.#objects.delete(key);
      return;
    }
    await this.#objects.put(key, encodeTable(FINDINGS_TABLE, rows), CONTENT_TYPES.parquet);
  }
}
