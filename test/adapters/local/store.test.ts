import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalStore } from '#adapters/local/store.ts';
import { listTableFiles } from '#adapters/local/table-files.ts';
import { InvalidRowError } from '#adapters/shared/validate-rows.ts';
import type { IngestNote } from '#core/model/ingest.ts';
import { ReturnRowSchema } from '#core/model/returns.ts';
import type { ValidationReport } from '#core/model/validation.ts';
import { sanitiseFileName, UnsafeKeyError } from '#store/layout.ts';
import { finding } from '#test-support/findings.ts';
import { returnRow } from '#test-support/rows.ts';
import { runRecord } from '#test-support/runs.ts';
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

/** Every file under root, as '/'-separated relative paths, sorted. */
async function tree(dir = root): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('LocalReturnsRepository', () => {
  it('lays a one-force submission out as the ports document, raw copy byte for byte', async () => {
    const content =
      'force_code,month,offence_code,recorded,cancelled\r\ngreater-manchester,2019-07,8N,1234,31\r\n';
    const { path, sha } = await uploadFile(inbox, 'gm.csv', content);
    const store = openLocalStore(root);
    expect(await store.returns.hasSubmission(sha)).toBe(false);
    expect(await store.returns.holdsSubmissions()).toBe(false);
    const rows = [returnRow({ input_sha256: sha }), returnRow({ input_sha256: sha, offence_code: '105A' })];
    await store.returns.putSubmission({ fileName: 'gm.csv', inputSha256: sha, rawPath: path, rows });
    expect(await store.returns.holdsSubmissions()).toBe(true);

    expect(await tree()).toEqual([
      `curated/returns/force_code=greater-manchester/${sha}.parquet`,
      `curated/submissions/${sha}.json`,
      `raw/force_code=greater-manchester/${sha}/gm.csv`,
    ]);
    expect(await readFile(join(root, `raw/force_code=greater-manchester/${sha}/gm.csv`), 'utf8')).toBe(
      content,
    );
    const manifest = JSON.parse(await readFile(join(root, `curated/submissions/${sha}.json`), 'utf8'));
    expect(manifest).toMatchObject({
      sha,
      fileName: 'gm.csv',
      forces: ['greater-manchester'],
      rows: 2,
      submitted_at: '2024-01-02T03:04:05.000Z',
    });
    expect(await store.returns.hasSubmission(sha)).toBe(true);
    expect((await store.returns.loadAll()).rows).toEqual(rows);
  });

  it('puts a multi-force submission under raw/force_code=mixed and one curated file per force', async () => {
    const { path, sha } = await uploadFile(inbox, 'all.csv', 'several forces');
    const store = openLocalStore(root);
    const rows = [
      returnRow({ input_sha256: sha, force_code: 'kent' }),
      returnRow({ input_sha256: sha, force_code: 'btp' }),
      returnRow({ input_sha256: sha, force_code: 'kent', offence_code: '37.2' }),
    ];
    await store.returns.putSubmission({ fileName: 'all.csv', inputSha256: sha, rawPath: path, rows });
    expect(await tree()).toEqual([
      `curated/returns/force_code=btp/${sha}.parquet`,
      `curated/returns/force_code=kent/${sha}.parquet`,
      `curated/submissions/${sha}.json`,
      `raw/force_code=mixed/${sha}/all.csv`,
    ]);
    const loaded = (await store.returns.loadAll()).rows;
    expect(loaded).toHaveLength(3);
    expect(loaded.filter((r) => r.force_code === 'kent').map((r) => r.offence_code)).toEqual(['8N', '37.2']);
  });

  it('returns every revision, oldest submission first, as rows the schema accepts', async () => {
    const store = openLocalStore(root);
    const later = await uploadFile(inbox, 'v2.csv', 'v2');
    const earlier = await uploadFile(inbox, 'v1.csv', 'v1');
    await store.returns.putSubmission({
      fileName: 'v2.csv',
      inputSha256: later.sha,
      rawPath: later.path,
      rows: [
        returnRow({
          input_sha256: later.sha,
          recorded: 20,
          submitted_at: new Date('2024-03-01T00:00:00Z'),
        }),
      ],
    });
    await store.returns.putSubmission({
      fileName: 'v1.csv',
      inputSha256: earlier.sha,
      rawPath: earlier.path,
      rows: [
        returnRow({
          input_sha256: earlier.sha,
          recorded: 10,
          submitted_at: new Date('2024-02-01T00:00:00Z'),
        }),
      ],
    });
    const all = (await store.returns.loadAll()).rows;
    expect(all.map((r) => r.recorded)).toEqual([10, 20]);
    for (const r of all) expect(() => ReturnRowSchema.parse(r)).not.toThrow();
  });

  it('treats putting an existing submission again as a no-op', async () => {
    const { path, sha } = await uploadFile(inbox, 'gm.csv', 'original');
    const store = openLocalStore(root);
    const rows = [returnRow({ input_sha256: sha })];
    await store.returns.putSubmission({ fileName: 'gm.csv', inputSha256: sha, rawPath: path, rows });
    const before = await stat(join(root, `curated/returns/force_code=greater-manchester/${sha}.parquet`));
    await store.returns.putSubmission({
      fileName: 'renamed.csv',
      inputSha256: sha,
      rawPath: path,
      rows: [...rows, returnRow({ input_sha256: sha, offence_code: '9A' })],
    });
    const after = await stat(join(root, `curated/returns/force_code=greater-manchester/${sha}.parquet`));
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(await tree()).not.toContain(`raw/force_code=greater-manchester/${sha}/renamed.csv`);
    expect((await store.returns.loadAll()).rows).toHaveLength(1);
  });

  it('leaves no visible submission when writing fails before the manifest, and a retry completes it', async () => {
    const { path, sha } = await uploadFile(inbox, 'gm.csv', 'crash test');
    const store = openLocalStore(root);
    const rows = [returnRow({ input_sha256: sha })];
    // A directory squatting on the manifest's name makes its final rename fail: the last step.
    const blocker = join(root, `curated/submissions/${sha}.json`);
    await mkdir(blocker, { recursive: true });
    await expect(
      store.returns.putSubmission({ fileName: 'gm.csv', inputSha256: sha, rawPath: path, rows }),
    ).rejects.toThrow();

    // Raw and curated files were written, but nothing reads them without the manifest.
    expect(await tree()).toContain(`curated/returns/force_code=greater-manchester/${sha}.parquet`);
    expect(await store.returns.hasSubmission(sha)).toBe(false);
    expect((await store.returns.loadAll()).rows).toEqual([]);
    expect((await listTableFiles(root)).returns).toEqual([]);
    expect((await tree()).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    await rm(blocker, { recursive: true });
    await store.returns.putSubmission({ fileName: 'gm.csv', inputSha256: sha, rawPath: path, rows });
    expect(await store.returns.hasSubmission(sha)).toBe(true);
    expect((await store.returns.loadAll()).rows).toEqual(rows);
  });

  it('writes nothing when the raw file cannot be read or a row does not belong to the submission', async () => {
    const store = openLocalStore(root);
    const { path, sha } = await uploadFile(inbox, 'gm.csv', 'x');
    await expect(
      store.returns.putSubmission({
        fileName: 'gm.csv',
        inputSha256: sha,
        rawPath: join(inbox, 'missing.csv'),
        rows: [returnRow({ input_sha256: sha })],
      }),
    ).rejects.toThrow(/ENOENT/);
    await expect(
      store.returns.putSubmission({
        fileName: 'gm.csv',
        inputSha256: sha,
        rawPath: path,
        rows: [returnRow()],
      }),
    ).rejects.toThrow(/row 0 has input_sha256/);
    await expect(
      store.returns.putSubmission({
        fileName: 'gm.csv',
        inputSha256: sha,
        rawPath: path,
        rows: [returnRow({ input_sha256: sha, grain: 'week' as 'month' })],
      }),
    ).rejects.toThrow(InvalidRowError);
    expect(await tree()).toEqual([]);
  });

  it('loads many large submissions', async () => {
    const store = openLocalStore(root);
    const perFile = 40_000;
    for (let f = 0; f < 4; f++) {
      const { path, sha } = await uploadFile(inbox, `f${f}.csv`, `file ${f}`);
      const rows = Array.from({ length: perFile }, (_, i) =>
        returnRow({ input_sha256: sha, source_line: i + 2, recorded: i, offence_code: `${i % 150}A` }),
      );
      await store.returns.putSubmission({ fileName: `f${f}.csv`, inputSha256: sha, rawPath: path, rows });
    }
    const all = (await store.returns.loadAll()).rows;
    expect(all).toHaveLength(4 * perFile);
    expect(all[perFile - 1]?.source_line).toBe(perFile + 1);
  });
});

describe('path-traversal defence', () => {
  it('sanitises uploaded file names to a safe last path segment', () => {
    expect(sanitiseFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitiseFileName('C:\\Users\\me\\returns.csv')).toBe('returns.csv');
    expect(sanitiseFileName('..')).toBe('upload');
    expect(sanitiseFileName('')).toBe('upload');
    expect(sanitiseFileName('a..b.csv')).toBe('a.b.csv');
    expect(sanitiseFileName('.hidden')).toBe('hidden');
    expect(sanitiseFileName('bad\u0000na\u001bme\n.csv')).toBe('badname.csv');
    expect(sanitiseFileName('Ynys Môn 2019.csv')).toBe('Ynys Môn 2019.csv');
    expect(Array.from(sanitiseFileName('é'.repeat(500)))).toHaveLength(200);
  });

  it('stores a hostile upload name inside its own sha directory', async () => {
    const { path, sha } = await uploadFile(inbox, 'x.csv', 'hostile');
    const store = openLocalStore(root);
    await store.returns.putSubmission({
      fileName: '../../../outside.csv',
      inputSha256: sha,
      rawPath: path,
      rows: [returnRow({ input_sha256: sha })],
    });
    expect(await tree()).toContain(`raw/force_code=greater-manchester/${sha}/outside.csv`);
    expect(await readdir(join(root, '..'))).not.toContain('outside.csv');
  });

  it('rejects force codes, shas and run ids that are not safe path segments', async () => {
    const { path, sha } = await uploadFile(inbox, 'x.csv', 'x');
    const store = openLocalStore(root);
    await expect(store.returns.hasSubmission('../../etc')).rejects.toThrow(UnsafeKeyError);
    await expect(store.returns.hasSubmission('A'.repeat(64))).rejects.toThrow(UnsafeKeyError);
    await expect(
      store.returns.putSubmission({
        fileName: 'x.csv',
        inputSha256: sha,
        rawPath: path,
        rows: [returnRow({ input_sha256: sha, force_code: '../kent' })],
      }),
    ).rejects.toThrow(UnsafeKeyError);
    await expect(store.findings.loadForce('../kent')).rejects.toThrow(UnsafeKeyError);
    await expect(store.findings.replaceForce('Kent', [])).rejects.toThrow(UnsafeKeyError);
    await expect(store.runs.put(runRecord({ run_id: '../../x' }))).rejects.toThrow(UnsafeKeyError);
    await expect(store.runs.put(runRecord({ run_id: 'a/b' }))).rejects.toThrow(UnsafeKeyError);
    await expect(store.runs.put(runRecord({ run_id: 'run..1' }))).rejects.toThrow(UnsafeKeyError);
    await expect(
      store.quarantine.put({ fileName: 'x.csv', rawPath: path, report: report('not-a-sha') }),
    ).rejects.toThrow(UnsafeKeyError);
    expect(await tree()).toEqual([]);
  });
});

function report(sha: string): ValidationReport {
  return {
    file: 'bad.csv',
    input_sha256: sha,
    format: 'monthly_aggregate',
    rows_read: 2,
    issue_count: 1,
    issues: [{ file: 'bad.csv', line: 2, field: 'month', value: '2019-13', message: 'expected YYYY-MM' }],
    truncated: false,
  };
}

describe('LocalQuarantineRepository', () => {
  it('keeps the rejected file byte for byte beside report.json and returns where', async () => {
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x2c, 0x62, 0x0d, 0x0a, 0xff]);
    const src = join(inbox, 'bad.csv');
    await writeFile(src, bytes);
    const sha = sha256('bad');
    const store = openLocalStore(root);
    const where = await store.quarantine.put({ fileName: '../bad.csv', rawPath: src, report: report(sha) });
    expect(where).toBe(join(root, 'quarantine', sha, 'bad.csv'));
    expect(await readFile(where)).toEqual(bytes);
    expect(JSON.parse(await readFile(join(root, 'quarantine', sha, 'report.json'), 'utf8'))).toEqual(
      report(sha),
    );
  });

  it('does not let an upload named report.json overwrite its report', async () => {
    const { path, sha } = await uploadFile(inbox, 'report.json', '{"evil":true}');
    const store = openLocalStore(root);
    const where = await store.quarantine.put({ fileName: 'report.json', rawPath: path, report: report(sha) });
    expect(where).toBe(join(root, 'quarantine', sha, 'upload-report.json'));
    expect(await readFile(where, 'utf8')).toBe('{"evil":true}');
    expect(JSON.parse(await readFile(join(root, 'quarantine', sha, 'report.json'), 'utf8')).issue_count).toBe(
      1,
    );
  });
});

