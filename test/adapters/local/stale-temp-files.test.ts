// Temporary files a crashed write left in a local store: never read as data, and swept once stale.
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTempFileName, tempSibling } from '#adapters/local/atomic-file.ts';
import { removeStaleTempFiles, STALE_TEMP_MIN_AGE_MS } from '#adapters/local/stale-temp-files.ts';
import { openLocalStore } from '#adapters/local/store.ts';
import { returnRow } from '#test-support/rows.ts';
import { sha256, tempDir, uploadFile } from '#test-support/temp-files.ts';

let root: string;
let inbox: string;
let cleanups: Array<() => Promise<void>> = [];

beforeEach(async () => {
  const out = await tempDir('auditor-out-');
  const uploads = await tempDir('auditor-inbox-');
  root = out.dir;
  inbox = uploads.dir;
  cleanups = [out.cleanup, uploads.cleanup];
});
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function files(): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Leaves a temporary file where a write to target would make it, as a killed process would. */
async function leftover(target: string, content: string | Uint8Array, ageMs: number): Promise<string> {
  const temp = tempSibling(target);
  await mkdir(dirname(temp), { recursive: true });
  await writeFile(temp, content);
  const when = new Date(Date.now() - ageMs);
  await utimes(temp, when, when);
  return temp;
}

describe('removeStaleTempFiles', () => {
  it('removes what a crashed submission left, which was never read as data, and keeps the rest', async () => {
    const { path, sha } = await uploadFile(inbox, 'kent.csv', 'kent');
    const store = openLocalStore(root);
    await store.returns.putSubmission({
      fileName: 'kent.csv',
      inputSha256: sha,
      rawPath: path,
      rows: [returnRow({ input_sha256: sha, force_code: 'kent', recorded: 7 })],
    });
    const committed = await files();
    const manifest = committed.find((p) => p.includes('/curated/submissions/'))!;
    const curated = committed.find((p) => p.includes('/curated/returns/'))!;

    // A second submission killed mid-write: its curated cells and manifest exist only as temp files.
    const crashed = sha256('crashed');
    const hour = 60 * 60 * 1000;
    const crashedManifest = (await readFile(manifest, 'utf8')).replaceAll(sha, crashed);
    const stale = [
      await leftover(join(dirname(manifest), `${crashed}.json`), crashedManifest, hour),
      await leftover(join(dirname(curated), `${crashed}.parquet`), await readFile(curated), hour),
      await leftover(join(root, 'findings', 'force_code=kent', 'findings.parquet'), 'partial', hour),
    ];
    // A write that may still be in progress in another run, and a user's own file: both kept.
    const live = await leftover(join(root, 'runs', 'run_id=r1', 'run.parquet'), 'partial', 1000);
    const mine = join(root, '.notes.tmp');
    await writeFile(mine, 'mine');

    const before = await openLocalStore(root).returns.loadAll();
    expect(before.rows.map((r) => [r.input_sha256, r.recorded])).toEqual([[sha, 7]]);

    const removed = await removeStaleTempFiles(root);
    expect(removed).toEqual([...stale].sort());
    expect(await files()).toEqual([...committed, live, mine].sort());
    const after = await openLocalStore(root).returns.loadAll();
    expect(after.rows.map((r) => [r.input_sha256, r.recorded])).toEqual([[sha, 7]]);
  });

  it('takes a temporary file as stale only after the minimum age', async () => {
    const temp = await leftover(join(root, 'findings.parquet'), 'x', STALE_TEMP_MIN_AGE_MS - 60_000);
    expect(await removeStaleTempFiles(root)).toEqual([]);
    expect(await removeStaleTempFiles(root, { now: new Date(Date.now() + 120_000) })).toEqual([temp]);
  });

  it('matches the names the atomic writer makes, and no ordinary name', () => {
    expect(isTempFileName(basename(tempSibling('/out/runs/run_id=x/run.parquet')))).toBe(true);
    for (const name of ['.tmp', '.notes.tmp', 'kent.csv.tmp', '.kent.csv.123.tmp', 'findings.parquet'])
      expect(isTempFileName(name), name).toBe(false);
  });

  it('does nothing for a store that does not exist yet', async () => {
    expect(await removeStaleTempFiles(join(root, 'absent'))).toEqual([]);
  });
});
