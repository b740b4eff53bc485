/**
 * Parquet encoding and decoding of the project's tables with hyparquet-writer / hyparquet: pure
 * JavaScript, so the same code runs in the CLI and in Lambda.
 *
 * Physical types (one mapping, shared with the DuckDB views and the Glue table):
 *   string    → BYTE_ARRAY (UTF8)                    DuckDB VARCHAR    Glue string
 *   double    → DOUBLE                               DuckDB DOUBLE     Glue double
 *   bigint    → INT64                                DuckDB BIGINT     Glue bigint
 *   boolean   → BOOLEAN                              DuckDB BOOLEAN    Glue boolean
 *   timestamp → INT64 TIMESTAMP(MICROS, isAdjustedToUTC=false)
 *                                                    DuckDB TIMESTAMP  Glue timestamp
 * Timestamps are written as UTC wall-clock instants without a zone annotation on purpose: a
 * `isAdjustedToUTC=true` column reads as TIMESTAMP WITH TIME ZONE in DuckDB, which renders in the
 * session zone and does not match Glue's zone-less `timestamp`. Every writer here stores UTC, so
 * "TIMESTAMP" always means UTC in this project. Microseconds are what Spark, Arrow and Trino write
 * by default; JavaScript Dates carry milliseconds, so the last three digits are always zero.
 */

import type { SchemaElement } from 'hyparquet';
import { parquetMetadata, parquetRead } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { ColumnType } from '#core/model/findings.ts';

export type ColumnList<K extends string = string> = ReadonlyArray<readonly [K, ColumnType]>;

export interface EncodeOptions {
  /** Columns that may not hold null (written as Parquet REQUIRED); every other column is OPTIONAL. */
  required?: Iterable<string>;
  /** Rows per row group (default 100 000: large enough for scans, small enough to stream). */
  rowGroupSize?: number;
  /** File-level key-value metadata (what a derived file was derived from, say). */
  keyValue?: Readonly<Record<string, string>>;
}

export const DEFAULT_ROW_GROUP_SIZE = 100_000;

/** Encodes rows as a snappy-compressed Parquet file holding exactly `columns`, in that order. */
export function encodeParquet<R extends object>(
  rows: readonly R[],
  columns: ColumnList,
  options: EncodeOptions = {},
): Uint8Array {
  const required = new Set(options.required ?? []);
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }];
  const columnData: Array<{ name: string; data: unknown[] }> = [];
  for (const [name, type] of columns) {
    const isRequired = required.has(name);
    schema.push(schemaElement(name, type, isRequired));
    const data = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      data[i] = toParquetValue((rows[i] as Record<string, unknown>)[name], type, name, i, isRequired);
    }
    columnData.push({ name, data });
  }
  const buffer = parquetWriteBuffer({
    columnData,
    schema,
    codec: 'SNAPPY',
    rowGroupSize: options.rowGroupSize ?? DEFAULT_ROW_GROUP_SIZE,
    // Full-length min/max statistics for the short keys (force, period) that queries filter on.
    statisticsTruncateLength: 64,
    createdBy: 'crime-recording-auditor',
    ...(options.keyValue
      ? { kvMetadata: Object.entries(options.keyValue).map(([key, value]) => ({ key, value })) }
      : {}),
  });
  return new Uint8Array(buffer);
}

/** The file-level key-value metadata of a Parquet file (empty when it has none). */
export function parquetKeyValue(bytes: Uint8Array | ArrayBuffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of parquetMetadata(toArrayBuffer(bytes)).key_value_metadata ?? []) {
    if (kv.value !== undefined) out[kv.key] = kv.value;
  }
  return out;
}

/**
 * Decodes a Parquet file into plain row objects with exactly `columns` as keys: strings, numbers
 * (INT64 becomes a number, refused when beyond 2^53), booleans, Dates for timestamps, null for
 * nulls. A column absent from the file (an older file written before the column existed) is null.
 */
