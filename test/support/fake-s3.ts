/**
 * An in-memory S3 behind aws-sdk-client-mock: buckets of key → bytes, answering the commands the
 * adapters send (Get/Head/Put/Copy/Delete object, ListObjectsV2 with real pagination), with S3's error
 * names for missing keys. Enough to run the real handlers end to end in a unit test.
 */
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';

export class FakeS3 {
  readonly buckets = new Map<string, Map<string, Uint8Array>>();
  /** Keys whose GetObject fails with an injected error (e.g. to test partial batch failures). */
  readonly failingGets = new Map<string, Error>();
  readonly mock = mockClient(S3Client);

  constructor(...bucketNames: string[]) {
    for (const name of bucketNames) this.buckets.set(name, new Map());
    this.install();
  }

  bucket(name: string): Map<string, Uint8Array> {
    const b = this.buckets.get(name);
    if (!b) throw named('NoSuchBucket', `no bucket ${name}`, 404);
    return b;
  }

  putText(bucket: string, key: string, text: string | Uint8Array): void {
    this.bucket(bucket).set(key, typeof text === 'string' ? new TextEncoder().encode(text) : text);
  }

  keys(bucket: string, prefix = ''): string[] {
    return [...this.bucket(bucket).keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  text(bucket: string, key: string): string {
    const bytes = this.bucket(bucket).get(key);
    if (!bytes) throw new Error(`no object s3://${bucket}/${key}`);
    return new TextDecoder().decode(bytes);
  }

  restore(): void {
    this.mock.restore();
  }

  private install(): void {
    this.mock.on(GetObjectCommand).callsFake(async (input: { Bucket: string; Key: string }) => {
      const injected = this.failingGets.get(input.Key);
      if (injected) throw injected;
      const bytes = this.bucket(input.Bucket).get(input.Key);
      if (!bytes) throw named('NoSuchKey', 'The specified key does not exist.', 404);
      return { Body: body(bytes), ContentLength: bytes.length };
    });
    this.mock.on(HeadObjectCommand).callsFake(async (input: { Bucket: string; Key: string }) => {
      const bytes = this.bucket(input.Bucket).get(input.Key);
      if (!bytes) throw named('NotFound', 'Not Found', 404);
      return { ContentLength: bytes.length };
    });
    this.mock
      .on(PutObjectCommand)
      .callsFake(async (input: { Bucket: string; Key: string; Body: unknown }) => {
        this.bucket(input.Bucket).set(input.Key, await collect(input.Body));
        return {};
      });
    // CopySource is `<bucket>/<URL-encoded key>[?versionId=…]`; this fake keeps one version per key.
    this.mock
      .on(CopyObjectCommand)
      .callsFake(async (input: { Bucket: string; Key: string; CopySource: string }) => {
        const [path = ''] = input.CopySource.split('?');
        const [sourceBucket = '', ...segments] = path.split('/');
        const bytes = this.bucket(sourceBucket).get(segments.map(decodeURIComponent).join('/'));
        if (!bytes) throw named('NoSuchKey', 'The specified key does not exist.', 404);
        this.bucket(input.Bucket).set(input.Key, new Uint8Array(bytes));
        return {};
      });
    this.mock.on(DeleteObjectCommand).callsFake(async (input: { Bucket: string; Key: string }) => {
      this.bucket(input.Bucket).delete(input.Key);
      return {};
    });
    this.mock
      .on(ListObjectsV2Command)
      .callsFake(
        async (input: {
          Bucket: string;
          Prefix?: string;
          MaxKeys?: number;
          ContinuationToken?: string;
          Delimiter?: string;
        }) => {
          if (input.Delimiter) throw new Error('the adapters must list without a delimiter');
          const all = this.keys(input.Bucket, input.Prefix ?? '');
          const start = input.ContinuationToken ? Number(input.ContinuationToken) : 0;
          const max = input.MaxKeys ?? 1000;
          const page = all.slice(start, start + max);
          const truncated = start + max < all.length;
          return {
            Contents: page.map((Key) => ({ Key })),
            KeyCount: page.length,
            IsTruncated: truncated,
            ...(truncated ? { NextContinuationToken: String(start + max) } : {}),
          };
        },
      );
  }
}

function named(name: string, message: string, status: number): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

/** A GetObject body: a Node stream that also has the SDK's transform helpers. */
function body(bytes: Uint8Array) {
  return Object.assign(Readable.from([Buffer.from(bytes)]), {
    transformToByteArray: async () => bytes,
    transformToString: async () => new TextDecoder().decode(bytes),
  });
}

async function collect(value: unknown): Promise<Uint8Array> {
  if (typeof value === 'string') return new TextEncoder().encode(value);
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (value instanceof Readable) {
    const chunks: Buffer[] = [];
    for await (const chunk of value) chunks.push(Buffer.from(chunk as Uint8Array));
    return new Uint8Array(Buffer.concat(chunks));
  }
  throw new Error(`fake S3 cannot store a body of type ${typeof value}`);
}
