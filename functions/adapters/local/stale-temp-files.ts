/**
 * Removes the temporary files a killed or crashed run left in a local store. Readers already pass
 * them over (they match exact layout keys), but they would pile up, and a raw copy can be as large
 * as the upload.
 *
 * The local store takes no lock, so another run may be writing into the same directory right now.
 * A live write renames its temporary file within seconds of creating it (one fsync of at most one
 * upload), and the name's process id cannot be trusted across machines sharing a directory or after
 * the id is reused; so a temporary file is stale when it has not been modified for MIN_AGE_MS, which
 * leaves any write in progress alone by a wide margin.
 */
import type { Dirent } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isTempFileName } from './atomic-file.ts';

export const STALE_TEMP_MIN_AGE_MS = 15 * 60 * 1000;

/** Deletes stale temporary files anywhere under root; returns their paths, sorted. */
export async function removeStaleTempFiles(
  root: string,
  opts: { now?: Date; minAgeMs?: number } = {},
): Promise<string[]> {
  const cutoff = (opts.now ?? new Date()).getTime() - (opts.minAgeMs ?? STALE_TEMP_MIN_AGE_MS);
  let entries: Dirent[];
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const removed: string[] = [];
  for (const e of entries) {
    if (!e.isFile() || !isTempFileName(e.name)) continue;
    const path = join(e.parentPath, e.name);
    const info = await stat(path).catch(() => null);
    // Gone already (its write finished, or another run swept it), or still being written.
    if (info === null || info.mtimeMs > cutoff) continue;
    await rm(path, { force: true });
    removed.push(path);
  }
  return removed.sort();
}
