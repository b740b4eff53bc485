/**
 * S3ReturnsRepository.loadForAudit: the audited force read whole, every other force from its current
 * snapshot. The view must equal auditView(loadAll()) whatever state the snapshots are in: absent,
 * current, out of date after a new submission, or damaged.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openS3Store, type S3Store } from '#adapters/s3/store.ts';
import { auditView } from '#core/audit-view.ts';
import type { AuditView, Submission } from '#core/ports.ts';
import { keys } from '#store/layout.ts';
import { FakeS3 } from '#test-support/fake-s3.ts';
import { returnRow } from '#test-support/rows.ts';
import { tempDir, uploadFile } from '#test-support/temp-files.ts';

const RETURNS = 'returns-snap';
const FINDINGS = 'findings-snap';
let s3: FakeS3;
let store: S3Store;
let inbox: Awaited<ReturnType<typeof tempDir>>;

beforeEach(async () => {
  s3 = new FakeS3(RETURNS, FINDINGS);
  store = openS3Store({
    client: new S3Client({ region: 'eu-west-2' }),
    returnsBucket: RETURNS,
    findingsBucket: FINDINGS,
  });
  inbox = await tempDir('auditor-snap-');
});
afterEach(async () => {
  s3.restore();
  await inbox.cleanup();
});

/** A one-force submission of these months × recorded, uploaded at `at`, with an unknown-code note. */
async function submit(force: string, months: string[], recorded: number, at: string): Promise<string> {
  const name = `${force}-${at}.csv`;
  const file = await uploadFile(inbox.dir, name, `${force} ${months.join(',')} ${recorded} ${at}`);
  const rows = months.flatMap((m, i) => [
    returnRow({
      force_code: force,
      period_start: m,
      period_end: m,
      recorded,
      input_sha256: file.sha,
      source_file: name,
      source_line: 2 * i + 2,
      submitted_at: new Date(at),
    }),
    returnRow({
      force_code: force,
      period_start: m,
      period_end: m,
      offence_code: '9Z',
      recorded: 1,
      input_sha256: file.sha,
      source_file: name,
      source_line: 2 * i + 3,
      submitted_at: new Date(at),
    }),
  ]);
  const submission: Submission = {
    fileName: name,
    inputSha256: file.sha,
    rawPath: file.path,
    rows,
    notes: months.map((m, i) => ({
      kind: 'unknown_offence_code' as const,
      force_code: force,
      offence_code: '9Z',
      period_start: m,
      period_end: m,
      recorded: 1,
      lines: [2 * i + 3],
      file: name,
      input_sha256: file.sha,
    })),
  };
  await store.returns.putSubmission(submission);
  return file.sha;
}

const sorted = (v: AuditView) => {
  const key = (r: {
    force_code: string;
    period_start: string;
    offence_code: string | null;
    input_sha256: string;
  }) => `${r.force_code}|${r.period_start}|${r.offence_code}|${r.input_sha256}`;
  const by = <T>(xs: T[], k: (x: T) => string) =>
    [...xs].sort((a, b) => (k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0));
  return {
    history: by(v.history, key),
    current: by(v.current, key),
    notes: by(v.notes, (n) => JSON.stringify(n)),
    transitions: v.transitions,
    cohorts: v.cohorts,
  };
};

async function expected(force: string): Promise<ReturnType<typeof sorted>> {
  return sorted(auditView(await store.returns.loadAll(), new Set([force])));
}

const curatedGets = () =>
  s3.mock
    .commandCalls(GetObjectCommand)
    .filter((c) => String(c.args[0].input.Key).startsWith('curated/returns/')).length;

describe('loadForAudit over S3', () => {
  it('equals the whole-store view, and reads each peer once its snapshot is current', async () => {
    await submit('kent', ['2024-01', '2024-02'], 100, '2024-03-01T00:00:00Z');
    await submit('kent', ['2024-02'], 80, '2024-03-05T00:00:00Z');
    await submit('durham', ['2024-01', '2024-02'], 50, '2024-03-02T00:00:00Z');
    await submit('durham', ['2024-02'], 40, '2024-03-06T00:00:00Z');
    await submit('essex', ['2024-01'], 70, '2024-03-03T00:00:00Z');

    const first = sorted(await store.returns.loadForAudit(['kent']));
    expect(first).toEqual(await expected('kent'));
    expect(first.history.every((r) => r.force_code === 'kent')).toBe(true);
    expect(store.returns.snapshots.rebuilt).toBe(2);

    // Snapshots current: the peers' revisions are not read again, only kent's own.
    const before = curatedGets();
    expect(sorted(await store.returns.loadForAudit(['kent']))).toEqual(first);
    expect(store.returns.snapshots.rebuilt).toBe(2);
    expect(curatedGets() - before).toBe(2);
  });

  it('rebuilds a peer whose submissions changed, and a damaged snapshot, with the same answer', async () => {
    await submit('kent', ['2024-01'], 100, '2024-03-01T00:00:00Z');
    await submit('durham', ['2024-01', '2024-02'], 50, '2024-03-02T00:00:00Z');
    await store.returns.loadForAudit(['kent']);
    // A correction for durham lands after its snapshot was written: the snapshot is out of date.
    await submit('durham', ['2024-02'], 10, '2024-03-09T00:00:00Z');
    const after = sorted(await store.returns.loadForAudit(['kent']));
    expect(after).toEqual(await expected('kent'));
    expect(
      after.current.find(
        (r) => r.force_code === 'durham' && r.period_start === '2024-02' && r.offence_code === '8N',
      )?.recorded,
    ).toBe(10);
    expect(store.returns.snapshots.rebuilt).toBe(2);

    s3.putText(RETURNS, keys.currentSnapshot('durham'), 'not parquet');
    expect(sorted(await store.returns.loadForAudit(['kent']))).toEqual(await expected('kent'));
    expect(store.returns.snapshots.rebuilt).toBe(3);
  });

  it('audits every force from the whole store when no force is named', async () => {
    await submit('kent', ['2024-01'], 100, '2024-03-01T00:00:00Z');
    await submit('durham', ['2024-01'], 50, '2024-03-02T00:00:00Z');
    expect(sorted(await store.returns.loadForAudit(null))).toEqual(
      sorted(auditView(await store.returns.loadAll(), null)),
    );
    expect(store.returns.snapshots.rebuilt).toBe(0);
  });
});
