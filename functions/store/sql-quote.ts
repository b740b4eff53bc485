/**
 * Quoting that is valid in both SQL dialects the lake is queried in, DuckDB locally and Trino in
 * Athena, so SQL built once runs in either.
 */

/** A double-quoted identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A single-quoted SQL string literal. */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
