/**
 * Refused responses and decisions, kept where their sender can read them: the file byte for byte at
 * `response_reports/force_code=<slug>/<sha256>/<name>` (a force's; `response_reports/auditors/…`
 * for an auditor's decision) and its report beside it as `report.json`, written second so that a
 * report always has its file next to it, as in quarantine. Keyed by the bytes' hash, so the same
 * refused file delivered again lands in the same place.
 */
import { type ValidationReport, ValidationReportSchema } from '#core/model/validation.ts';
import { keys } from '#store/layout.ts';
import { CONTENT_TYPES, type S3Objects } from './objects.ts';

export class S3ResponseReports {
  readonly #objects: S3Objects;

  constructor(objects: S3Objects) {
    this.#objects = objects;
  }

  /**
   * `force` null: an auditor's decision. The response is given as its bytes, or, when too large to
   * read, as the object of this bucket to copy. Returns the `s3://` URI of the folder holding both.
   */
  async put(entry: {
    force: string | null;
    fileName: string;
    content: { bytes: Uint8Array } | { copyOf: { key: string; versionId?: string; size: number } };
    report: ValidationReport;
  }): Promise<string> {
    const report = ValidationReportSchema.parse(entry.report);
    const fileKey = keys.responseReportFile(entry.force, report.input_sha256, entry.fileName);
    if ('bytes' in entry.content) await this.#objects.put(fileKey, entry.content.bytes, CONTENT_TYPES.json);
    else await this.#objects.copy(entry.content.copyOf, fileKey);
    const reportKey = keys.responseReport(entry.force, report.input_sha256);
    await this.#objects.put(reportKey, `${JSON.stringify(report, null, 2)}\n`, CONTENT_TYPES.json);
    return this.#objects.uri(reportKey.slice(0, reportKey.lastIndexOf('/') + 1));
  }
}
