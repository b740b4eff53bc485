import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { vi } from 'vitest';

export const RETURNS = 'auditor-returns';
export const FINDINGS = 'auditor-findings';
export const TOPIC = 'arn:aws:sns:eu-west-2:123456789012:auditor-notices';

/** The environment the deployed intake function runs with, minus metrics and logs. */
export function stubIntakeEnvironment(): void {
  for (const [k, v] of Object.entries({
    POWERTOOLS_SERVICE_NAME: 'auditor-intake',
    POWERTOOLS_METRICS_NAMESPACE: 'CrimeRecordingAudit',
    POWERTOOLS_METRICS_DISABLED: 'true',
    LOG_LEVEL: 'SILENT',
  }))
    vi.stubEnv(k, v);
  vi.stubEnv('POWERTOOLS_IDEMPOTENCY_DISABLED', undefined);
}

export interface LocalS3 {
  client: S3Client;
  /** A temp directory the server's buckets live under; the handlers' scratch space can go here too. */
  work: string;
  close(): Promise<void>;
}

/**
 * s3rver on 127.0.0.1 (a free port, its own temp directory) holding the returns and findings
 * buckets, and an S3 client pointed at it. Every S3 event notification the server emits is passed to
 * `onEvent`, as the bucket's notification would reach the queue.
 */
export async function startLocalS3<E>(tempPrefix: string, onEvent: (event: E) => void): Promise<LocalS3> {
  const work = await mkdtemp(join(tmpdir(), tempPrefix));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: join(work, 's3'),
    configureBuckets: [{ name: RETURNS }, { name: FINDINGS }],
  });
  server.on('event', (event: E) => onEvent(event));
  const { port } = await server.run();
  // Built once the server is up and pointed at it: otherwise the SDK would go to AWS.
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    client,
    work,
    async close() {
      client.destroy();
      await server.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}
