/**
 * Record-level extracts: each crime counts once, aggregated into month cells, while the facts only
 * records show are gathered on the way — repeated crime_ids, impossible status dates, cancellation
 * cohorts and reclassifications (original → final offence code).
 *
 * The extract's edge: an extract taken when its last crimes' decisions were made runs past its last
 * recording month, and the months after it hold cancellations only (of crimes recorded before). They
 * are not months of the return — nothing was recorded in them — and read as such they would show
 * every offence "cancelled more than recorded" and then absent. So a cancellation decided after the
 * force's last recording month counts in its recording month (its cohort's month) instead, and no
 * cell is made after that month.
 */
import type { CancellationCohort, IngestNote, ReclassificationTransition } from '../model/ingest.ts';
import { cmp } from '../series/streams.ts';
import { CellIndex } from './cell-index.ts';
import { type AccumulatedCells, type CellRow, unknownCodeNote } from './cells.ts';
import { type CohortCell, CohortCounter } from './cohorts.ts';
import { CrimeIdIndex, rowFingerprint } from './crime-ids.ts';
import { MAX_NOTE_LINES, RecordNotes } from './record-notes.ts';
import { codeLevel, type ResolvedOffence, resolveOffenceCode } from './resolver.ts';
import type { RecordLevelRow } from './schemas.ts';

interface RecordCell {
  row: CellRow;
  /** The cohort of the crimes recorded in this cell's month (kept once met: most rows count in both). */
  cohort?: CohortCell;
  /** Set when the offence code is not in the reference table: the first lines, for the note. */
  unknownLines?: number[];
}

interface LateCancellations {
  slug: string;
  /** The month the cancellation was decided (status_date) and the month the crime was recorded. */
  decided: string;
  recorded: string;
  offence: ResolvedOffence;
  count: number;
  /** The first line, for a cell this creates. */
  line: number;
}

/** What became of a row: counted in a cell, left out as a repeat, or counted nowhere (transferred). */
export type RecordOutcome = 'counted' | 'repeated' | 'transferred';

export interface AccumulatedRecords extends AccumulatedCells {
  transitions: ReclassificationTransition[];
  cohorts: CancellationCohort[];
}

/** Distinct offence codes whose resolution is remembered; past this each is resolved afresh. */
const OFFENCE_CACHE_LIMIT = 8192;

export class RecordAccumulator {
  /** The cells in the order first seen, and found by force, month and code. */
  private cells: RecordCell[] = [];
  private readonly cellIndex = new CellIndex<RecordCell>();
  private readonly offences = new Map<string, ResolvedOffence>();
  /** By force, month and the from code, then by the to code. */
  private readonly transitionIndex = new CellIndex<Map<string, ReclassificationTransition>>();
  private readonly transitions: ReclassificationTransition[] = [];
  private readonly cohorts = new CohortCounter();
  /** Every crime_id seen, per force (see crime-ids.ts for what it costs). */
  private readonly crimeIds: CrimeIdIndex;
  private readonly notes = new RecordNotes();
  /** Per force, the latest month in which the extract holds a recording (any status). */
  private readonly lastRecordingMonth = new Map<string, string>();
  /** Cancellations counted in a later month than their recording: force|decided|recorded|code → count. */
  private readonly decidedLater = new Map<string, LateCancellations>();

  /** `expectedRows`: an estimate of the extract's rows, if known, to size the crime_id index for. */
  constructor(expectedRows = 0) {
    this.crimeIds = new CrimeIdIndex(expectedRows);
  }

  get size(): number {
    return this.cells.length;
  }

  /**
   * A recorded crime counts once, in the month of recorded_date, under its final offence code. A
   * cancelled crime counts as a cancellation in the month of status_date (when the no-crime decision
   * was made), and not as recorded — or in its recording month when that decision came after the
   * force's last recording month (the extract's edge, see the header; applied in finish). A transferred crime counts nowhere (see SkippedRows). A crime_id
   * counts once per force: later rows with it are left out and noted (see repeatedCrime).
   */
  add(slug: string, r: RecordLevelRow, line: number): RecordOutcome {
    // Every date the extract holds bounds its end, which decides which cohorts are complete.
    this.cohorts.see(r.recorded_date.date);
    if (r.status_date !== null) this.cohorts.see(r.status_date.date);
    const month = countingMonth(r);
    if (this.repeatedCrime(slug, r, month, line)) return 'repeated';
    const recordedMonth = r.recorded_date.month;
    if (recordedMonth > (this.lastRecordingMonth.get(slug) ?? ''))
      this.lastRecordingMonth.set(slug, recordedMonth);
    this.notes.checkStatusDate(slug, r, month, line);
    if (r.status === 'transferred') return 'transferred';
    const o = this.offence(r.offence_code);
    const cell = this.cell(slug, month, o, line);
    let cohort: CohortCell;
    if (month === recordedMonth) {
      cell.cohort ??= this.cohorts.cohort(slug, month, o.code);
      cohort = cell.cohort;
    } else cohort = this.cohorts.cohort(slug, recordedMonth, o.code);
    this.cohorts.count(
      cohort,
      r.recorded_date.date,
      r.status === 'cancelled' ? (r.status_date?.date ?? null) : null,
    );
    if (r.status === 'recorded') {
      cell.row.recorded += 1;
      const from = r.original_offence_code;
      if (from !== null && from !== r.offence_code) this.transition(slug, month, from, o.code);
    } else {
      cell.row.cancelled = (cell.row.cancelled ?? 0) + 1;
      if (month > recordedMonth) this.decidedAfter(slug, month, recordedMonth, o, line);
    }
    if (cell.unknownLines && cell.unknownLines.length < MAX_NOTE_LINES && cell.row.source_line !== line) {
      cell.unknownLines.push(line);
    }
    return 'counted';
  }