export async function decodeParquet<T = Record<string, unknown>>(
  bytes: Uint8Array | ArrayBuffer,
  columns: ColumnList,
): Promise<T[]> {
  const buffer = toArrayBuffer(bytes);
  const metadata = parquetMetadata(buffer);
  const present = new Set(metadata.schema.slice(1).map((e) => e.name));
  const wanted = columns.filter(([name]) => present.has(name));
  const names = wanted.map(([name]) => name);
  const rows: unknown[][] = names.length
    ? await new Promise((resolve, reject) => {
        parquetRead({
          file: buffer,
          metadata,
          columns: names,
          rowFormat: 'array',
          onComplete: (result: unknown[][]) => resolve(result),
        }).catch(reject);
      })
    : [];
  const count = names.length ? rows.length : Number(metadata.num_rows);
  const out = new Array<T>(count);
  for (let r = 0; r < count; r++) {
    const values = rows[r];
    const obj: Record<string, unknown> = {};
    let w = 0;
    for (const [name, type] of columns) {
      if (present.has(name)) {
        obj[name] = fromParquetValue(values?.[w], type, name);
        w++;
      } else {
        obj[name] = null;
      }
    }
    out[r] = obj as T;
  }
  return out;
}

function schemaElement(name: string, type: ColumnType, isRequired: boolean): SchemaElement {
  const repetition_type = isRequired ? 'REQUIRED' : 'OPTIONAL';
  switch (type) {
    case 'string':
      return {
        name,
        type: 'BYTE_ARRAY',
        converted_type: 'UTF8',
        logical_type: { type: 'STRING' },
        repetition_type,
      };
    case 'double':
      return { name, type: 'DOUBLE', repetition_type };
    case 'bigint':
      return { name, type: 'INT64', repetition_type };
    case 'boolean':
      return { name, type: 'BOOLEAN', repetition_type };
    case 'timestamp':
      return {
        name,
        type: 'INT64',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' },
        repetition_type,
      };
  }
}

function toParquetValue(
  value: unknown,
  type: ColumnType,
  column: string,
  row: number,
  isRequired: boolean,
): unknown {
  if (value === null || value === undefined) {
    if (isRequired) throw new TypeError(`Parquet column "${column}" row ${row}: null in a required column`);
    return null;
  }
  switch (type) {
    case 'string':
      if (typeof value !== 'string') throw wrongType(column, row, 'a string', value);
      return value;
    case 'double':
      if (typeof value !== 'number') throw wrongType(column, row, 'a number', value);
      return value;
    case 'bigint':
      if (typeof value === 'bigint') return value;
      if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
      throw wrongType(column, row, 'an integer', value);
    case 'boolean':
      if (typeof value !== 'boolean') throw wrongType(column, row, 'a boolean', value);
      return value;
    case 'timestamp':
      if (!(value instanceof Date) || Number.isNaN(value.getTime()))
        throw wrongType(column, row, 'a valid Date', value);
      return value;
  }
}

function wrongType(column: string, row: number, expected: string, value: unknown): TypeError {
  return new TypeError(`Parquet column "${column}" row ${row}: expected ${expected}, got ${describe(value)}`);
}

function fromParquetValue(value: unknown, type: ColumnType, column: string): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'bigint': {
      if (typeof value === 'number') return value;
      if (typeof value === 'bigint') {
        const n = Number(value);
        if (!Number.isSafeInteger(n))
          throw new RangeError(`Parquet column "${column}": ${value} exceeds 2^53`);
        return n;
      }
      break;
    }
    case 'timestamp':
      if (value instanceof Date) return value;
      break;
    case 'double':
      if (typeof value === 'number') return value;
      if (typeof value === 'bigint') return Number(value);
      break;
    case 'string':
      if (typeof value === 'string') return value;
      break;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      break;
  }
  throw new TypeError(`Parquet column "${column}": expected ${type}, file holds ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : 'a Date';
  return typeof value;
}

/** hyparquet reads from an ArrayBuffer; a Node Buffer may be a view into a larger shared pool. */
function toArrayBuffer(bytes: Uint8Array | ArrayBuffer): ArrayBuffer {
  if (bytes instanceof ArrayBuffer) return bytes;
  if (
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
  ) {
    return bytes.buffer;
  }
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
