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
 */

import type { IngestNote, IngestResult, ReclassificationTransition, SkippedRows } from '../model/ingest.ts';
import { cellKey, type ReturnRow, type SourceFormat } from '../model/returns.ts';
import type { ValidationReport } from '../model/validation.ts';
import { resolveForce, resolveNonForceBody } from '../reference/forces.ts';
import { nameKey } from '../reference/name-key.ts';
import {
  lookupOffence,
  OFFENCE_REFERENCE_VERSION,
  resolveOffenceGroup,
  UNKNOWN_OFFENCE_GROUP,
} from '../reference/offence-reference.ts';
import { cmp } from '../series/streams.ts';
import { CohortCounter } from './cohorts.ts';
import { CrimeIdIndex, fingerprint } from './crime-ids.ts';
import { type ColumnMap, detectFormat, formatSpec } from './formats.ts';
import { IssueCollector } from './issues.ts';
import { quarterMonths } from './periods.ts';
import {
  type HomeOfficePfaGroupRow,
  HomeOfficePfaGroupRowSchema,
  type HomeOfficePfaRow,
  HomeOfficePfaRowSchema,
  type MonthlyAggregateRow,
  MonthlyAggregateRowSchema,
  type RecordLevelRow,
  RecordLevelRowSchema,
} from './schemas.ts';

export interface SubmissionContext {
  /** The name issues and rows cite (usually the file's base name). */
  file: string;
  /** May be given later, to finish(), when the hash is computed while streaming. */
  input_sha256?: string;
  submitted_at: Date;
  run_id: string;
}

/** Lines kept per skipped-row group and per unknown-code note: evidence, not an inventory. */
export const MAX_SKIPPED_LINES = 20;
export const MAX_NOTE_LINES = 20;
/** Distinct force spellings remembered; beyond this each row is resolved afresh (memory stays bounded). */
const FORCE_CACHE_LIMIT = 1000;

const UNKNOWN_FORCE_MESSAGE =
  'unknown force: expected one of the 43 territorial forces of England and Wales or BTP, as a ' +
  'data.police.uk slug (e.g. greater-manchester), an ONS police force area code (e.g. E23000005) or a ' +
  'Home Office force name (e.g. Avon & Somerset)';

interface Cell {
  row: Omit<ReturnRow, 'input_sha256' | 'source_format' | 'source_file' | 'submitted_at' | 'run_id'>;
  /** Set when the offence code is not in the reference table. */
  unknownCode: boolean;
  /** Aggregate formats: every line and value of a key seen more than once. */
  dupLines?: number[];
  dupValues?: number[];
  /** Record-level cells with an unknown code: the first lines, for the note. */
  unknownLines?: number[];
}

type DuplicateCrimeNote = Extract<IngestNote, { kind: 'duplicate_crime_id' }>;
type StatusDateNote = Extract<IngestNote, { kind: 'status_date_before_recorded' }>;

/** Record-level notes while reading: one per force and month, filled row by row. */
type DuplicateBucket = Pick<
  DuplicateCrimeNote,
  'force_code' | 'crimes' | 'rows_dropped' | 'conflicting_rows' | 'duplicates'
> & { month: string };
type StatusDateBucket = Pick<StatusDateNote, 'force_code' | 'records' | 'examples'> & { month: string };

type ForceLookup = { slug: string } | { nonForce: string } | null;

type RawRow = Record<string, string | undefined>;

export class SubmissionBuilder {
  private readonly issues: IssueCollector;
  private columns: ColumnMap | null = null;
  private headerLine = 0;
  private headerDone = false;
  private rowsRead = 0;
  private notAvailable = 0;
  private readonly cells = new Map<string, Cell>();
  private readonly skipped = new Map<string, SkippedRows>();
  private readonly transitions = new Map<string, ReclassificationTransition>();
  private readonly cohorts = new CohortCounter();
  private readonly forceCache = new Map<string, ForceLookup>();
  /** Record-level only: every crime_id seen, per force (see crime-ids.ts for what it costs). */
  private readonly crimeIds = new CrimeIdIndex();
  private readonly duplicateCrimes = new Map<string, DuplicateBucket>();
  private readonly statusDates = new Map<string, StatusDateBucket>();
  /** JSON Lines: object key → field (or null for keys no field uses). */
  private readonly keyCache = new Map<string, string | null>();

