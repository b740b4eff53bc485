/**
 * QuarantineRepository over the returns bucket: the rejected upload byte for byte at
 * `quarantine/<sha>/<sanitised name>` and its validation report beside it as `report.json`, written
 * second so that a report always has its file next to it (as locally). An upload too large to
 * download is copied in from uploads/ inside S3 instead (putCopy), so it is kept all the same.
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
    return this.#writeReport(report, fileKey);
  }

  /**
   * Quarantines an object of this bucket without reading it: a server-side copy of that version
   * of it, then the report. Returns the `s3://` URI of the copy.
   */
  async putCopy(entry: {
    fileName: string;
    source: { key: string; versionId?: string; size: number };
    report: ValidationReport;
  }): Promise<string> {
    const report = ValidationReportSchema.parse(entry.report);
    const fileKey = keys.quarantineFile(report.input_sha256, entry.fileName);
    await this.#objects.copy(entry.source, fileKey);
    return this.#writeReport(report, fileKey);
  }

  async #writeReport(report: ValidationReport, fileKey: string): Promise<string> {
    await this.#objects.put(
      keys.quarantineReport(report.input_sha256),
      `${JSON.stringify(report, null, 2)}\n`,
      CONTENT_TYPES.json,
    );
    return this.#objects.uri(fileKey);
  }
}
