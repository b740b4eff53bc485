/**
 * FindingsRepository over a local directory: one Parquet file per force at
 * `findings/force_code=<slug>/findings.parquet`, replaced whole (temp file + rename) so a reader
 * sees either the old set or the new one. An empty set removes the file.
 */
import { readFile, rm, rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Finding } from '#core/model/findings.ts';
import type { FindingsRepository } from '#core/ports.ts';
import { assertForceSlug, keys } from '#store/layout.ts';
import { decodeTable, encodeTable, FINDINGS_TABLE } from '../parquet/tables.ts';
import { mapLimit } from '../shared/map-limit.ts';
import { validateRows } from '../shared/validate-rows.ts';
import { keyPath, writeFileAtomic } from './atomic-file.ts';
import { listTableFiles } from './table-files.ts';

export class LocalFindingsRepository implements FindingsRepository {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  async loadForce(forceCode: string): Promise<Finding[]> {
    const path = keyPath(this.#root, keys.findings(forceCode));
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return decodeTable(FINDINGS_TABLE, bytes);
  }

  async loadAll(): Promise<Finding[]> {
    const { findings } = await listTableFiles(this.#root);
    const parts = await mapLimit(findings, 8, async (file) =>
      decodeTable(FINDINGS_TABLE, await readFile(file)),
    );
    return parts.flat();
  }

  async replaceForce(forceCode: string, findings: Finding[]): Promise<void> {
    const force = assertForceSlug(forceCode);
    const rows = validateRows(FINDINGS_TABLE, findings, `findings for ${force}`);
    const stray = rows.find((f) => f.force_code !== force);
    if (stray)
      throw new Error(`findings for ${force} include one for ${stray.force_code} (${stray.finding_id})`);
    const path = keyPath(this.#root, keys.findings(force));
    if (rows.length === 0) {
      await rm(path, { force: true });
      // Drop the now-empty partition directory; leave it if anything else is inside.
      await rmdir(dirname(path)).catch(() => undefined);
      return;
    }
    await writeFileAtomic(path, encodeTable(FINDINGS_TABLE, rows));
  }
}
