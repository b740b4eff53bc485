/**
 * Turns the rows of one submitted file into normalised cells, streaming: the adapter feeds the header
 * and then one row at a time, and memory grows with the number of cells, never with the number of
 * rows (a record-level extract of millions of crimes aggregates into a few thousand cells).
 *
 * Every problem becomes a validation issue naming file, line, field, value and what was expected, and
 * any error rejects the whole file. Things that are facts about the data rather than unreadable input
 * are not errors: an unknown offence code and a repeated cell are kept and noted for the data-quality
 * checks, as are a crime_id repeated in a record-level extract (counted once) and a cancellation dated
 * before the crime was recorded; non-force bodies, "N/a" counts and transferred records are skipped and
 * reported as such.
 *
 * The builder reads the header and routes each row: the RowDecoder types it, the resolver names its
 * force, an accumulator (aggregate or record-level) gathers it, and assemble-result.ts makes the result.
 */
import type { IngestResult, SkippedRows } from '../model/ingest.ts';
import type { SourceFormat } from '../model/returns.ts';
import {
  AggregateAccumulator,
  type AggregateEntry,
  monthEntry,
  quarterEntry,
} from './aggregate-accumulator.ts';
import { accepted, emptyFileMessage, type ReadProgress, rejected } from './assemble-result.ts';
import { detectFormat } from './formats.ts';
import { IssueCollector } from './issues.ts';
import { RecordAccumulator } from './record-accumulator.ts';
import { ForceResolver, nonForceBodyMessage, UNKNOWN_FORCE_MESSAGE } from './resolver.ts';
import { type RawRow, RowDecoder } from './row-decoder.ts';
import type { RecordLevelRow } from './schemas.ts';

export interface SubmissionContext {
  /** The name issues and rows cite (usually the file's base name). */
  file: string;
  /** May be given later, to finish(), when the hash is computed while streaming. */
  input_sha256?: string;
  submitted_at: Date;
  processed_at?: Date;
  run_id: string;
}

/** Lines kept per skipped-row group: evidence, not an inventory. */
export const MAX_SKIPPED_LINES = 20;

export class SubmissionBuilder {
  private readonly issues: IssueCollector;
  private decoder: RowDecoder | null = null;
  private headerDone = false;
  private rowsRead = 0;
  private notAvailable = 0;
  private readonly skipped = new Map<string, SkippedRows>();
  private readonly forces = new ForceResolver();
  private readonly aggregates = new AggregateAccumulator();
  private records = new RecordAccumulator();
  private expectedRows = 0;

  constructor(private readonly ctx: SubmissionContext) {
    this.issues = new IssueCollector(ctx.file);
  }

  /** The detected format, once a header was recognised. */
  get format(): SourceFormat | null {
    return this.decoder?.columns.format ?? null;
  }

  /** Validation errors so far (all of them, not only the stored ones). */
  get errorCount(): number {
    return this.issues.count;
  }

  /** False once the header was not recognised: further rows cannot be interpreted. */
  get acceptingRows(): boolean {
    return !this.headerDone || this.decoder !== null;
  }

  /** A problem with the file itself (encoding, quoting, size), found by the adapter. */
  fileIssue(line: number, field: string, value: string | null, message: string): void {
    this.issues.add(line, field, value, message);
  }

  /**
   * An estimate of the file's rows (from its size and first lines, say), given before the header: a
   * record-level extract's crime_id index is then made that large up front instead of growing.
   */
  expectRows(rows: number): void {
    this.expectedRows = rows;
  }

  /** The CSV header (call once, before any row). Returns whether a format was recognised. */
  header(columns: readonly string[], line = 1): boolean {
    if (this.headerDone) throw new Error('header() called twice');
    this.headerDone = true;
    const detected = detectFormat(columns);
    if (!detected.ok) {
      this.issues.add(line, detected.field, detected.value, detected.message);
      return false;
    }
    this.decoder = new RowDecoder(detected.columns, line, this.issues);
    if (detected.columns.format === 'record_level') this.records = new RecordAccumulator(this.expectedRows);
    return true;
  }

  /** JSON Lines: the format is recognised from the keys of the first object. */
  headerFromObject(object: Record<string, unknown>, line: number): boolean {
    return this.header(Object.keys(object), line);
  }