  constructor(private readonly ctx: SubmissionContext) {
    this.issues = new IssueCollector(ctx.file);
  }

  /** The detected format, once a header was recognised. */
  get format(): SourceFormat | null {
    return this.columns?.format ?? null;
  }

  /** Validation errors so far (all of them, not only the stored ones). */
  get errorCount(): number {
    return this.issues.count;
  }

  /** False once the header was not recognised: further rows cannot be interpreted. */
  get acceptingRows(): boolean {
    return !this.headerDone || this.columns !== null;
  }

  /** A problem with the file itself (encoding, quoting, size), found by the adapter. */
  fileIssue(line: number, field: string, value: string | null, message: string): void {
    this.issues.add(line, field, value, message);
  }

  /** The CSV header (call once, before any row). Returns whether a format was recognised. */
  header(columns: readonly string[], line = 1): boolean {
    if (this.headerDone) throw new Error('header() called twice');
    this.headerDone = true;
    this.headerLine = line;
    const detected = detectFormat(columns);
    if (!detected.ok) {
      this.issues.add(line, detected.field, detected.value, detected.message);
      return false;
    }
    this.columns = detected.columns;
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
    const columns = this.columns;
    if (columns === null) return; // unrecognised header: the rows cannot be read, so none are counted
    this.rowsRead += 1;
    const raw = Array.isArray(values)
      ? this.rawFromArray(values as readonly string[], columns, line)
      : this.rawFromObject(values as Record<string, unknown>, columns, line);
    if (raw === null) return;
    switch (columns.format) {
      case 'monthly_aggregate':
        this.monthly(raw, line);
        break;
      case 'home_office_pfa':
        this.homeOffice(raw, line);
        break;
      case 'home_office_pfa_group':
        this.homeOfficeGroup(raw, line);
        break;
      case 'record_level':
        this.recordLevel(raw, line);
        break;
    }
  }

  finish(opts: { input_sha256?: string } = {}): IngestResult {
    const sha = opts.input_sha256 ?? this.ctx.input_sha256;
    if (sha === undefined)
      throw new Error('finish(): input_sha256 was given neither to the constructor nor here');
    if (this.issues.count === 0) {
      if (!this.headerDone) {
        this.issues.add(0, 'file', null, 'the file is empty: expected a header line followed by data rows');
      } else if (this.rowsRead === 0) {
        this.issues.add(0, 'file', null, 'no data rows: the file has a header but no rows after it');
      } else if (this.cells.size === 0) {
        const why = [...this.skipped.values()].map(
          (s) => `${s.count} ${s.reason.replace(/_/g, ' ')} (${s.value})`,
        );
        this.issues.add(
          0,
          'file',
          null,
          `no usable rows: all ${this.rowsRead} data rows were skipped — ${why.join(', ')}; nothing to audit`,
        );
      }
    }
    if (this.issues.count > 0) return { ok: false, report: this.report(sha) };

    const format = this.columns!.format;
    const base = {
      source_format: format,
      source_file: this.ctx.file,
      input_sha256: sha,
      submitted_at: this.ctx.submitted_at,
      run_id: this.ctx.run_id,
    };
    const rows: ReturnRow[] = [];
    const notes: IngestNote[] = [];
    for (const cell of this.cells.values()) {
      const r = cell.row;
      rows.push({ ...r, ...base });
      if (cell.dupLines) {
        notes.push({
          kind: 'duplicate_key',
          force_code: r.force_code,
          period_start: r.period_start,
          period_end: r.period_end,
          offence_group: r.offence_group,
          offence_code: r.offence_code,
          file: this.ctx.file,
          lines: cell.dupLines,
          values: cell.dupValues!,
          input_sha256: sha,
        });
      }
      if (cell.unknownCode) {
        notes.push({
          kind: 'unknown_offence_code',
          force_code: r.force_code,
          offence_code: r.offence_code!,
          period_start: r.period_start,
          period_end: r.period_end,
          file: this.ctx.file,
          lines: cell.unknownLines ?? cell.dupLines ?? [r.source_line],
          recorded: r.recorded,
          input_sha256: sha,
        });
      }
    }
    notes.push(...this.recordLevelNotes(sha));
    const result: IngestResult = {
      ok: true,
      format,
      rows,
      notes,
      rowsRead: this.rowsRead,
      notAvailable: this.notAvailable,
      skipped: [...this.skipped.values()],
      offenceReferenceVersion: OFFENCE_REFERENCE_VERSION,
    };
    if (format === 'record_level') {
      result.transitions = [...this.transitions.values()].sort(
        (a, b) =>
          cmp(a.force_code, b.force_code) ||
          cmp(a.month, b.month) ||
          cmp(a.from_offence_code, b.from_offence_code) ||
          cmp(a.to_offence_code, b.to_offence_code),
      );
      result.cohorts = this.cohorts.build();
    }
    return result;
  }

