/**
 * The few S3 operations the repositories need, over one bucket: get/put/delete by key, existence,
 * prefix listing and streaming to and from local files. Keys come from store/layout.ts, so this layer
 * never builds a key itself.
 *
 * Listing is ListObjectsV2 WITHOUT a delimiter, paginated: the layout nests partitions two levels
 * deep (`findings/force_code=<slug>/findings.parquet`), and a flat listing of the prefix is both what
 * the repositories want and what every S3-compatible server answers the same way.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { ConcurrentUpdateError } from '#core/ports.ts';

export const CONTENT_TYPES = {
  parquet: 'application/vnd.apache.parquet',
  json: 'application/json',
  binary: 'application/octet-stream',
} as const;

export interface S3ObjectsOptions {
  /** Keys per ListObjectsV2 page (S3's maximum and default is 1000; tests use less to paginate). */
  pageSize?: number;
}

/** True for the SDK's "no such key / not found" answers (GetObject: NoSuchKey, HeadObject: NotFound). */
export function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/**
 * True for S3's answers to a failed write condition: 412 PreconditionFailed, and 409
 * ConditionalRequestConflict when another conditional write to the key was in flight.
 */
export function isConditionFailed(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  const status = e?.$metadata?.httpStatusCode;
  return (
    e?.name === 'PreconditionFailed' ||
    e?.name === 'ConditionalRequestConflict' ||
    status === 412 ||
    (status === 409 && e?.name !== 'BucketAlreadyExists')
  );
}

export class S3Objects {
  readonly client: S3Client;
  readonly bucket: string;
  readonly #pageSize: number;

  constructor(client: S3Client, bucket: string, options: S3ObjectsOptions = {}) {
    if (!bucket) throw new Error('S3Objects needs a bucket name');
    this.client = client;
    this.bucket = bucket;
    this.#pageSize = options.pageSize ?? 1000;
  }

  /** `s3://bucket/key`, for messages and the quarantine location. */
  uri(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }

  /** The object's bytes, or null when there is no such key. */
  async get(key: string): Promise<Uint8Array | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!out.Body) return new Uint8Array(0);
      return await out.Body.transformToByteArray();
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /** The object's bytes and ETag, or null when there is no such key. */
  async getVersioned(key: string): Promise<{ bytes: Uint8Array; etag: string } | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!out.ETag) throw new Error(`${this.uri(key)}: GetObject returned no ETag`);
      const bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array(0);
      return { bytes, etag: out.ETag };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /**
   * Writes a whole object only if it is still the version the caller read: `ifEtag` a string means
   * "still this ETag" (If-Match), null means "still absent" (If-None-Match: *). S3 evaluates the
   * condition and the write as one step, so of two writers that read the same version one wins and
   * the other gets ConcurrentUpdateError.
   */
  async putIf(
    key: string,
    body: Uint8Array | string,
    contentType: string,
    ifEtag: string | null,
  ): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          ...(ifEtag === null ? { IfNoneMatch: '*' } : { IfMatch: ifEtag }),
        }),
      );
    } catch (err) {
      if (isConditionFailed(err) || (ifEtag !== null && isNotFound(err))) {
        throw new ConcurrentUpdateError(`${this.uri(key)} changed since it was read`);
      }
      throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /** Writes a whole object: S3 replaces an object atomically, so readers see the old or the new one. */
  async put(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }

  /** Uploads a local file by streaming it (its length is sent up front, as PutObject requires). */
  async putFile(key: string, path: string, contentType: string = CONTENT_TYPES.binary): Promise<void> {
    const { size } = await stat(path);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: createReadStream(path),
        ContentLength: size,
        ContentType: contentType,
      }),
    );
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** Every key under the prefix, in S3's (UTF-8 binary) order, across all pages. */
  async list(prefix: string): Promise<string[]> {
    const out: string[] = [];
    const pages = paginateListObjectsV2(
      { client: this.client, pageSize: this.#pageSize },
      { Bucket: this.bucket, Prefix: prefix },
    );
    for await (const page of pages) {
      for (const object of page.Contents ?? []) if (object.Key) out.push(object.Key);
    }
    return out;
  }

  /**
   * Streams one object (optionally one version of it) to a local file and returns its size. The
   * body never sits whole in memory, so an upload of hundreds of megabytes fits a small function.
   */
  async download(key: string, path: string, versionId?: string): Promise<number> {
    const out = await this.client.send(
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ...(versionId ? { VersionId: versionId } : {}),
      }),
    );
    if (!out.Body) throw new Error(`${this.uri(key)} has no body`);
    await pipeline(out.Body as Readable, createWriteStream(path, { flags: 'wx' }));
    return (await stat(path)).size;
  }
}