describe('LocalFindingsRepository', () => {
  it('replaces a force’s findings whole, and an empty set removes the file', async () => {
    const store = openLocalStore(root);
    expect(await store.findings.loadForce('kent')).toEqual([]);
    const first = [
      finding({ force_code: 'kent', finding_id: 'a' }),
      finding({ force_code: 'kent', finding_id: 'b' }),
    ];
    await store.findings.replaceForce('kent', first);
    expect(await tree()).toEqual(['findings/force_code=kent/findings.parquet']);
    expect(await store.findings.loadForce('kent')).toEqual(first);

    const second = [finding({ force_code: 'kent', finding_id: 'c', severity: 'high' })];
    await store.findings.replaceForce('kent', second);
    expect(await store.findings.loadForce('kent')).toEqual(second);

    await store.findings.replaceForce('kent', []);
    expect(await tree()).toEqual([]);
    expect(await store.findings.loadForce('kent')).toEqual([]);
  });

  it('refuses findings of another force or that fail the schema, leaving the stored set intact', async () => {
    const store = openLocalStore(root);
    const kept = [finding({ force_code: 'kent' })];
    await store.findings.replaceForce('kent', kept);
    await expect(store.findings.replaceForce('kent', [finding({ force_code: 'essex' })])).rejects.toThrow(
      /essex/,
    );
    await expect(
      store.findings.replaceForce('kent', [finding({ force_code: 'kent', severity: 'urgent' as 'high' })]),
    ).rejects.toThrow(/field "severity"/);
    expect(await store.findings.loadForce('kent')).toEqual(kept);
  });
});

