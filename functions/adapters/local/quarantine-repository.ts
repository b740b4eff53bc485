/**
 * QuarantineRepository over a local directory: the rejected upload byte for byte at
 * `quarantine/<sha>/<sanitised name>` and its validation report beside it as `report.json`
 * (written second, so a report always has its file next to it).
 */

import { readdir, readFile } from 'node:fs/promises';
import type { ValidationReport } from '#core/model/validation.ts';
import { ValidationReportSchema } from '#core/model/validation.ts';
import type { QuarantineRepository } from '#core/ports.ts';
import { keys, PREFIXES } from '#store/layout.ts';
import { copyFileAtomic, keyPath, writeFileAtomic } from './atomic-file.ts';

export class LocalQuarantineRepository implements QuarantineRepository {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  /** Returns the absolute path of the quarantined copy. */
  async put(entry: { fileName: string; rawPath: string; report: ValidationReport }): Promise<string> {
    const report = ValidationReportSchema.parse(entry.report);
    const fileKey = keys.quarantineFile(report.input_sha256, entry.fileName);
    const target = keyPath(this.#root, fileKey);
    await copyFileAtomic(entry.rawPath, target);
    await writeFileAtomic(
      keyPath(this.#root, keys.quarantineReport(report.input_sha256)),
      `${JSON.stringify(report, null, 2)}\n`,
    );
    return target;
  }

  /** Every stored validation report (for the report's coverage), by file name. */
  async list(): Promise<ValidationReport[]> {
    let shas: string[];
    try {
      shas = await readdir(keyPath(this.#root, PREFIXES.quarantine.slice(0, -1)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const out: ValidationReport[] = [];
    for (const sha of shas.filter((name) => /^[0-9a-f]{64}$/.test(name))) {
      try {
        const text = await readFile(keyPath(this.#root, keys.quarantineReport(sha)), 'utf8');
        out.push(ValidationReportSchema.parse(JSON.parse(text)));
      } catch (err) {
        // A directory without its report yet is a put still under way (the file is copied first).
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
    }
    return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }
}
