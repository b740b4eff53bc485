/** Lambda test inputs: a context, S3 event notifications as S3 sends them, and SQS events wrapping them. */
import { createHash, randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export function lambdaContext(overrides: Partial<Context> = {}): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'auditor-intake',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-2:123456789012:function:auditor-intake',
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/auditor-intake',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 300_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    ...overrides,
  };
}

/** S3's form-URL encoding of a key in event notifications (space → `+`, `(` → `%28`, `/` kept). */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, '/')
    .replace(/%20/g, '+');
}

export interface S3RecordOptions {
  eventName?: string;
  versionId?: string;
  eTag?: string;
  eventTime?: string;
  /** The key as it appears in the event (default: encoded as S3 encodes it). */
  rawKey?: string;
}

export function s3Record(bucket: string, key: string, opts: S3RecordOptions = {}) {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'eu-west-2',
    eventTime: opts.eventTime ?? '2026-11-22T10:00:00.000Z',
    eventName: opts.eventName ?? 'ObjectCreated:Put',
    userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
    requestParameters: { sourceIPAddress: '10.0.0.1' },
    responseElements: {
      'x-amz-request-id': 'C3D13FE58DE4C810',
      'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'uploads',
      bucket: {
        name: bucket,
        ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
        arn: `arn:aws:s3:::${bucket}`,
      },
      object: {
        key: opts.rawKey ?? encodeEventKey(key),
        size: 1024,
        eTag: opts.eTag ?? createHash('md5').update(key).digest('hex'),
        ...(opts.versionId ? { versionId: opts.versionId } : {}),
        sequencer: '0055AED6DCD90281E5',
      },
    },
  };
}

export function s3Notification(...records: ReturnType<typeof s3Record>[] | object[]) {
  return { Records: records };
}

export function sqsRecord(body: string | object, messageId: string = randomUUID()) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body: text,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1763805600000',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1763805600001',
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(text).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-2:123456789012:auditor-intake',
    awsRegion: 'eu-west-2',
  };
}

export function sqsEvent(...records: ReturnType<typeof sqsRecord>[]) {
  return { Records: records };
}
