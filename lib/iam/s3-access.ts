/**
 * Policy statements scoped to key prefixes of the project's buckets, written out instead of the CDK
 * `grant*` helpers: those grant `s3:GetObject*`/`s3:List*` on the whole bucket and
 * `kms:ReEncrypt*`/`kms:GenerateDataKey*`, while every principal here needs a few exact actions
 * on a few prefixes. KMS use is limited to requests S3 (or SNS) makes on the principal's behalf,
 * so the key is only usable for objects the principal may already read or write.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';

/** A bucket and the customer key its objects are encrypted with. */
export interface EncryptedBucket {
  bucket: s3.IBucket;
  key: kms.IKey;
}

export const READ_OBJECT_ACTIONS = ['s3:GetObject'] as const;
/** Reading a specific version, as the S3 event names one. */
export const READ_OBJECT_VERSION_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'] as const;
/** Multipart uploads (SDK Upload, `aws s3 cp` of large files) must be able to abort themselves. */
export const WRITE_OBJECT_ACTIONS = ['s3:PutObject', 's3:AbortMultipartUpload'] as const;

/** `prefix` must end with `/`: a prefix without it would also match `uploads/kent-other/`. */
function objectPattern(prefix: string): string {
  if (!prefix.endsWith('/')) throw new Error(`key prefix must end with "/": ${prefix}`);
  return `${prefix}*`;
}

export function objectStatement(
  actions: readonly string[],
  bucket: s3.IBucket,
  prefixes: readonly string[],
): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: [...actions],
    resources: prefixes.map((p) => bucket.arnForObjects(objectPattern(p))),
  });
}

/**
 * Listing the bucket. Without a prefix list the principal may list every key (the Lambdas need this:
 * a HEAD on a missing key answers 403 instead of 404 without s3:ListBucket, and key names are
 * force slugs and content hashes, not data). With prefixes, listing is limited to them.
 */
export function listBucketStatement(bucket: s3.IBucket, prefixes?: readonly string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['s3:ListBucket'],
    resources: [bucket.bucketArn],
    ...(prefixes
      ? { conditions: { StringLike: { 's3:prefix': prefixes.flatMap((p) => [p, objectPattern(p)]) } } }
      : {}),
  });
}

export type KeyUse = 'decrypt' | 'encrypt';

const KEY_ACTIONS: Record<KeyUse, string[]> = {
  decrypt: ['kms:Decrypt'],
  // Writers need Decrypt as well: S3 decrypts the data key to complete a multipart upload, and SNS
  // to deliver a message it encrypted.
  encrypt: ['kms:GenerateDataKey', 'kms:Decrypt'],
};

/** Use of `key` only through `service` (e.g. `s3`, `sns`) in this stack's region. */
export function keyViaServiceStatement(key: kms.IKey, use: KeyUse, service: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: KEY_ACTIONS[use],
    resources: [key.keyArn],
    conditions: {
      StringEquals: { 'kms:ViaService': `${service}.${Stack.of(key).region}.amazonaws.com` },
    },
  });
}

/** Read access to objects under `prefixes`, with the key to decrypt them. */
export function readPrefixes(
  store: EncryptedBucket,
  prefixes: readonly string[],
  actions: readonly string[] = READ_OBJECT_ACTIONS,
): iam.PolicyStatement[] {
  return [
    objectStatement(actions, store.bucket, prefixes),
    keyViaServiceStatement(store.key, 'decrypt', 's3'),
  ];
}

/** Write access to objects under `prefixes`, with the key to encrypt them. */
export function writePrefixes(store: EncryptedBucket, prefixes: readonly string[]): iam.PolicyStatement[] {
  return [
    objectStatement(WRITE_OBJECT_ACTIONS, store.bucket, prefixes),
    keyViaServiceStatement(store.key, 'encrypt', 's3'),
  ];
}