  /** One data row: CSV values in header order, or one JSON Lines object. `line` is 1-based and physical. */
  row(values: readonly string[] | Record<string, unknown>, line: number): void {
    if (!this.headerDone) {
      if (Array.isArray(values)) throw new Error('row() before header(): CSV rows need the header first');
      this.headerFromObject(values as Record<string, unknown>, line);
    }
    const decoder = this.decoder;
    if (decoder === null) return; // unrecognised header: the rows cannot be read, so none are counted
    this.rowsRead += 1;
    const decoded = decoder.decode(values, line);
    if (decoded === null) return;
    switch (decoded.format) {
      case 'monthly_aggregate': {
        const slug = this.force(decoded.row.force_code, 'force_code', line);
        if (slug === null) return;
        const hasCancelled = decoder.columns.index.has('cancelled');
        this.addAggregate(monthEntry(decoded.row, slug, line, hasCancelled));
        return;
      }
      case 'home_office_pfa':
      case 'home_office_pfa_group': {
        const r = decoded.row;
        const slug = this.force(r.force_name, 'force_name', line);
        if (slug === null) return;
        const count = r.number_of_offences;
        if (count === null) this.notAvailableRow(decoded.raw, line);
        else this.addAggregate(quarterEntry(r, count, slug, line));
        return;
      }
      case 'record_level':
        this.recordRow(decoded.row, line);
        return;
    }
  }

  /**
   * A CSV record as text[start, end), one line without quotes (the splitter's fast case): true when it
   * was taken as a record-level row; false when it must be split and given to row() instead — another
   * format, no header yet, or anything the record reader is not sure of.
   */
  rowText(text: string, start: number, end: number, line: number): boolean {
    const row = this.decoder?.decodeRecordText(text, start, end) ?? null;
    if (row === null) return false;
    this.rowsRead += 1;
    this.recordRow(row, line);
    return true;
  }

  finish(opts: { input_sha256?: string } = {}): IngestResult {
    const sha = opts.input_sha256 ?? this.ctx.input_sha256;
    if (sha === undefined)
      throw new Error('finish(): input_sha256 was given neither to the constructor nor here');
    const format = this.format;
    const progress: ReadProgress = {
      headerDone: this.headerDone,
      rowsRead: this.rowsRead,
      notAvailable: this.notAvailable,
      cells: format === 'record_level' ? this.records.size : this.aggregates.size,
      skipped: [...this.skipped.values()],
    };
    if (this.issues.count === 0) {
      const empty = emptyFileMessage(progress);
      if (empty !== null) this.issues.add(0, 'file', null, empty);
    }
    const identity = { ...this.ctx, input_sha256: sha };
    if (this.issues.count > 0 || format === null) {
      return rejected(identity, format, this.rowsRead, this.issues);
    }
    const cells =
      format === 'record_level'
        ? this.records.finish(this.ctx.file, sha)
        : this.aggregates.finish(this.ctx.file, sha);
    return accepted(identity, format, progress, cells);
  }

  /** The slug; null when the row was skipped (non-force body) or rejected (unknown force). */
  private force(text: string, field: string, line: number): string | null {
    const found = this.forces.resolve(text);
    if (found === null) {
      this.issues.add(line, this.decoder!.columnName(field), text, UNKNOWN_FORCE_MESSAGE);
      return null;
    }
    if ('nonForce' in found) {
      this.skip('non_force_body', field, found.nonForce, line, nonForceBodyMessage(found.nonForce));
      return null;
    }
    return found.slug;
  }

  private recordRow(row: RecordLevelRow, line: number): void {
    const slug = this.force(row.force_code, 'force_code', line);
    if (slug === null) return;
    if (this.issues.count > 0) return; // the file is rejected anyway: stop accumulating
    if (this.records.add(slug, row, line) === 'transferred') {
      this.skip(
        'transferred',
        'status',
        'transferred',
        line,
        'transferred crimes are counted by the force they were transferred to, not here',
      );
    }
  }

  /** Aggregate formats: the entry is made only while the file can still be accepted. */
  private addAggregate(entry: AggregateEntry): void {
    if (this.issues.count > 0) return; // the file is rejected anyway: stop accumulating
    this.aggregates.add(entry);
  }

  private notAvailableRow(raw: RawRow, line: number): void {
    this.notAvailable += 1;
    const value = raw.number_of_offences?.trim() ?? '';
    this.skip(
      'not_available',
      'number_of_offences',
      value === '' ? '(empty)' : value,
      line,
      'the figure is marked not available: no cell was made (a missing figure is not zero)',
    );
  }

  private skip(
    reason: SkippedRows['reason'],
    field: string,
    value: string,
    line: number,
    message: string,
  ): void {
    const key = `${reason}|${value}`;
    let s = this.skipped.get(key);
    if (!s) {
      s = { reason, field: this.decoder!.columnName(field), value, count: 0, lines: [], message };
      this.skipped.set(key, s);
    }
    s.count += 1;
    if (s.lines.length < MAX_SKIPPED_LINES) s.lines.push(line);
  }
}
