/**
 * The stored tables as the Parquet codec, the local and S3 repositories and the DuckDB views
 * see them: column list (from core/model), zod schema, and which columns are REQUIRED in the file.
 * Required-ness is derived from the zod schema so that a column the schema allows to be null is
 * never written as REQUIRED (Athena and DuckDB would then disagree about a null in a later file).
 */
import type { z } from 'zod';
import { ANNOTATION_COLUMNS, type Annotation, AnnotationSchema } from '#core/model/annotations.ts';
import { FINDING_EVENT_COLUMNS, type FindingEvent, FindingEventSchema } from '#core/model/finding-events.ts';
import { FINDING_COLUMNS, type Finding, FindingSchema } from '#core/model/findings.ts';
import { RETURN_COLUMNS, type ReturnRow, ReturnRowSchema } from '#core/model/returns.ts';
import { RUN_COLUMNS, type Run, RunSchema } from '#core/model/runs.ts';
import { type ColumnList, decodeParquet, encodeParquet } from './codec.ts';

export interface TableSpec<T> {
  /** Table name in DuckDB and in Glue/Athena. */
  readonly name: 'findings' | 'returns' | 'runs' | 'finding_events' | 'findings_history' | 'annotations';
  readonly columns: ColumnList<Extract<keyof T, string>>;
  readonly schema: z.ZodType<T>;
  /** Columns whose zod type rejects null: written as Parquet REQUIRED. */
  readonly required: ReadonlySet<string>;
}

/** Columns of a zod object schema that do not accept null. */
export function nonNullableColumns(schema: z.ZodObject, columns: ColumnList): Set<string> {
  const shape = schema.shape as Record<string, z.ZodType>;
  const out = new Set<string>();
  for (const [name] of columns) {
    const field = shape[name];
    if (field && !field.safeParse(null).success) out.add(name);
  }
  return out;
}

export const FINDINGS_TABLE: TableSpec<Finding> = {
  name: 'findings',
  columns: FINDING_COLUMNS,
  schema: FindingSchema,
  required: nonNullableColumns(FindingSchema, FINDING_COLUMNS),
};

export const RETURNS_TABLE: TableSpec<ReturnRow> = {
  name: 'returns',
  columns: RETURN_COLUMNS,
  schema: ReturnRowSchema,
  required: nonNullableColumns(ReturnRowSchema, RETURN_COLUMNS),
};

export const RUNS_TABLE: TableSpec<Run> = {
  name: 'runs',
  columns: RUN_COLUMNS,
  schema: RunSchema,
  required: nonNullableColumns(RunSchema, RUN_COLUMNS),
};

export const FINDING_EVENTS_TABLE: TableSpec<FindingEvent> = {
  name: 'finding_events',
  columns: FINDING_EVENT_COLUMNS,
  schema: FindingEventSchema,
  required: nonNullableColumns(FindingEventSchema, FINDING_EVENT_COLUMNS),
};

/** Finding rows as each run reported them: the findings table's columns. */
export const FINDINGS_HISTORY_TABLE: TableSpec<Finding> = { ...FINDINGS_TABLE, name: 'findings_history' };

export const ANNOTATIONS_TABLE: TableSpec<Annotation> = {
  name: 'annotations',
  columns: ANNOTATION_COLUMNS,
  schema: AnnotationSchema,
  required: nonNullableColumns(AnnotationSchema, ANNOTATION_COLUMNS),
};

/** Encodes rows of a table (REQUIRED columns from its schema). */
export function encodeTable<T extends object>(
  table: TableSpec<T>,
  rows: readonly T[],
  rowGroupSize?: number,
  keyValue?: Readonly<Record<string, string>>,
): Uint8Array {
  return encodeParquet(rows, table.columns, {
    required: table.required,
    ...(rowGroupSize === undefined ? {} : { rowGroupSize }),
    ...(keyValue === undefined ? {} : { keyValue }),
  });
}

/** Decodes a table's Parquet file; rows are shaped by the codec, not re-validated (see tests). */
export function decodeTable<T>(table: TableSpec<T>, bytes: Uint8Array | ArrayBuffer): Promise<T[]> {
  return decodeParquet<T>(bytes, table.columns);
}
