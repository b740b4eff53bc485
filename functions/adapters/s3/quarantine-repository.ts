/**
 * QuarantineRepository over the returns bucket: the rejected upload byte for byte at
 * `quarantine/<sha>/<sanitised name>` and its validation report beside it as `report.json`, written
 * second so that a report always has its file next to it (as locally).
 */
import { type ValidationReport, ValidationReportSchema } from '#core/model/validation.ts';
import type { QuarantineRepository } from '#core/ports.ts';
import { keys } from '#store/layout.ts';
import { CONTENT_TYPES, type S3Objects } from './objects.ts';

export class S3QuarantineRepository implements QuarantineRepository {
  readonly #objects: S3Objects;

  constructor(objects: S3Objects) {
    this.#objects = objects;
  }

  /** Returns the `s3://` URI of the quarantined copy. */
  async put(entry: { fileName: string; rawPath: string; report: ValidationReport }): Promise<string> {
    const report = ValidationReportSchema.parse(entry.report);
    const fileKey = keys.quarantineFile(report.input_sha256, entry.fileName);
    await this.#objects.putFile(fileKey, entry.rawPath);
    await this.#objects.put(
      keys.quarantineReport(report.input_sha256),
      `${JSON.stringify(report, null, 2)}\n`,
      CONTENT_TYPES.json,
    );
    return this.#objects.uri(fileKey);
  }
}
