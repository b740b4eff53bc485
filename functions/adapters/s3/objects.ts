/**
 * The few S3 operations the repositories need, over one bucket: get/put/delete by key, existence
 * and size, server-side copy, prefix listing and streaming to and from local files. Keys come from store/layout.ts, so this layer
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
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
  UploadPartCopyCommand,
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
  /** Where a server-side copy switches to parts, and their size (tests lower both). */
  copy?: CopyLimits;
}

export interface CopyLimits {
  /** Largest object copied in one CopyObject request (S3 allows up to 5 GiB). */
  singleMaxBytes: number;
  /** Part size of a multipart copy (S3: 5 MiB to 5 GiB, at most 10,000 parts). */
  partBytes: number;
}

/** One request up to S3's 5 GiB; beyond, 1 GiB parts, which reach S3's 5 TiB object limit in 5,120 parts. */
export const DEFAULT_COPY_LIMITS: CopyLimits = { singleMaxBytes: 5 * 1024 ** 3, partBytes: 1024 ** 3 };
/** Parts copied at once: each is a server-side copy, so this bounds requests in flight, not memory. */
const PARALLEL_PART_COPIES = 8;

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
  readonly #copy: CopyLimits;

  constructor(client: S3Client, bucket: string, options: S3ObjectsOptions = {}) {
    if (!bucket) throw new Error('S3Objects needs a bucket name');
    this.client = client;
    this.bucket = bucket;
    this.#pageSize = options.pageSize ?? 1000;
    this.#copy = options.copy ?? DEFAULT_COPY_LIMITS;
  }

  /** `s3://bucket/key`, for messages and the quarantine location. */
  uri(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }

  /** The object's bytes (of `versionId`, else the latest), or null when there is no such key. */
  async get(key: string, versionId?: string): Promise<Uint8Array | null> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          ...(versionId ? { VersionId: versionId } : {}),
        }),
      );
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

  /** The size in bytes of an object (optionally one version of it), or null when there is none. */
  async size(key: string, versionId?: string): Promise<number | null> {
    try {
      const out = await this.client.send(
        new HeadObjectCommand({
          Bucket: this.bucket,
          Key: key,
          ...(versionId ? { VersionId: versionId } : {}),
        }),
      );
      return out.ContentLength ?? 0;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /**
   * Copies an object (optionally one version of it) of `size` bytes to another key in this bucket,
   * inside S3: the bytes never pass through this process, so an object of any size can be kept
   * without room for it here. Larger than one request allows, it is copied in parts, and a failed
   * multipart copy is aborted so that no orphaned parts are left.
   */
  async copy(source: { key: string; versionId?: string; size: number }, targetKey: string): Promise<void> {
    const versionSuffix = source.versionId ? `?versionId=${encodeURIComponent(source.versionId)}` : '';
    const copySource = `${this.bucket}/${source.key.split('/').map(encodeURIComponent).join('/')}${versionSuffix}`;
    if (source.size <= this.#copy.singleMaxBytes) {
      await this.client.send(
        new CopyObjectCommand({ Bucket: this.bucket, Key: targetKey, CopySource: copySource }),
      );
      return;
    }
    await this.#copyInParts(copySource, source.size, targetKey);
  }

  async #copyInParts(copySource: string, size: number, targetKey: string): Promise<void> {
    const { UploadId } = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: targetKey }),
    );
    if (!UploadId) throw new Error(`S3 started no multipart upload for ${this.uri(targetKey)}`);
    const partBytes = this.#copy.partBytes;
    const count = Math.ceil(size / partBytes);
    const etags: string[] = new Array(count);
    try {
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < count; i = next++) {
          const first = i * partBytes;
          const last = Math.min(size, first + partBytes) - 1;
          const out = await this.client.send(
            new UploadPartCopyCommand({
              Bucket: this.bucket,
              Key: targetKey,
              UploadId,
              PartNumber: i + 1,
              CopySource: copySource,
              CopySourceRange: `bytes=${first}-${last}`,
            }),
          );
          const etag = out.CopyPartResult?.ETag;
          if (!etag) throw new Error(`S3 returned no ETag for part ${i + 1} of ${this.uri(targetKey)}`);
          etags[i] = etag;
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL_PART_COPIES, count) }, worker));
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: targetKey,
          UploadId,
          MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
        }),
      );
    } catch (err) {
      // The copy's own error is the one to report; should the abort fail too, the bucket's
      // lifecycle rule removes incomplete multipart uploads after 7 days.
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: targetKey, UploadId }))
        .catch(() => undefined);
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