  /**
   * The cells in the order first seen; the unknown-code notes per cell, then the record-level notes;
   * transitions sorted by force, month, from and to; the cohorts.
   */
  finish(file: string, input_sha256: string): AccumulatedRecords {
    this.attributeBeyondEdge();
    const rows: CellRow[] = [];
    const notes: IngestNote[] = [];
    for (const { row, unknownLines } of this.cells) {
      rows.push(row);
      if (unknownLines) notes.push(unknownCodeNote(row, unknownLines, file, input_sha256));
    }
    const transitions = [...this.transitions].sort(
      (a, b) =>
        cmp(a.force_code, b.force_code) ||
        cmp(a.month, b.month) ||
        cmp(a.from_offence_code, b.from_offence_code) ||
        cmp(a.to_offence_code, b.to_offence_code),
    );
    return {
      rows,
      notes: [...notes, ...this.notes.notes(rows, file, input_sha256)],
      transitions,
      cohorts: this.cohorts.build(),
    };
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
    const print = rowFingerprint(r);
    const kept = this.crimeIds.repeatOf(slug, r.crime_id, line, month, print);
    if (kept === null) return false;
    this.notes.repeat(slug, r.crime_id, kept, line);
    return true;
  }

  private decidedAfter(
    slug: string,
    decided: string,
    recorded: string,
    o: ResolvedOffence,
    line: number,
  ): void {
    const key = `${slug}|${decided}|${recorded}|${o.code}`;
    const late = this.decidedLater.get(key);
    if (late) late.count += 1;
    else this.decidedLater.set(key, { slug, decided, recorded, offence: o, count: 1, line });
  }

  /**
   * Moves each cancellation decided after its force's last recording month into its recording month,
   * and drops the cells that leaves empty (every cell after the edge: they held only such cancellations).
   */
  private attributeBeyondEdge(): void {
    for (const late of this.decidedLater.values()) {
      const edge = this.lastRecordingMonth.get(late.slug) ?? '';
      if (late.decided <= edge) continue;
      const from = this.cellIndex.get(late.slug, late.decided, late.offence.code)!;
      from.row.cancelled = (from.row.cancelled ?? 0) - late.count;
      const to = this.cell(late.slug, late.recorded, late.offence, late.line);
      to.row.cancelled = (to.row.cancelled ?? 0) + late.count;
    }
    this.cells = this.cells.filter(({ row }) => row.recorded !== 0 || row.cancelled !== 0);
  }

  private transition(slug: string, month: string, from: string, toCode: string): void {
    const fromCode = this.offence(from).code;
    let byTo = this.transitionIndex.get(slug, month, fromCode);
    if (!byTo) {
      byTo = new Map();
      this.transitionIndex.set(slug, month, fromCode, byTo);
    }
    const t = byTo.get(toCode);
    if (t) t.count += 1;
    else {
      const made = {
        force_code: slug,
        month,
        from_offence_code: fromCode,
        to_offence_code: toCode,
        count: 1,
      };
      byTo.set(toCode, made);
      this.transitions.push(made);
    }
  }

  private offence(code: string): ResolvedOffence {
    let o = this.offences.get(code);
    if (!o) {
      o = resolveOffenceCode(code);
      if (this.offences.size < OFFENCE_CACHE_LIMIT) this.offences.set(code, o);
    }
    return o;
  }

  private cell(slug: string, month: string, o: ResolvedOffence, line: number): RecordCell {
    let cell = this.cellIndex.get(slug, month, o.code);
    if (!cell) {
      cell = {
        row: {
          force_code: slug,
          period_start: month,
          period_end: month,
          grain: 'month',
          ...codeLevel(o),
          recorded: 0,
          cancelled: 0,
          source_line: line,
        },
      };
      if (!o.known) cell.unknownLines = [line];
      this.cellIndex.set(slug, month, o.code, cell);
      this.cells.push(cell);
    }
    return cell;
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
