/**
 * Schema check of rows about to be written: the stored tables only ever hold rows that pass the
 * zod schemas of core/model, so a reader never has to second-guess a file it finds.
 */
import type { TableSpec } from '../parquet/tables.ts';

export class InvalidRowError extends Error {
  override name = 'InvalidRowError';
}

/** Returns the rows parsed by the table's schema; throws naming the first bad row and field. */
export function validateRows<T>(table: TableSpec<T>, rows: readonly T[], context: string): T[] {
  const out = new Array<T>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const result = table.schema.safeParse(rows[i]);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue?.path.join('.') || '(row)';
      throw new InvalidRowError(
        `${context}: ${table.name} row ${i}, field "${field}": ${issue?.message ?? 'invalid'}`,
      );
    }
    out[i] = result.data;
  }
  return out;
}