  private report(sha: string): ValidationReport {
    return {
      file: this.ctx.file,
      input_sha256: sha,
      format: this.format,
      rows_read: this.rowsRead,
      issue_count: this.issues.count,
      issues: this.issues.issues,
      truncated: this.issues.truncated,
    };
  }

  // ---- reading a row into named text cells -------------------------------------------------------

  private rawFromArray(values: readonly string[], columns: ColumnMap, line: number): RawRow | null {
    if (values.length !== columns.width) {
      this.issues.add(
        line,
        'row',
        values.join(','),
        `expected ${columns.width} columns as in the header (line ${this.headerLine}), found ${values.length}`,
      );
      return null;
    }
    const raw: RawRow = {};
    for (const [field, i] of columns.index) raw[field] = values[i];
    return raw;
  }

  private rawFromObject(object: Record<string, unknown>, columns: ColumnMap, line: number): RawRow | null {
    const raw: RawRow = {};
    let ok = true;
    for (const key of Object.keys(object)) {
      const field = this.fieldOfKey(key, columns);
      if (field === null) continue;
      const v = object[key];
      if (v === null || v === undefined) raw[field] = '';
      else if (typeof v === 'string') raw[field] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') raw[field] = String(v);
      else {
        ok = false;
        this.issues.add(
          line,
          key,
          JSON.stringify(v),
          `expected text or a number, found ${Array.isArray(v) ? 'an array' : 'an object'}`,
        );
      }
    }
    // A key left out of an object is an empty cell: say so as such rather than as a type error.
    for (const r of formatSpec(columns.format).required) raw[r.field] ??= '';
    return ok ? raw : null;
  }

  private fieldOfKey(key: string, columns: ColumnMap): string | null {
    const cached = this.keyCache.get(key);
    if (cached !== undefined) return cached;
    const spec = formatSpec(columns.format);
    const k = nameKey(key);
    const field = [...spec.required, ...spec.optional].find((fs) => nameKey(fs.field) === k)?.field ?? null;
    if (this.keyCache.size < FORCE_CACHE_LIMIT) this.keyCache.set(key, field);
    return field;
  }

  private columnName(field: string): string {
    return this.columns?.headerName.get(field) ?? field;
  }

