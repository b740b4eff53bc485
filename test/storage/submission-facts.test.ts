import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalStore } from '../../functions/adapters/local/store.ts';
import type { IngestNote } from '../../functions/core/checks/check.ts';
import { makeReturnRow, makeRun, tempDir, uploadFile } from './fixtures.ts';

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

describe('facts kept with a submission', () => {
  it('gives back its ingest notes and its transitions, tagged with the submission hash', async () => {
    const { path, sha } = await uploadFile(inbox, 'rl.csv', 'record level');
    const store = openLocalStore(root);
    const note: IngestNote = {
      kind: 'duplicate_key',
      force_code: 'greater-manchester',
      period_start: '2019-07',
      period_end: '2019-07',
      offence_group: 'Violence against the person',
      offence_code: '8N',
      file: 'rl.csv',
      lines: [4, 9],
      values: [3, 3],
      input_sha256: sha,
    };
    const transition = {
      force_code: 'greater-manchester',
      month: '2019-07',
      from_offence_code: '8N',
      to_offence_code: '105A',
      count: 7,
    };
    await store.returns.putSubmission({
      fileName: 'rl.csv',
      inputSha256: sha,
      rawPath: path,
      rows: [makeReturnRow({ input_sha256: sha })],
      notes: [note],
      transitions: [transition],
    });
    const loaded = await openLocalStore(root).returns.loadAll();
    expect(loaded.notes).toEqual([note]);
    expect(loaded.transitions).toEqual([{ ...transition, input_sha256: sha }]);
  });

  it('lists every stored run oldest first and every force’s findings', async () => {
    const store = openLocalStore(root);
    await store.runs.put(makeRun({ run_id: 'b-run', started_at: new Date('2024-02-01T00:00:00Z') }));
    await store.runs.put(makeRun({ run_id: 'a-run', started_at: new Date('2024-03-01T00:00:00Z') }));
    expect((await store.runs.loadAll()).map((r) => r.run_id)).toEqual(['b-run', 'a-run']);
    expect(await store.findings.loadAll()).toEqual([]);
  });
});
