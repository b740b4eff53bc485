/** Temporary directories and "uploaded" files for the storage, engine and adapter tests. */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function tempDir(
  prefix = 'auditor-storage-',
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes an "uploaded" file and returns its path and content hash. */
export async function uploadFile(
  dir: string,
  name: string,
  content: string,
): Promise<{ path: string; sha: string }> {
  const path = join(dir, name);
  await writeFile(path, content);
  return { path, sha: sha256(content) };
}