  /** Turns zod's issues into validation issues naming the column as the file wrote it. */
  private schemaIssues(
    error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> },
    raw: RawRow,
    line: number,
  ): void {
    for (const issue of error.issues) {
      const field = String(issue.path[0] ?? 'row');
      this.issues.add(line, this.columnName(field), raw[field] ?? null, issue.message);
    }
  }

  // ---- resolving forces and offences -------------------------------------------------------------

  /** The slug; null when the row was skipped (non-force body) or rejected (unknown force). */
  private force(text: string, field: string, line: number): string | null {
    let found = this.forceCache.get(text);
    if (found === undefined) {
      const f = resolveForce(text);
      const body = f ? null : resolveNonForceBody(text);
      found = f ? { slug: f.slug } : body ? { nonForce: body } : null;
      if (this.forceCache.size < FORCE_CACHE_LIMIT) this.forceCache.set(text, found);
    }
    if (found === null) {
      this.issues.add(line, this.columnName(field), text, UNKNOWN_FORCE_MESSAGE);
      return null;
    }
    if ('nonForce' in found) {
      this.skip(
        'non_force_body',
        field,
        found.nonForce,
        line,
        `rows for ${found.nonForce} were not audited: it is not a police force (fraud it records is counted nationally, not by a force)`,
      );
      return null;
    }
    return found.slug;
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
      s = { reason, field: this.columnName(field), value, count: 0, lines: [], message };
      this.skipped.set(key, s);
    }
    s.count += 1;
    if (s.lines.length < MAX_SKIPPED_LINES) s.lines.push(line);
  }

  private offence(code: string): { code: string; group: string; subgroup: string | null; known: boolean } {
    const info = lookupOffence(code);
    return info
      ? { code: info.code, group: info.group, subgroup: info.subgroup, known: true }
      : { code, group: UNKNOWN_OFFENCE_GROUP, subgroup: null, known: false };
  }

  // ---- the four formats --------------------------------------------------------------------------

  private monthly(raw: RawRow, line: number): void {
    const parsed = MonthlyAggregateRowSchema.safeParse(raw);
    if (!parsed.success) {
      this.schemaIssues(parsed.error, raw, line);
      return;
    }
    const r: MonthlyAggregateRow = parsed.data;
    const slug = this.force(r.force_code, 'force_code', line);
    if (slug === null) return;
    const o = this.offence(r.offence_code);
    this.addAggregate(
      {
        force_code: slug,
        period_start: r.month,
        period_end: r.month,
        grain: 'month',
        level: 'code',
        offence_code: o.code,
        offence_group: o.group,
        offence_subgroup: o.subgroup,
        recorded: r.recorded,
        // Absent column → null for every row: the no-crime checks then skip and say so.
        cancelled: this.columns!.index.has('cancelled') ? r.cancelled : null,
        source_line: line,
      },
      !o.known,
    );
  }

  private homeOffice(raw: RawRow, line: number): void {
    const parsed = HomeOfficePfaRowSchema.safeParse(raw);
    if (!parsed.success) {
      this.schemaIssues(parsed.error, raw, line);
      return;
    }
    const r: HomeOfficePfaRow = parsed.data;
    const slug = this.force(r.force_name, 'force_name', line);
    if (slug === null) return;
    if (r.number_of_offences === null) {
      this.notAvailableRow(raw, line);
      return;
    }
    const { start, end } = quarterMonths(r.financial_year, r.financial_quarter);
    // The table's own group and subgroup are the publisher's mapping for that year and are kept; the
    // reference table fills them only where the export left them blank. So a code retired before
    // 2024/25 is not "unknown" here: the Home Office said what it was.
    const ref = lookupOffence(r.offence_code);
    const group = r.offence_group ? (resolveOffenceGroup(r.offence_group) ?? r.offence_group) : ref?.group;
    const subgroup = r.offence_subgroup ?? (ref && ref.group === group ? ref.subgroup : null);
    this.addAggregate(
      {
        force_code: slug,
        period_start: start,
        period_end: end,
        grain: 'quarter',
        level: 'code',
        offence_code: ref?.code ?? r.offence_code,
        offence_group: group ?? UNKNOWN_OFFENCE_GROUP,
        offence_subgroup: group ? subgroup : null,
        recorded: r.number_of_offences,
        cancelled: null,
        source_line: line,
      },
      group === undefined,
    );
  }

  private homeOfficeGroup(raw: RawRow, line: number): void {
    const parsed = HomeOfficePfaGroupRowSchema.safeParse(raw);
    if (!parsed.success) {
      this.schemaIssues(parsed.error, raw, line);
      return;
    }
    const r: HomeOfficePfaGroupRow = parsed.data;
    const slug = this.force(r.force_name, 'force_name', line);
    if (slug === null) return;
    if (r.number_of_offences === null) {
      this.notAvailableRow(raw, line);
      return;
    }
    const { start, end } = quarterMonths(r.financial_year, r.financial_quarter);
    this.addAggregate(
      {
        force_code: slug,
        period_start: start,
        period_end: end,
        grain: 'quarter',
        level: 'group',
        offence_code: null,
        // Canonical spelling when it is a known group; otherwise as published (never guessed).
        offence_group: resolveOffenceGroup(r.offence_group) ?? r.offence_group,
        offence_subgroup: null,
        recorded: r.number_of_offences,
        cancelled: null,
        source_line: line,
      },
      false,
    );
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

  /**
   * Record-level: a recorded crime counts once, in the month of recorded_date, under its final offence
   * code. A cancelled crime counts as a cancellation in the month of status_date (when the no-crime
   * decision was made), and not as recorded. A transferred crime counts nowhere (see SkippedRows).
   * A crime_id counts once per force: later rows with it are left out and noted (repeatedCrime).
   */
  private recordLevel(raw: RawRow, line: number): void {
    const parsed = RecordLevelRowSchema.safeParse(raw);
    if (!parsed.success) {
      this.schemaIssues(parsed.error, raw, line);
      return;
    }
    const r: RecordLevelRow = parsed.data;
    const slug = this.force(r.force_code, 'force_code', line);
    if (slug === null) return;
    if (this.issues.count > 0) return; // the file is rejected anyway: stop accumulating
    // Every date the extract holds bounds its end, which decides which cohorts are complete.
    this.cohorts.see(r.recorded_date.date);
    if (r.status_date !== null) this.cohorts.see(r.status_date.date);
    const month = countingMonth(r);
    if (this.repeatedCrime(slug, r, month, line)) return;
    this.checkStatusDate(slug, r, month, line);
    if (r.status === 'transferred') {
      this.skip(
        'transferred',
        'status',
        'transferred',
        line,
        'transferred crimes are counted by the force they were transferred to, not here',
      );
      return;
    }
    const o = this.offence(r.offence_code);
    const cell = this.recordCell(slug, month, o, line);
    this.cohorts.add(
      slug,
      o.code,
      r.recorded_date.date,
      r.status === 'cancelled' ? (r.status_date?.date ?? null) : null,
    );
    if (r.status === 'recorded') {
      cell.row.recorded += 1;
      const from = r.original_offence_code;
      if (from !== null && from !== r.offence_code) {
        const fromCode = lookupOffence(from)?.code ?? from;
        const key = `${slug}|${month}|${fromCode}|${o.code}`;
        const t = this.transitions.get(key);
        if (t) t.count += 1;
        else {
          this.transitions.set(key, {
            force_code: slug,
            month,
            from_offence_code: fromCode,
            to_offence_code: o.code,
            count: 1,
          });
        }
      }
    } else {
      cell.row.cancelled = (cell.row.cancelled ?? 0) + 1;
    }
    if (cell.unknownLines && cell.unknownLines.length < MAX_NOTE_LINES && cell.row.source_line !== line) {
      cell.unknownLines.push(line);
    }
  }

  /**
   * True when the force already had a row with this crime_id: the row is left out and noted.
   *
   * The first row wins. It is the only rule that needs nothing the contract does not promise and can be
   * applied while streaming: the contract does not order an extract's rows (so "the last row is the
   * latest state" would be a guess), and undoing a count already made would mean keeping every crime's
   * whole row (its offence, status, month and reclassification) instead of a line number and a hash.
   * The alternatives were: last row wins (latest state, if rows were in time order); the row with the
   * latest status_date wins (needs that undo, and ties are common); rejecting the file (one repeated
   * reference would block the audit of a million good rows, for a fact about the force's data rather
   * than unreadable input); or summing as the aggregate formats do (the double counting this prevents).
   * Whichever row is right, the repeat is a finding, and the note says whether the rows disagreed, so
   * the force can say which is right. Transferred rows take part: a crime listed as transferred and
   * again as recorded is one crime with two contradicting rows. Rows left out get no further checks.
   */
  private repeatedCrime(slug: string, r: RecordLevelRow, month: string, line: number): boolean {
    const print = fingerprint([
      r.recorded_date.date,
      r.offence_code,
      r.original_offence_code,
      r.status,
      r.status_date?.date ?? null,
      r.cancellation_code,
    ]);
    const kept = this.crimeIds.repeatOf(slug, r.crime_id, line, month, print);
    if (kept === null) return false;
    const key = `${slug}|${kept.month}`;
    let bucket = this.duplicateCrimes.get(key);
    if (!bucket) {
      bucket = {
        force_code: slug,
        month: kept.month,
        crimes: 0,
        rows_dropped: 0,
        conflicting_rows: 0,
        duplicates: [],
      };
      this.duplicateCrimes.set(key, bucket);
    }
    if (kept.firstRepeat) bucket.crimes += 1;
    bucket.rows_dropped += 1;
    if (!kept.identical) bucket.conflicting_rows += 1;
    if (bucket.duplicates.length < MAX_NOTE_LINES) {
      bucket.duplicates.push({ crime_id: r.crime_id, kept_line: kept.line, line, identical: kept.identical });
    }
    return true;
  }

  /**
   * A cancelled or transferred record whose status_date is before its recorded_date is impossible,
   * but it is noted for a data-quality finding, not rejected as a validation error. Each date is
   * readable on its own, so this is a fact about the force's records, like a negative count (see
   * schemas.ts), not unreadable input: rejecting the file would stop the audit of every other row, and
   * a corrected re-submission would erase from the audit trail the very records an auditor should ask
   * about (a no-crime decision dated before the crime existed is worth a question, not a parse error).
   * The record is still counted as given (a cancellation in the month of its status_date), and the
   * finding names the line, crime_id and both dates so the force data team can correct it. Days are
   * compared (UK calendar dates): time of day is not comparable across recording systems. A recorded
   * crime's status_date is not checked: it decides no count, and some systems hold the incident date
   * there, which may precede recording.
   */
  private checkStatusDate(slug: string, r: RecordLevelRow, month: string, line: number): void {
    if (r.status === 'recorded' || r.status_date === null) return;
    if (r.status_date.date >= r.recorded_date.date) return;
    const key = `${slug}|${month}`;
    let bucket = this.statusDates.get(key);
    if (!bucket) {
      bucket = { force_code: slug, month, records: 0, examples: [] };
      this.statusDates.set(key, bucket);
    }
    bucket.records += 1;
    if (bucket.examples.length < MAX_NOTE_LINES) {
      bucket.examples.push({
        crime_id: r.crime_id,
        line,
        status: r.status,
        recorded_date: r.recorded_date.date,
        status_date: r.status_date.date,
      });
    }
  }

  /**
   * The record-level notes, one per force and month. A note is current while its force, month and
   * file are (see notes.ts), so it must sit in a month in which this file made a cell for the force.
   * Only a transferred row can be counted nowhere; a note whose month has no cell moves to the force's
   * nearest earlier month with one (else its first), where the rows it lists are still named by line.
   */
  private recordLevelNotes(sha: string): IngestNote[] {
    if (this.duplicateCrimes.size === 0 && this.statusDates.size === 0) return [];
    const monthsOf = new Map<string, string[]>();
    for (const { row } of this.cells.values()) {
      const ms = monthsOf.get(row.force_code);
      if (ms) ms.push(row.period_start);
      else monthsOf.set(row.force_code, [row.period_start]);
    }
    for (const ms of monthsOf.values()) ms.sort();
    const anchor = (force: string, month: string): string => {
      const ms = monthsOf.get(force);
      if (!ms || ms.includes(month)) return month;
      return ms.filter((m) => m < month).pop() ?? ms[0]!;
    };
    const file = this.ctx.file;
    const dup = new Map<string, DuplicateCrimeNote>();
    for (const b of this.duplicateCrimes.values()) {
      const month = anchor(b.force_code, b.month);
      const key = `${b.force_code}|${month}`;
      const n = dup.get(key);
      if (!n) {
        dup.set(key, {
          kind: 'duplicate_crime_id',
          force_code: b.force_code,
          period_start: month,
          period_end: month,
          file,
          crimes: b.crimes,
          rows_dropped: b.rows_dropped,
          conflicting_rows: b.conflicting_rows,
          duplicates: b.duplicates,
          input_sha256: sha,
        });
        continue;
      }
      n.crimes += b.crimes;
      n.rows_dropped += b.rows_dropped;
      n.conflicting_rows += b.conflicting_rows;
      n.duplicates = [...n.duplicates, ...b.duplicates].slice(0, MAX_NOTE_LINES);
    }
    const status = new Map<string, StatusDateNote>();
    for (const b of this.statusDates.values()) {
      const month = anchor(b.force_code, b.month);
      const key = `${b.force_code}|${month}`;
      const n = status.get(key);
      if (!n) {
        status.set(key, {
          kind: 'status_date_before_recorded',
          force_code: b.force_code,
          period_start: month,
          period_end: month,
          file,
          records: b.records,
          examples: b.examples,
          input_sha256: sha,
        });
        continue;
      }
      n.records += b.records;
      n.examples = [...n.examples, ...b.examples].slice(0, MAX_NOTE_LINES);
    }
    const byKey = (a: { force_code: string; period_start: string }, b: typeof a) =>
      cmp(a.force_code, b.force_code) || cmp(a.period_start, b.period_start);
    return [...[...dup.values()].sort(byKey), ...[...status.values()].sort(byKey)];
  }

  private recordCell(
    slug: string,
    month: string,
    o: { code: string; group: string; subgroup: string | null; known: boolean },
    line: number,
  ): Cell {
    const key = `${slug}|${month}|${o.code}`;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = {
        row: {
          force_code: slug,
          period_start: month,
          period_end: month,
          grain: 'month',
          level: 'code',
          offence_code: o.code,
          offence_group: o.group,
          offence_subgroup: o.subgroup,
          recorded: 0,
          cancelled: 0,
          source_line: line,
        },
        unknownCode: !o.known,
      };
      if (!o.known) cell.unknownLines = [line];
      this.cells.set(key, cell);
    }
    return cell;
  }

  /** Aggregate formats: one row is one cell; a key seen again is summed and noted, not rejected. */
  private addAggregate(row: Cell['row'], unknownCode: boolean): void {
    if (this.issues.count > 0) return; // the file is rejected anyway: stop accumulating
    const key = cellKey(row);
    const cell = this.cells.get(key);
    if (!cell) {
      this.cells.set(key, { row, unknownCode });
      return;
    }
    if (!cell.dupLines) {
      cell.dupLines = [cell.row.source_line];
      cell.dupValues = [cell.row.recorded];
    }
    cell.dupLines.push(row.source_line);
    cell.dupValues!.push(row.recorded);
    cell.row.recorded += row.recorded;
    // A total is known only if every part is: one unknown part makes the sum unknown.
    cell.row.cancelled =
      cell.row.cancelled === null || row.cancelled === null ? null : cell.row.cancelled + row.cancelled;
  }
}

/**
 * The month a record-level row counts in: a recorded crime in the month of recorded_date, a
 * cancellation in the month of status_date (when the no-crime decision was made). A transferred crime
 * counts nowhere; its month (status_date, else recorded_date) only places the notes about it.
 */
function countingMonth(r: RecordLevelRow): string {
  if (r.status === 'recorded') return r.recorded_date.month;
  if (r.status === 'cancelled') return r.status_date!.month;
  return (r.status_date ?? r.recorded_date).month;
}
