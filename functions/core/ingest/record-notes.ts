/**
 * The record-level notes, filled row by row while reading and handed out one per force and month:
 * crime_ids repeated within a force (duplicate_crime_id) and cancellations or transfers dated before
 * the crime was recorded (status_date_before_recorded).
 */
import type { IngestNote, IngestNoteOf } from '../model/ingest.ts';
import { cmp } from '../series/streams.ts';
import type { CellRow } from './cells.ts';
import type { KeptRow } from './crime-ids.ts';
import type { RecordLevelRow } from './schemas.ts';

/** Lines kept per note: evidence, not an inventory. */
export const MAX_NOTE_LINES = 20;

type DuplicateCrimeNote = IngestNoteOf<'duplicate_crime_id'>;
type StatusDateNote = IngestNoteOf<'status_date_before_recorded'>;

/** One per force and month while reading. */
type DuplicateBucket = Pick<
  DuplicateCrimeNote,
  'force_code' | 'crimes' | 'rows_dropped' | 'conflicting_rows' | 'duplicates'
> & { month: string };
type StatusDateBucket = Pick<StatusDateNote, 'force_code' | 'records' | 'examples'> & { month: string };

export class RecordNotes {
  private readonly duplicateCrimes = new Map<string, DuplicateBucket>();
  private readonly statusDates = new Map<string, StatusDateBucket>();

  /** A row left out because its force already had a row with its crime_id (see CrimeIdIndex). */
  repeat(slug: string, crimeId: string, kept: KeptRow, line: number): void {
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
      bucket.duplicates.push({ crime_id: crimeId, kept_line: kept.line, line, identical: kept.identical });
    }
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
  checkStatusDate(slug: string, r: RecordLevelRow, month: string, line: number): void {
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
   * The notes, one per force and month. A note is current while its force, month and file are (see
   * notes.ts), so it must sit in a month in which this file made a cell for the force. Only a
   * transferred row can be counted nowhere; a note whose month has no cell moves to the force's nearest
   * earlier month with one (else its first), where the rows it lists are still named by line.
   */
  notes(cells: readonly CellRow[], file: string, input_sha256: string): IngestNote[] {
    if (this.duplicateCrimes.size === 0 && this.statusDates.size === 0) return [];
    const monthsOf = new Map<string, string[]>();
    for (const row of cells) {
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
    const place = { anchor, file, input_sha256 };
    const duplicates = anchoredNotes(this.duplicateCrimes.values(), place, duplicateCrimeNote, addDuplicates);
    const statusDates = anchoredNotes(this.statusDates.values(), place, statusDateNote, addStatusDates);
    return [...duplicates, ...statusDates];
  }
}

/** Where a note sits: its force and anchored month, and the file it is about. */
interface NotePlace {
  force_code: string;
  period_start: string;
  period_end: string;
  file: string;
}

function duplicateCrimeNote(b: DuplicateBucket, where: NotePlace, input_sha256: string): DuplicateCrimeNote {
  const { crimes, rows_dropped, conflicting_rows, duplicates } = b;
  return {
    kind: 'duplicate_crime_id',
    ...where,
    crimes,
    rows_dropped,
    conflicting_rows,
    duplicates,
    input_sha256,
  };
}

function addDuplicates(n: DuplicateCrimeNote, b: DuplicateBucket): void {
  n.crimes += b.crimes;
  n.rows_dropped += b.rows_dropped;
  n.conflicting_rows += b.conflicting_rows;
  n.duplicates = [...n.duplicates, ...b.duplicates].slice(0, MAX_NOTE_LINES);
}

function statusDateNote(b: StatusDateBucket, where: NotePlace, input_sha256: string): StatusDateNote {
  const { records, examples } = b;
  return { kind: 'status_date_before_recorded', ...where, records, examples, input_sha256 };
}

function addStatusDates(n: StatusDateNote, b: StatusDateBucket): void {
  n.records += b.records;
  n.examples = [...n.examples, ...b.examples].slice(0, MAX_NOTE_LINES);
}

/** One note per force and anchored month, its buckets merged in the order read; sorted by force, month. */
function anchoredNotes<B extends { force_code: string; month: string }, N extends IngestNote>(
  buckets: Iterable<B>,
  place: { anchor: (force: string, month: string) => string; file: string; input_sha256: string },
  create: (bucket: B, where: NotePlace, input_sha256: string) => N,
  merge: (note: N, bucket: B) => void,
): N[] {
  const notes = new Map<string, N>();
  for (const b of buckets) {
    const month = place.anchor(b.force_code, b.month);
    const key = `${b.force_code}|${month}`;
    const n = notes.get(key);
    if (n) merge(n, b);
    else {
      const where = { force_code: b.force_code, period_start: month, period_end: month, file: place.file };
      notes.set(key, create(b, where, place.input_sha256));
    }
  }
  return [...notes.values()].sort(
    (a, b) => cmp(a.force_code, b.force_code) || cmp(a.period_start, b.period_start),
  );
}
