/**
 * The record-level row of a CSV record, read without zod: a million-row extract would otherwise pay
 * for a schema parse and its intermediate objects on every row. It applies RecordLevelRowSchema's
 * rules (schemas.ts) with the same parsers, and gives up — returns null — on anything it is not sure
 * of: the schema then reads the row, so what it accepts, what it refuses and every message stay the
 * schema's. An extract repeats few dates and codes, so their parses are remembered (up to a bound).
 */
import { normaliseOffenceCode } from '../reference/offence-code.ts';
import type { ColumnMap } from './formats.ts';
import { parseRecordDate } from './periods.ts';
import type { RecordLevelRow, RecordStatus } from './schemas.ts';

/** Distinct dates and codes remembered; past this each is parsed afresh (memory stays bounded). */
const CACHE_LIMIT = 8192;

type RecordDate = RecordLevelRow['recorded_date'];

const STATUSES = new Map<string, RecordStatus>([
  ['recorded', 'recorded'],
  ['cancelled', 'cancelled'],
  ['transferred', 'transferred'],
]);

export class RecordRowReader {
  private readonly dates = new Map<string, RecordDate | null>();
  private readonly codes = new Map<string, string>();
  private readonly at: Record<keyof RecordLevelRow, number>;

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
  }

  /** The row as the schema would give it, or null when the schema must decide (it may be an error). */
  read(values: readonly string[]): RecordLevelRow | null {
    const at = this.at;
    const crime_id = trimmed(values[at.crime_id]);
    const force_code = trimmed(values[at.force_code]);
    const recordedText = trimmed(values[at.recorded_date]);
    const offence = trimmed(values[at.offence_code]);
    const status = STATUSES.get(values[at.status]?.trim().toLowerCase() ?? '');
    if (crime_id === null || force_code === null || recordedText === null || offence === null || !status)
      return null;
    const recorded_date = this.date(recordedText);
    if (recorded_date === null) return null;
    const statusText = trimmed(values[at.status_date]);
    let status_date: RecordDate | null = null;
    if (statusText !== null) {
      status_date = this.date(statusText);
      if (status_date === null) return null;
    } else if (status === 'cancelled') return null;
    const original = trimmed(values[at.original_offence_code]);
    return {
      crime_id,
      force_code,
      recorded_date,
      offence_code: this.code(offence),
      original_offence_code: original === null ? null : this.code(original),
      status,
      status_date,
      cancellation_code: trimmed(values[at.cancellation_code]),
    };
  }

  /** The parsed date (shared between rows: never changed), or null when it does not parse. */
  private date(text: string): RecordDate | null {
    let d = this.dates.get(text);
    if (d === undefined) {
      d = parseRecordDate(text);
      if (this.dates.size < CACHE_LIMIT) this.dates.set(text, d);
    }
    return d;
  }

  private code(text: string): string {
    let c = this.codes.get(text);
    if (c === undefined) {
      c = normaliseOffenceCode(text);
      if (this.codes.size < CACHE_LIMIT) this.codes.set(text, c);
    }
    return c;
  }
}

/** A text cell, trimmed; null when empty or absent (for a required cell, the schema words that error). */
function trimmed(text: string | undefined): string | null {
  if (text === undefined) return null;
  const t = text.trim();
  return t === '' ? null : t;
}
