/**
 * Turns one raw record of a file whose header was recognised (CSV values in header order, or one JSON
 * Lines object) into the typed row of its format. Every problem becomes a validation issue naming the
 * line, the column as the file spelt it, the value and what was expected; the row is then null.
 */
import type { z } from 'zod';
import type { SourceFormat } from '../model/returns.ts';
import { nameKey } from '../reference/name-key.ts';
import { type ColumnMap, formatSpec } from './formats.ts';
import type { IssueCollector } from './issues.ts';
import { RecordRowReader } from './record-row-reader.ts';
import {
  HomeOfficePfaGroupRowSchema,
  HomeOfficePfaRowSchema,
  MonthlyAggregateRowSchema,
  type RecordLevelRow,
  RecordLevelRowSchema,
} from './schemas.ts';

/** Distinct JSON Lines keys remembered; beyond this each key is matched afresh (memory stays bounded). */
const KEY_CACHE_LIMIT = 1000;

/** A record as named text cells, before any field is interpreted. */
export type RawRow = Record<string, string | undefined>;

/** The schema of each format's rows. */
const ROW_SCHEMAS = {
  monthly_aggregate: MonthlyAggregateRowSchema,
  home_office_pfa: HomeOfficePfaRowSchema,
  home_office_pfa_group: HomeOfficePfaGroupRowSchema,
  record_level: RecordLevelRowSchema,
} as const satisfies Record<SourceFormat, z.ZodType>;

/**
 * A decoded row with the raw cells it came from (a skipped row reports the text it held); none for a
 * record-level row, which is never skipped for what a cell says.
 */
export type DecodedRow = {
  [F in SourceFormat]: {
    format: F;
    row: z.infer<(typeof ROW_SCHEMAS)[F]>;
    raw: F extends 'record_level' ? null : RawRow;
  };
}[SourceFormat];

export class RowDecoder {
  /** JSON Lines: object key → field (or null for keys no field uses). */
  private readonly keyCache = new Map<string, string | null>();
  /** Record-level CSV rows are read without the schema where that is safe (see record-row-reader.ts). */
  private readonly records: RecordRowReader | null;

  constructor(
    readonly columns: ColumnMap,
    private readonly headerLine: number,
    private readonly issues: IssueCollector,
  ) {
    this.records = columns.format === 'record_level' ? new RecordRowReader(columns) : null;
  }

  /** The column as the file named it, for issues and skipped rows. */
  columnName(field: string): string {
    return this.columns.headerName.get(field) ?? field;
  }

  /**
   * A record-level row from text[start, end), one CSV line without quotes, when the record reader is
   * sure of it; otherwise null, and the caller splits the line and gives the cells to decode().
   */
  decodeRecordText(text: string, start: number, end: number): RecordLevelRow | null {
    return this.records?.readText(text, start, end) ?? null;
  }

  /** One data row; null (with its issues recorded) when it cannot be read. `line` is 1-based and physical. */
  decode(values: readonly string[] | Record<string, unknown>, line: number): DecodedRow | null {
    if (this.records !== null && Array.isArray(values) && values.length === this.columns.width) {
      const row = this.records.read(values);
      if (row !== null) return { format: 'record_level', row, raw: null };
    }
    const raw = Array.isArray(values)
      ? this.rawFromArray(values as readonly string[], line)
      : this.rawFromObject(values as Record<string, unknown>, line);
    if (raw === null) return null;
    const format = this.columns.format;
    const parsed = ROW_SCHEMAS[format].safeParse(raw);
    if (parsed.success) {
      // The row was parsed by the schema of `format`; TypeScript cannot pair the two through the table.
      return { format, row: parsed.data, raw: format === 'record_level' ? null : raw } as DecodedRow;
    }
    // zod's issues become validation issues naming the column as the file wrote it.
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'row');
      this.issues.add(line, this.columnName(field), raw[field] ?? null, issue.message);
    }
    return null;
  }

  private rawFromArray(values: readonly string[], line: number): RawRow | null {
    const { width, index } = this.columns;
    if (values.length !== width) {
      this.issues.add(
        line,
        'row',
        values.join(','),
        `expected ${width} columns as in the header (line ${this.headerLine}), found ${values.length}`,
      );
      return null;
    }
    const raw: RawRow = {};
    for (const [field, i] of index) raw[field] = values[i];
    return raw;
  }

  private rawFromObject(object: Record<string, unknown>, line: number): RawRow | null {
    const raw: RawRow = {};
    let ok = true;
    for (const key of Object.keys(object)) {
      const field = this.fieldOfKey(key);
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
    for (const r of formatSpec(this.columns.format).required) raw[r.field] ??= '';
    return ok ? raw : null;
  }

  private fieldOfKey(key: string): string | null {
    const cached = this.keyCache.get(key);
    if (cached !== undefined) return cached;
    const spec = formatSpec(this.columns.format);
    const k = nameKey(key);
    const field = [...spec.required, ...spec.optional].find((fs) => nameKey(fs.field) === k)?.field ?? null;
    if (this.keyCache.size < KEY_CACHE_LIMIT) this.keyCache.set(key, field);
    return field;
  }
}
