/**
 * S3Objects' size and server-side copy, against a mocked client: one CopyObject up to the single-copy
 * limit, UploadPartCopy over byte ranges beyond it (completed in part order, aborted on failure).
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { S3Objects } from '#adapters/s3/objects.ts';

const BUCKET = 'returns-bucket';
const s3 = mockClient(S3Client);
const objects = () =>
  new S3Objects(new S3Client({ region: 'eu-west-2' }), BUCKET, {
    copy: { singleMaxBytes: 10, partBytes: 4 },
  });

beforeEach(() => s3.reset());
afterEach(() => s3.reset());

describe('S3Objects.size', () => {
  it('heads the given version, and says null when there is no such object', async () => {
    s3.on(HeadObjectCommand, { Key: 'uploads/kent/a.csv', VersionId: 'v1' }).resolves({ ContentLength: 42 });
    s3.on(HeadObjectCommand, { Key: 'uploads/kent/gone.csv' }).rejects(
      Object.assign(new Error('Not Found'), { name: 'NotFound' }),
    );
    expect(await objects().size('uploads/kent/a.csv', 'v1')).toBe(42);
    expect(await objects().size('uploads/kent/gone.csv')).toBeNull();
  });
});

describe('S3Objects.copy', () => {
  it('copies an object up to the single-copy limit in one request, naming the encoded key and version', async () => {
    s3.on(CopyObjectCommand).resolves({});
    await objects().copy({ key: 'uploads/kent/a b+c.csv', versionId: 'v/1', size: 10 }, 'quarantine/x/a.csv');
    expect(s3.commandCalls(CopyObjectCommand).map((c) => c.args[0].input)).toEqual([
      {
        Bucket: BUCKET,
        Key: 'quarantine/x/a.csv',
        CopySource: `${BUCKET}/uploads/kent/a%20b%2Bc.csv?versionId=v%2F1`,
      },
    ]);
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
  });

  it('copies a larger object in byte ranges and completes the parts in order', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u1' });
    s3.on(UploadPartCopyCommand).callsFake(async (input: { PartNumber: number }) => ({
      CopyPartResult: { ETag: `"etag-${input.PartNumber}"` },
    }));
    s3.on(CompleteMultipartUploadCommand).resolves({});
    await objects().copy({ key: 'uploads/kent/big.csv', size: 11 }, 'quarantine/x/big.csv');

    const parts = s3.commandCalls(UploadPartCopyCommand).map((c) => c.args[0].input);
    expect(parts.map((p) => [p.PartNumber, p.CopySourceRange]).sort()).toEqual([
      [1, 'bytes=0-3'],
      [2, 'bytes=4-7'],
      [3, 'bytes=8-10'],
    ]);
    expect(parts.every((p) => p.UploadId === 'u1' && p.CopySource === `${BUCKET}/uploads/kent/big.csv`)).toBe(
      true,
    );
    expect(s3.commandCalls(CompleteMultipartUploadCommand)[0]?.args[0].input.MultipartUpload).toEqual({
      Parts: [1, 2, 3].map((n) => ({ ETag: `"etag-${n}"`, PartNumber: n })),
    });
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
  });

  it('aborts a multipart copy that fails, and reports the failure', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u2' });
    s3.on(UploadPartCopyCommand).rejects(Object.assign(new Error('Slow Down'), { name: 'SlowDown' }));
    s3.on(AbortMultipartUploadCommand).resolves({});
    await expect(
      objects().copy({ key: 'uploads/kent/big.csv', size: 11 }, 'quarantine/x/big.csv'),
    ).rejects.toThrow('Slow Down');
    expect(s3.commandCalls(AbortMultipartUploadCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: BUCKET, Key: 'quarantine/x/big.csv', UploadId: 'u2' },
    ]);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });
});
