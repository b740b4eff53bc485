/**
 * An in-memory S3 behind aws-sdk-client-mock: buckets of key → bytes, answering the commands the
 * adapters send (Get/Head/Put/Copy/Delete object, ListObjectsV2 with real pagination), with S3's error
 * names for missing keys. Enough to run the real handlers end to end in a unit test.
 *
 * It keeps S3's atomicity where s3rver does not: every PUT replaces the object in one step with a
 * new ETag (MD5 of the bytes, quoted) and a new version id, earlier versions stay readable by
 * VersionId, and a conditional PUT (If-Match / If-None-Match: *) is checked and applied in the same
 * step, failing with 412 PreconditionFailed. `delay` lets a test hold any call for a while, so that
 * concurrent handlers interleave the way Lambda invocations do.
 */
import { createHash } from 'node:crypto';
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

interface Version {
  id: string;
  etag: string;
  bytes: Uint8Array;
  lastModified: Date;
}

/** Which call is about to run: a delay hook decides how long it waits first. */
export interface FakeS3Call {
  command: 'get' | 'head' | 'put' | 'delete' | 'list';
  bucket: string;
  key: string;
}

export class FakeS3 {
  readonly buckets = new Map<string, Map<string, Uint8Array>>();
  /** Every version of every key, oldest first (the current one last). */
  readonly versions = new Map<string, Version[]>();
  /** Holds a call before it runs: milliseconds, or a promise to wait for (default: run at once). */
  delay: (call: FakeS3Call) => number | Promise<unknown> = () => 0;
  /** Called after each PUT has been applied (or refused), in the order they took effect. */
  readonly onPut: Array<(call: FakeS3Call, ok: boolean) => void> = [];
  /** Conditional PUTs refused because the object had changed. */
  conflicts = 0;
  #nextVersion = 1;
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

  /** Stores an object as a PUT would (optionally naming its version id); returns the version id. */
  putText(bucket: string, key: string, text: string | Uint8Array, versionId?: string): string {
    const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
    return this.store(bucket, key, bytes, versionId).id;
  }

  /** The current version's metadata, or undefined. */
  head(bucket: string, key: string): Version | undefined {
    if (!this.bucket(bucket).has(key)) return undefined;
    return this.versions.get(`${bucket}/${key}`)?.at(-1);
  }

  private store(bucket: string, key: string, bytes: Uint8Array, versionId?: string): Version {
    const version: Version = {
      id: versionId ?? `fake-${this.#nextVersion++}`,
      etag: `"${createHash('md5').update(bytes).digest('hex')}"`,
      bytes,
      lastModified: new Date(),
    };
    this.bucket(bucket).set(key, bytes);
    const all = this.versions.get(`${bucket}/${key}`) ?? [];
    all.push(version);
    this.versions.set(`${bucket}/${key}`, all);
    return version;
  }

  private async wait(call: FakeS3Call): Promise<void> {
    const hold = this.delay(call);
    if (typeof hold === 'number') {
      if (hold > 0) await new Promise((resolve) => setTimeout(resolve, hold));
    } else await hold;
  }

  keys(bucket: string, prefix = ''): string[] {
    return [...this.bucket(bucket).keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  text(bucket: string, key: string): string {
    const bytes = this.bucket(bucket).get(key);
    if (!bytes) throw new Error(`no object s3://${bucket}/${key}`);
    return new TextDecoder().decode(bytes);
  }

  /** S3's answer to a PUT whose condition does not hold, or null when it may proceed. */
  private precondition(input: {
    Bucket: string;
    Key: string;
    IfMatch?: string;
    IfNoneMatch?: string;
  }): Error | null {
    const now = this.head(input.Bucket, input.Key);
    const refused = () => {
      this.conflicts += 1;
      return named(
        'PreconditionFailed',
        'At least one of the pre-conditions you specified did not hold',
        412,
      );
    };
    if (input.IfNoneMatch === '*' && now) return refused();
    if (input.IfMatch !== undefined) {
      if (!now) return named('NoSuchKey', 'The specified key does not exist.', 404);
      if (now.etag !== input.IfMatch) return refused();
    }
    return null;
  }

  /** A version by id, or the current one; undefined when there is none (or the key was deleted). */
  private version(bucket: string, key: string, versionId?: string): Version | undefined {
    const all = this.versions.get(`${bucket}/${key}`);
    if (versionId) return all?.find((v) => v.id === versionId);
    return this.head(bucket, key);
  }

  restore(): void {
    this.mock.restore();
  }

  private install(): void {
    this.mock
      .on(GetObjectCommand)
      .callsFake(async (input: { Bucket: string; Key: string; VersionId?: string }) => {
        await this.wait({ command: 'get', bucket: input.Bucket, key: input.Key });
        const injected = this.failingGets.get(input.Key);
        if (injected) throw injected;
        const v = this.version(input.Bucket, input.Key, input.VersionId);
        if (!v) throw named('NoSuchKey', 'The specified key does not exist.', 404);
        const bytes = v.bytes;
        return {
          Body: body(bytes),
          ContentLength: bytes.length,
          ETag: v.etag,
          VersionId: v.id,
          LastModified: v.lastModified,
        };
      });
    this.mock
      .on(HeadObjectCommand)
      .callsFake(async (input: { Bucket: string; Key: string; VersionId?: string }) => {
        await this.wait({ command: 'head', bucket: input.Bucket, key: input.Key });
        const v = this.version(input.Bucket, input.Key, input.VersionId);
        if (!v) throw named('NotFound', 'Not Found', 404);
        return { ContentLength: v.bytes.length, ETag: v.etag, VersionId: v.id, LastModified: v.lastModified };
      });
    this.mock
      .on(PutObjectCommand)
      .callsFake(
        async (input: {
          Bucket: string;
          Key: string;
          Body: unknown;
          IfMatch?: string;
          IfNoneMatch?: string;
        }) => {
          const bytes = await collect(input.Body);
          const call: FakeS3Call = { command: 'put', bucket: input.Bucket, key: input.Key };
          await this.wait(call);
          // From here to the store nothing awaits: the condition and the write are one step.
          const failed = this.precondition(input);
          for (const listener of this.onPut) listener(call, failed === null);
          if (failed) throw failed;
          const v = this.store(input.Bucket, input.Key, bytes);
          return { ETag: v.etag, VersionId: v.id };
        },
      );
    // CopySource is `<bucket>/<URL-encoded key>[?versionId=…]`.
    this.mock
      .on(CopyObjectCommand)
      .callsFake(async (input: { Bucket: string; Key: string; CopySource: string }) => {
        const [path = '', query = ''] = input.CopySource.split('?');
        const [sourceBucket = '', ...segments] = path.split('/');
        const versionId = new URLSearchParams(query).get('versionId') ?? undefined;
        const v = this.version(sourceBucket, segments.map(decodeURIComponent).join('/'), versionId);
        if (!v) throw named('NoSuchKey', 'The specified key does not exist.', 404);
        const copied = this.store(input.Bucket, input.Key, new Uint8Array(v.bytes));
        return { CopyObjectResult: { ETag: copied.etag }, VersionId: copied.id };
      });
    this.mock.on(DeleteObjectCommand).callsFake(async (input: { Bucket: string; Key: string }) => {
      await this.wait({ command: 'delete', bucket: input.Bucket, key: input.Key });
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
          await this.wait({ command: 'list', bucket: input.Bucket, key: input.Prefix ?? '' });
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
