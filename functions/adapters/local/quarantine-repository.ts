/**
 * QuarantineRepository over a local directory: the rejected upload byte for byte at
 * `quarantine/<sha>/<sanitised name>` and its validation report beside it as `report.json`
 * (written second, so a report always has its file next to it).
 */

import type { ValidationReport } from '#core/model/validation.ts';
import { ValidationReportSchema } from '#core/model/validation.ts';
import type { QuarantineRepository } from '#core/ports.ts';
import { keys } from '#store/layout.ts';
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
}
