/**
 * Whole-file writes that never leave a partial file under the final name: write (or copy) to a
 * hidden temporary sibling, fsync, then rename over the target (atomic on one POSIX file system).
 * Temporary names start with `.` and end with `.tmp`, so no reader's name pattern matches them.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Where a write to target is made before it is renamed into place. */
export function tempSibling(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** `.<target name>.<pid>-<8 hex>.tmp`: the names tempSibling makes, and no name a user would choose. */
const TEMP_NAME = /^\..+\.\d+-[0-9a-f]{8}\.tmp$/;

export function isTempFileName(name: string): boolean {
  return TEMP_NAME.test(name);
}

export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temp = tempSibling(target);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

export async function copyFileAtomic(source: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temp = tempSibling(target);
  try {
    await copyFile(source, temp);
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** Joins a layout key ('/'-separated, already validated) onto the store root. */
export function keyPath(root: string, key: string): string {
  return join(root, ...key.split('/'));
}
