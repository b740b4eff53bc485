/**
 * The auditors' library of saved Athena queries: every `<name>.sql` file in functions/queries becomes
 * one named query, its first line (`-- <description>`) the description. Read at synth time, so a
 * query added to the directory is deployed without touching the infrastructure code.
 *
 * `returns_current` (the latest revision of every returns cell) is a view, and Glue can only hold an
 * Athena view in Athena's own encoded form; rather than forge that encoding, the library carries a
 * named query that creates (or refreshes) the view from the SQL the local engine uses
 * (functions/store/returns-current.ts). Run it once after the first deploy. `finding_status` (each
 * finding's status from its latest event, functions/store/finding-status.ts) is carried the same way.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FINDING_STATUS_SQL, FINDING_STATUS_VIEW } from '#store/finding-status.ts';
import { RETURNS_CURRENT_SQL, RETURNS_CURRENT_VIEW } from '#store/returns-current.ts';

export interface SavedQuery {
  name: string;
  description: string;
  sql: string;
}

/** Athena's limits on a named query. */
const MAX_NAME = 128;
const MAX_DESCRIPTION = 1024;
const MAX_QUERY_BYTES = 262_144;

export const CREATE_RETURNS_CURRENT_QUERY = 'create_returns_current_view';
export const CREATE_FINDING_STATUS_QUERY = 'create_finding_status_view';

export class QueryLibraryError extends Error {
  override name = 'QueryLibraryError';
}

/** The `.sql` files of `dir`, sorted by name; none when the directory does not exist. */
export function listQueryFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => join(dir, f));
}

export function parseQueryFile(file: string, text: string): SavedQuery {
  const name = basename(file, '.sql');
  const newline = text.indexOf('\n');
  const first = (newline === -1 ? text : text.slice(0, newline)).replace(/\r$/, '');
  const match = /^--\s*(.*\S)\s*$/.exec(first);
  if (!match?.[1]) {
    throw new QueryLibraryError(`${file}: the first line must be "-- <description of the query>"`);
  }
  const sql = text.trim();
  if (sql.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('--'))) {
    throw new QueryLibraryError(`${file}: holds a description but no SQL`);
  }
  if (name.length > MAX_NAME) throw new QueryLibraryError(`${file}: name longer than ${MAX_NAME}`);
  if (match[1].length > MAX_DESCRIPTION) {
    throw new QueryLibraryError(`${file}: description longer than ${MAX_DESCRIPTION} characters`);
  }
  if (Buffer.byteLength(sql) > MAX_QUERY_BYTES) {
    throw new QueryLibraryError(`${file}: query longer than ${MAX_QUERY_BYTES} bytes`);
  }
  return { name, description: match[1], sql };
}

export function readQueryLibrary(dir: string): SavedQuery[] {
  return listQueryFiles(dir).map((file) => parseQueryFile(file, readFileSync(file, 'utf8')));
}

export function returnsCurrentViewQuery(): SavedQuery {
  return {
    name: CREATE_RETURNS_CURRENT_QUERY,
    description:
      'Creates or refreshes the returns_current view (latest revision of every returns cell). Run once after the first deploy.',
    sql: `CREATE OR REPLACE VIEW ${RETURNS_CURRENT_VIEW} AS\n${RETURNS_CURRENT_SQL}`,
  };
}

export function findingStatusViewQuery(): SavedQuery {
  return {
    name: CREATE_FINDING_STATUS_QUERY,
    description:
      "Creates or refreshes the finding_status view (each finding's status from its latest event). Run once after the first deploy.",
    sql: `CREATE OR REPLACE VIEW ${FINDING_STATUS_VIEW} AS\n${FINDING_STATUS_SQL}`,
  };
}
