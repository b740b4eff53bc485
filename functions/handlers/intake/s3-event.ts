/**
 * From one SQS message to the uploads it announces. The body is an S3 event notification (validated
 * with Powertools' S3Schema); S3 also sends a one-off `s3:TestEvent` when the notification is
 * configured, which carries no records and is skipped. Only ObjectCreated events are uploads.
 */
import { S3Schema } from '@aws-lambda-powertools/parser/schemas/s3';
import { decodeEventKey } from '#adapters/s3/upload-key.ts';

/** One object version announced by S3: what the idempotency key is made of. */
export interface UploadRef {
  bucket: string;
  /** The object key, URL-decoded. */
  key: string;
  /** The object version S3 announced (versioned buckets only): the bytes to read. */
  versionId: string | null;
  /** The version id, else the ETag, else the event sequencer: which bytes, for the idempotency key. */
  version: string | null;
  /** When S3 says the object was created (ISO 8601). */
  eventTime: string;
}

export type MessageUploads =
  | { kind: 'uploads'; uploads: UploadRef[]; skipped: string[] }
  | { kind: 'test_event' };

export class MalformedMessageError extends Error {
  override name = 'MalformedMessageError';
}

export function uploadsFromMessage(body: string): MessageUploads {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedMessageError('the SQS message body is not JSON (expected an S3 event notification)');
  }
  if (isTestEvent(json)) return { kind: 'test_event' };
  const parsed = S3Schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MalformedMessageError(
      `the SQS message body is not an S3 event notification: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    );
  }
  const uploads: UploadRef[] = [];
  const skipped: string[] = [];
  for (const record of parsed.data.Records) {
    const key = decodeEventKey(record.s3.object.key);
    if (!record.eventName.startsWith('ObjectCreated:')) {
      skipped.push(`${record.eventName} ${key}`);
      continue;
    }
    const o = record.s3.object;
    uploads.push({
      bucket: record.s3.bucket.name,
      key,
      versionId: o.versionId ?? null,
      version: o.versionId ?? o.eTag ?? o.sequencer ?? null,
      eventTime: record.eventTime,
    });
  }
  return { kind: 'uploads', uploads, skipped };
}

function isTestEvent(json: unknown): boolean {
  return (
    typeof json === 'object' &&
    json !== null &&
    (json as { Event?: unknown }).Event === 's3:TestEvent' &&
    !('Records' in json)
  );
}
