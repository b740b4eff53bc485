/**
 * The auditors' named queries: the `*.sql` files beside this module. Each file is one read-only
 * Athena (Trino) statement over `findings`, `returns` and `runs` that also runs unchanged in the
 * embedded DuckDB engine; its first line is `-- <description>`, and `?` marks its parameters (see
 * bind-parameters.ts and README.md).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { placeholderOffsets } from './bind-parameters.ts';

export const QUERIES_DIR = import.meta.dirname;

export interface NamedQuery {
  /** File name without `.sql`. */
  name: string;
  path: string;
  description: string;
  sql: string;
  /** Number of `?` placeholders, bound in order. */
  parameters: number;
}

export async function loadNamedQueries(dir: string = QUERIES_DIR): Promise<NamedQuery[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (file) => {
      const path = join(dir, file);
      const sql = await readFile(path, 'utf8');
      const first = sql.split('\n', 1)[0] ?? '';
      const m = /^--\s*(.+\S)\s*$/.exec(first);
      if (!m?.[1]) throw new Error(`${file}: the first line must be "-- <description>"`);
      return {
        name: file.slice(0, -'.sql'.length),
        path,
        description: m[1],
        sql,
        parameters: placeholderOffsets(sql).length,
      };
    }),
  );
}
