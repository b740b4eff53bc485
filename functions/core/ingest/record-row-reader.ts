/**
 * The record-level row of a CSV record, read without zod: a million-row extract would otherwise pay
 * for a schema parse and its intermediate objects on every row. It applies RecordLevelRowSchema's
 * rules (schemas.ts) with the same parsers, and gives up — returns null — on anything it is not sure
 * of: the schema then reads the row, so what it accepts, what it refuses and every message stay the
 * schema's.
 *
 * It reads a record from the text of its line, cells found by their commas, so that a row costs no
 * array of cut-out cells. An extract repeats few dates, codes, statuses and forces, so what each cell
 * text means is remembered per distinct text (text-cache.ts) and found without cutting the cell out;
 * only the crime_id, different on every row, is cut out.
 */
import { normaliseOffenceCode } from '../reference/offence-code.ts';
import type { ColumnMap } from './formats.ts';
import { parseRecordDate } from './periods.ts';
import type { RecordLevelRow, RecordStatus } from './schemas.ts';
import { TextCache } from './text-cache.ts';

type RecordDate = RecordLevelRow['recorded_date'];

/** A date cell: the date, or that it was empty, or that it does not parse (the schema words that). */
type DateCell = RecordDate | 'empty' | 'invalid';

const STATUSES = new Map<string, RecordStatus>([
  ['recorded', 'recorded'],
  ['cancelled', 'cancelled'],
  ['transferred', 'transferred'],
]);

const FIRST_YEAR = 1900;
const LAST_YEAR = 2099;
/** Months 0–12 and days 0–31 as written (a month 00 or a 31 April is the parser's to refuse). */
const DAY_SLOTS = (LAST_YEAR - FIRST_YEAR + 1) * 13 * 32;

export class RecordRowReader {
  private readonly dates = new TextCache<DateCell>((text) => {
    const t = trimmed(text);
    return t === null ? 'empty' : (parseRecordDate(t) ?? 'invalid');
  });
  /** An offence code as the schema normalises it; null for an empty cell. */
  private readonly codes = new TextCache<string | null>((text) => {
    const t = trimmed(text);
    return t === null ? null : normaliseOffenceCode(t);
  });
  private readonly statuses = new TextCache<RecordStatus | null>(
    (text) => STATUSES.get(text.trim().toLowerCase()) ?? null,
  );
  /**
   * Dates written YYYY-MM-DD in the years 1900–2099, at a slot their digits give (daySlot): found
   * without hashing the text; the value is the one `dates` gives for that text.
   */
  private readonly days: Array<DateCell | undefined> = new Array(DAY_SLOTS).fill(undefined);
  /** Force codes and cancellation codes, trimmed (null when empty). */
  private readonly texts = new TextCache<string | null>(trimmed);
  private readonly at: Record<keyof RecordLevelRow, number>;
  private readonly width: number;
  /** Where each cell of the record being read starts and ends (end exclusive). */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;

  constructor(columns: ColumnMap) {
    const at = (field: keyof RecordLevelRow) => columns.index.get(field) ?? -1;
    this.at = {
      crime_id: at('crime_id'),
      force_code: at('force_code'),
      recorded_date: at('recorded_date'),
      offence_code: at('offence_code'),
      original_offence_code: at('original_offence_code'),
      status: at('status'),
      status_date: at('status_date'),
      cancellation_code: at('cancellation_code'),
    };
    this.width = columns.width;
    this.starts = new Int32Array(columns.width);
    this.ends = new Int32Array(columns.width);
  }

  /** The row as the schema would give it, or null when the schema must decide (it may be an error). */
  read(values: readonly string[]): RecordLevelRow | null {
    // A cell holding a comma gives the joined text more cells than the header: the schema decides.
    const text = values.join(',');
    return this.readText(text, 0, text.length);
  }

  /**
   * The row from text[start, end), a record whose cells are separated by commas and hold none (one
   * line of a CSV file without quotes), or null when the schema must decide: a different number of
   * cells than the header's included.
   */
  readText(text: string, start: number, end: number): RecordLevelRow | null {
    if (!this.cut(text, start, end)) return null;
    const at = this.at;
    const crime_id = this.cell(text, at.crime_id, trimmed);
    const force_code = this.cell(text, at.force_code, this.texts);
    const recorded_date = this.date(text, at.recorded_date);
    const offence = this.cell(text, at.offence_code, this.codes);
    const status = this.cell(text, at.status, this.statuses);
    if (crime_id === null || force_code === null || offence === null || status === null) return null;
    if (recorded_date === 'empty' || recorded_date === 'invalid') return null;
    const statusDate = this.date(text, at.status_date);
    if (statusDate === 'invalid' || (statusDate === 'empty' && status === 'cancelled')) return null;
    return {
      crime_id,
      force_code,
      recorded_date,
      offence_code: offence,
      original_offence_code: this.cell(text, at.original_offence_code, this.codes),
      status,
      status_date: statusDate === 'empty' ? null : statusDate,
      cancellation_code: this.cell(text, at.cancellation_code, this.texts),
    };
  }

  /** Finds the cells of text[start, end); false when there are more or fewer than the header's. */
  private cut(text: string, start: number, end: number): boolean {
    const last = this.width - 1;
    let from = start;
    for (let i = 0; i < last; i++) {
      const comma = text.indexOf(',', from);
      if (comma === -1 || comma >= end) return false;
      this.starts[i] = from;
      this.ends[i] = comma;
      from = comma + 1;
    }
    const comma = text.indexOf(',', from);
    if (comma !== -1 && comma < end) return false;
    this.starts[last] = from;
    this.ends[last] = end;
    return true;
  }

  /** Date cell `i`. */
  private date(text: string, i: number): DateCell {
    if (i < 0) return this.dates.get('', 0, 0);
    const start = this.starts[i]!;
    const end = this.ends[i]!;
    const slot = end - start === 10 ? daySlot(text, start) : -1;
    if (slot < 0) return this.dates.get(text, start, end);
    let d = this.days[slot];
    if (d === undefined) {
      d = this.dates.get(text, start, end);
      this.days[slot] = d;
    }
    return d;
  }

  /** What cell `i` means; a column the header lacks reads as an empty cell. */
  private cell<V>(text: string, i: number, meaning: TextCache<V> | ((cell: string) => V)): V {
    const start = i < 0 ? 0 : this.starts[i]!;
    const end = i < 0 ? 0 : this.ends[i]!;
    return typeof meaning === 'function' ? meaning(text.slice(start, end)) : meaning.get(text, start, end);
  }
}

const DASH = 45;
const ZERO = 48;

/**
 * The slot of a YYYY-MM-DD text at text[start, start + 10): one per text for the years 1900–2099,
 * months up to 12 and days up to 31; -1 for any other text.
 */
function daySlot(text: string, start: number): number {
  if (text.charCodeAt(start + 4) !== DASH || text.charCodeAt(start + 7) !== DASH) return -1;
  const year = digits(text, start, 4);
  const month = digits(text, start + 5, 2);
  const day = digits(text, start + 8, 2);
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 0 || month > 12 || day < 0 || day > 31) return -1;
  return ((year - FIRST_YEAR) * 13 + month) * 32 + day;
}

/** The number text[from, from + n) writes in decimal digits, or -1 when it is not all digits. */
function digits(text: string, from: number, n: number): number {
  let value = 0;
  for (let k = 0; k < n; k++) {
    const digit = text.charCodeAt(from + k) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** A text cell, trimmed; null when empty (for a required cell, the schema words that error). */
function trimmed(text: string): string | null {
  const t = text.trim();
  return t === '' ? null : t;
}