describe('LocalRunsRepository', () => {
  it('writes one Parquet file per run', async () => {
    const store = openLocalStore(root);
    const run = runRecord({ run_id: 'run-20240102T030405Z-ab12' });
    await store.runs.put(run);
    expect(await tree()).toEqual(['runs/run_id=run-20240102T030405Z-ab12/run.parquet']);
    expect(await store.runs.get(run.run_id)).toEqual(run);
    expect(await store.runs.get('run-missing')).toBeNull();
  });
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
    const cohort = {
      force_code: 'greater-manchester',
      month: '2019-07',
      offence_code: '8N',
      crimes: 40,
      cancelled_within: 3,
      follow_up_days: 90,
      complete: true,
    };
    await store.returns.putSubmission({
      fileName: 'rl.csv',
      inputSha256: sha,
      rawPath: path,
      rows: [returnRow({ input_sha256: sha })],
      notes: [note],
      transitions: [transition],
      cohorts: [cohort],
    });
    const loaded = await openLocalStore(root).returns.loadAll();
    expect(loaded.notes).toEqual([note]);
    expect(loaded.transitions).toEqual([{ ...transition, input_sha256: sha }]);
    expect(loaded.cohorts).toEqual([{ ...cohort, input_sha256: sha }]);
  });

  it('lists every stored run oldest first and every force’s findings', async () => {
    const store = openLocalStore(root);
    await store.runs.put(runRecord({ run_id: 'b-run', started_at: new Date('2024-02-01T00:00:00Z') }));
    await store.runs.put(runRecord({ run_id: 'a-run', started_at: new Date('2024-03-01T00:00:00Z') }));
    expect((await store.runs.loadAll()).map((r) => r.run_id)).toEqual(['b-run', 'a-run']);
    expect(await store.findings.loadAll()).toEqual([]);
  });
});
