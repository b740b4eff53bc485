/**
 * FindingsRepository over a local directory: one Parquet file per force at
 * `findings/force_code=<slug>/findings.parquet`, replaced whole (temp file + rename) so a reader
 * sees either the old set or the new one. An empty set removes the file. The version a conditional
 * replace compares is the file's sha256: the local store serves one process at a time (the CLI),
 * so check-then-rename is enough here; the cloud store's condition is S3's own (If-Match).
 */
import { createHash } from 'node:crypto';
import { readFile, rm, rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Finding } from '#core/model/findings.ts';
import { ConcurrentUpdateError, type FindingsRepository, type VersionedFindings } from '#core/ports.ts';
import { assertForceSlug, keys } from '#store/layout.ts';
import { decodeTable, encodeTable, FINDINGS_TABLE } from '../parquet/tables.ts';
import { mapLimit } from '../shared/map-limit.ts';
import { validateRows } from '../shared/validate-rows.ts';
import { keyPath, writeFileAtomic } from './atomic-file.ts';
import { listTableFiles } from './table-files.ts';

function versionOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class LocalFindingsRepository implements FindingsRepository {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  async loadForce(forceCode: string): Promise<Finding[]> {
    return (await this.loadForceVersioned(forceCode)).findings;
  }

  async loadForceVersioned(forceCode: string): Promise<VersionedFindings> {
    const bytes = await this.#read(forceCode);
    if (!bytes) return { findings: [], version: null };
    return { findings: await decodeTable(FINDINGS_TABLE, bytes), version: versionOf(bytes) };
  }

  async #read(forceCode: string): Promise<Buffer | null> {
    try {
      return await readFile(keyPath(this.#root, keys.findings(forceCode)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async loadAll(): Promise<Finding[]> {
    const { findings } = await listTableFiles(this.#root);
    const parts = await mapLimit(findings, 8, async (file) =>
      decodeTable(FINDINGS_TABLE, await readFile(file)),
    );
    return parts.flat();
  }

  async replaceForce(forceCode: string, findings: Finding[], ifVersion?: string | null): Promise<void> {
    const force = assertForceSlug(forceCode);
    const rows = validateRows(FINDINGS_TABLE, findings, `findings for ${force}`);
    const stray = rows.find((f) => f.force_code !== force);
    if (stray)
      throw new Error(`findings for ${force} include one for ${stray.force_code} (${stray.finding_id})`);
    const path = keyPath(this.#root, keys.findings(force));
    if (ifVersion !== undefined) {
      const now = await this.#read(force);
      if ((now ? versionOf(now) : null) !== ifVersion) {
        throw new ConcurrentUpdateError(`${path} changed since it was read`);
      }
    }
    if (rows.length === 0) {
      await rm(path, { force: true });
      // Drop the now-empty partition directory; leave it if anything else is inside.
      await rmdir(dirname(path)).catch(() => undefined);
      return;
    }
    await writeFileAtomic(path, encodeTable(FINDINGS_TABLE, rows));
  }
}
