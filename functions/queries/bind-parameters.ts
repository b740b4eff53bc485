/**
 * `?` placeholders in the named queries. In Athena they are bound by StartQueryExecution's
 * ExecutionParameters (each value is SQL literal text, so a string arrives quoted: `'kent'`); the
 * embedded engine takes one finished statement, so locally the same values are written into the
 * SQL as quoted literals. Either way every value is a string literal, never SQL: a quote inside a
 * value is doubled, so a value cannot end its literal.
 *
 * A `?` inside a string literal, a quoted identifier or a comment is not a placeholder.
 */
import { quoteLiteral } from '../store/sql-quote.ts';

export class ParameterCountError extends Error {
  override name = 'ParameterCountError';
}

/** Offsets of the `?` placeholders in the SQL text. */
export function placeholderOffsets(sql: string): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === "'" || c === '"') {
      // A quoted literal or identifier; a doubled quote inside it is an escaped quote.
      i++;
      while (i < sql.length) {
        if (sql[i] === c) {
          if (sql[i + 1] === c) i += 2;
          else break;
        } else i++;
      }
      i++;
    } else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else {
      if (c === '?') out.push(i);
      i++;
    }
  }
  return out;
}

/** The values as Athena ExecutionParameters: SQL string literals. */
export function asExecutionParameters(values: readonly string[]): string[] {
  return values.map(quoteLiteral);
}

/** The SQL with each `?` replaced by the next value as a string literal; the counts must match. */
export function bindParameters(sql: string, values: readonly string[]): string {
  const offsets = placeholderOffsets(sql);
  if (offsets.length !== values.length) {
    throw new ParameterCountError(
      `the query has ${offsets.length} "?" placeholder(s) but ${values.length} value(s) were given (--param)`,
    );
  }
  let out = '';
  let from = 0;
  for (const [k, at] of offsets.entries()) {
    out += sql.slice(from, at) + quoteLiteral(values[k] as string);
    from = at + 1;
  }
  return out + sql.slice(from);
}
