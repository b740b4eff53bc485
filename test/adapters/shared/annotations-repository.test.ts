/**
 * The annotations repositories, local and over an in-memory S3: put is idempotent by id (the id is
 * the content), loadAll gives every stored annotation, and both lay out the same keys.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalAnnotationsRepository } from '#adapters/local/annotations-repository.ts';
import { S3AnnotationsRepository } from '#adapters/s3/annotations-repository.ts';
import { S3Objects } from '#adapters/s3/objects.ts';
import { makeAnnotation } from '#core/detection/annotations.ts';
import type { AnnotationsRepository } from '#core/ports.ts';
import { FakeS3 } from '#test-support/fake-s3.ts';
import { tempDir } from '#test-support/temp-files.ts';

const FINDINGS = 'findings-bucket';
const content = {
  force_code: 'greater-manchester',
  period_start: '2023-04',
  period_end: null,
  offence_group: 'Theft offences',
  offence_code: null,
  reason: 'Records system replaced; theft backlog being cleared.',
};
const first = makeAnnotation(content, 'auditor one', new Date('2024-01-01T10:00:00Z'));
const again = makeAnnotation(content, 'auditor two', new Date('2024-02-01T10:00:00Z'));
const other = makeAnnotation(
  { ...content, period_end: '2023-09' },
  'auditor one',
  new Date('2024-01-02T00:00:00Z'),
);

let s3: FakeS3;
let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  s3 = new FakeS3('returns-bucket', FINDINGS);
  dir = await tempDir('auditor-annotations-');
});
afterEach(async () => {
  s3.restore();
  await dir.cleanup();
});

const repositories: Array<[string, () => AnnotationsRepository]> = [
  ['local', () => new LocalAnnotationsRepository(dir.dir)],
  ['s3', () => new S3AnnotationsRepository(new S3Objects(new S3Client({ region: 'eu-west-2' }), FINDINGS))],
];

describe.each(repositories)('%s annotations repository', (_name, open) => {
  it('is empty before anything is recorded', async () => {
    expect(await open().loadAll()).toEqual([]);
  });

  it('records an annotation once: the same content again is not recorded and changes nothing', async () => {
    const repo = open();
    expect(await repo.put(first)).toBe(true);
    expect(await repo.put(again)).toBe(false);
    expect(await repo.put(other)).toBe(true);
    const all = await repo.loadAll();
    expect(all).toHaveLength(2);
    expect(all.find((a) => a.annotation_id === first.annotation_id)).toEqual(first);
    expect(all.find((a) => a.annotation_id === other.annotation_id)).toEqual(other);
  });

  it('refuses a row that does not fit the table', async () => {
    await expect(open().put({ ...first, reason: '' })).rejects.toThrow(/reason/);
  });
});

it('both lay annotations out as annotations/<id>.parquet', async () => {
  await new LocalAnnotationsRepository(dir.dir).put(first);
  await new S3AnnotationsRepository(new S3Objects(new S3Client({ region: 'eu-west-2' }), FINDINGS)).put(
    first,
  );
  expect(await readdir(join(dir.dir, 'annotations'))).toEqual([`${first.annotation_id}.parquet`]);
  expect([...s3.bucket(FINDINGS).keys()]).toEqual([`annotations/${first.annotation_id}.parquet`]);
});
