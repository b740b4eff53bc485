/**
 * The S3 repositories against an in-memory S3: the same objects, keys and bytes as the local
 * repositories write for the same input, the manifest last, listings paginated without a delimiter.
 */

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalStore } from '#adapters/local/store.ts';
import { openS3Store, type S3Store } from '#adapters/s3/store.ts';
import type { Submission } from '#core/ports.ts';
import { FakeS3 } from '#test-support/fake-s3.ts';
import { finding } from '#test-support/findings.ts';
import { returnRow } from '#test-support/rows.ts';
import { runRecord } from '#test-support/runs.ts';
import { sha256, tempDir, uploadFile } from '#test-support/temp-files.ts';

const RETURNS = 'returns-bucket';
const FINDINGS = 'findings-bucket';
let s3: FakeS3;
let store: S3Store;
let local: Awaited<ReturnType<typeof tempDir>>;
let inbox: Awaited<ReturnType<typeof tempDir>>;

beforeEach(async () => {
  s3 = new FakeS3(RETURNS, FINDINGS);
  store = openS3Store({
    client: new S3Client({ region: 'eu-west-2' }),
    returnsBucket: RETURNS,
    findingsBucket: FINDINGS,
    objects: { pageSize: 2 },
  });
  local = await tempDir('auditor-s3-parity-');
  inbox = await tempDir('auditor-s3-inbox-');
});
afterEach(async () => {
  s3.restore();
  await local.cleanup();
  await inbox.cleanup();
});

async function submission(name: string, content: string, forces: string[]): Promise<Submission> {
  const file = await uploadFile(inbox.dir, name, content);
  return {
    fileName: name,
    inputSha256: file.sha,
    rawPath: file.path,
    rows: forces.map((force, i) =>
      returnRow({ force_code: force, input_sha256: file.sha, source_file: name, source_line: i + 2 }),
    ),
    notes: [],
    transitions: [
      {
        force_code: forces[0] as string,
        month: '2019-07',
        from_offence_code: '8N',
        to_offence_code: '105A',
        count: 2,
      },
    ],
    cohorts: [
      {
        force_code: forces[0] as string,
        month: '2019-07',
        offence_code: '8N',
        crimes: 12,
        cancelled_within: 1,
        follow_up_days: 90,
        complete: true,
      },
    ],
  };
}

async function localFiles(root: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(
      path
        .slice(root.length + 1)
        .split('\\')
        .join('/'),
      await readFile(path),
    );
  }
  return out;
}

describe('S3 repositories', () => {
  it('write the same keys and bytes as the local repositories', async () => {
    const localStore = openLocalStore(local.dir);
    const subs = [
      await submission('kent.csv', 'kent return', ['kent']),
      await submission('national.csv', 'national table', ['kent', 'essex']),
    ];
    for (const s of subs) {
      await localStore.returns.putSubmission(s);
      await store.returns.putSubmission(s);
    }
    const findings = [
      finding({ force_code: 'kent', finding_id: 'f-1' }),
      finding({ force_code: 'kent', finding_id: 'f-2' }),
    ];
    await localStore.findings.replaceForce('kent', findings);
    await store.findings.replaceForce('kent', findings);
    await localStore.runs.put(runRecord());
    await store.runs.put(runRecord());

    const expected = await localFiles(local.dir);
    const actual = new Map<string, Uint8Array>([...s3.bucket(RETURNS), ...s3.bucket(FINDINGS)]);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, bytes] of expected)
      expect(Buffer.from(actual.get(key) as Uint8Array).equals(bytes), key).toBe(true);
    expect(s3.keys(RETURNS, 'raw/')).toEqual([
      `raw/force_code=kent/${sha256('kent return')}/kent.csv`,
      `raw/force_code=mixed/${sha256('national table')}/national.csv`,
    ]);

    expect(await store.returns.loadAll()).toEqual(await localStore.returns.loadAll());
    expect(await store.findings.loadAll()).toEqual(await localStore.findings.loadAll());
    expect(await store.runs.loadAll()).toEqual(await localStore.runs.loadAll());
  });

  it('commits a submission by writing its manifest last, and treats one without a manifest as absent', async () => {
    const s = await submission('kent.csv', 'kent return', ['kent']);
    await store.returns.putSubmission(s);
    const puts = s3.mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);
    expect(puts.at(-1)).toBe(`curated/submissions/${s.inputSha256}.json`);
    expect(puts).toHaveLength(3);

    // As if the function died before the manifest: the curated object is no part of the table.
    s3.bucket(RETURNS).delete(`curated/submissions/${s.inputSha256}.json`);
    expect(await store.returns.hasSubmission(s.inputSha256)).toBe(false);
    expect((await store.returns.loadAll()).rows).toEqual([]);
    // Idempotent: a second put of a committed submission writes nothing.
    await store.returns.putSubmission(s);
    const before = s3.mock.commandCalls(PutObjectCommand).length;
    await store.returns.putSubmission(s);
    expect(s3.mock.commandCalls(PutObjectCommand).length).toBe(before);
  });

  it('lists every page without a delimiter, oldest submission first', async () => {
    for (let i = 0; i < 5; i++) {
      const s = await submission(`f${i}.csv`, `content ${i}`, ['kent']);
      s.rows = s.rows.map((r) => ({ ...r, submitted_at: new Date(Date.UTC(2024, 0, 10 - i)) }));
      await store.returns.putSubmission(s);
    }
    const manifests = await store.returns.manifests();
    expect(manifests.map((m) => m.fileName)).toEqual(['f4.csv', 'f3.csv', 'f2.csv', 'f1.csv', 'f0.csv']);
    const lists = s3.mock.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input);
    expect(lists.length).toBeGreaterThanOrEqual(3);
    expect(lists.every((l) => l.Delimiter === undefined && l.MaxKeys === 2)).toBe(true);
    expect(lists.some((l) => l.ContinuationToken)).toBe(true);
    // Strays under the prefix (temp files, other names) are not manifests.
    s3.putText(RETURNS, 'curated/submissions/notes.txt', 'x');
    expect(await store.returns.manifests()).toHaveLength(5);
  });

  it('replaces and clears a force’s findings, refusing another force’s rows', async () => {
    await store.findings.replaceForce('kent', [finding({ force_code: 'kent' })]);
    expect(await store.findings.loadForce('kent')).toHaveLength(1);
    await expect(store.findings.replaceForce('kent', [finding({ force_code: 'essex' })])).rejects.toThrow(
      /one for essex/,
    );
    await store.findings.replaceForce('kent', []);
    expect(s3.keys(FINDINGS, 'findings/')).toEqual([]);
    expect(await store.findings.loadForce('kent')).toEqual([]);
    await expect(store.findings.replaceForce('../x', [])).rejects.toThrow(/not a force slug/);
  });

  it('quarantines the bytes beside the report and returns an s3:// location', async () => {
    const file = await uploadFile(inbox.dir, 'report.json', 'bad bytes');
    const location = await store.quarantine.put({
      fileName: 'report.json',
      rawPath: file.path,
      report: {
        file: 'report.json',
        input_sha256: file.sha,
        format: null,
        rows_read: 0,
        issue_count: 0,
        issues: [],
        truncated: false,
      },
    });
    expect(location).toBe(`s3://${RETURNS}/quarantine/${file.sha}/upload-report.json`);
    expect(s3.text(RETURNS, `quarantine/${file.sha}/upload-report.json`)).toBe('bad bytes');
    expect(JSON.parse(s3.text(RETURNS, `quarantine/${file.sha}/report.json`)).input_sha256).toBe(file.sha);
  });
});
