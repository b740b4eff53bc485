/**
 * DuckDB answers a query on a table it does not have with its closest catalog name, which is as often
 * one of its own system tables (`duckdb_tables`, `pg_tables`) as one of the audit's. An auditor can
 * query only the audit's tables, so the message names those instead, keeping DuckDB's guess only when
 * it is one of them.
 */
const CATALOG_MISS = /^Catalog Error: Table with name (.+?) does not exist!(?:\s*Did you mean "([^"]+)"\?)?/;

/** The reworded message for a missing table, or null when `message` is about something else. */
export function unknownTableMessage(message: string, tables: readonly string[]): string | null {
  const m = CATALOG_MISS.exec(message);
  if (!m) return null;
  const guess = m[2] !== undefined && tables.includes(m[2]) ? ` (did you mean ${m[2]}?)` : '';
  return `no table ${m[1]}${guess}; the tables are ${tables.join(', ')}`;
}
