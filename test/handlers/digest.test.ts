/** The weekly digest handler as deployed (env-wired) over an in-memory S3 and a mocked SNS. */
import { S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openS3Store } from '#adapters/s3/store.ts';
import type { DigestResult } from '#handlers/digest/create-handler.ts';
import { lambdaContext } from '../support/events.ts';
import { FakeS3 } from '../support/fake-s3.ts';
import { findingEvent } from '../support/finding-events.ts';
import { finding } from '../support/findings.ts';

const RETURNS = 'auditor-returns-digest';
const FINDINGS = 'auditor-findings-digest';
let digest: (event: object, context: unknown) => Promise<DigestResult>;
const sns = mockClient(SNSClient);

beforeAll(async () => {
  for (const [k, v] of Object.entries({
    FINDINGS_BUCKET: FINDINGS,
    TOPIC_ARN: 'arn:aws:sns:eu-west-2:123456789012:auditor-notices',
    POWERTOOLS_SERVICE_NAME: 'auditor-digest',
    POWERTOOLS_METRICS_NAMESPACE: 'CrimeRecordingAudit',
    LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    AWS_REGION: 'eu-west-2',
  }))
    vi.stubEnv(k, v);
  digest = (await import('#handlers/findings-digest.ts')).handler as unknown as typeof digest;
  new FakeS3(RETURNS, FINDINGS);
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  const store = openS3Store({ client: new S3Client({}), returnsBucket: RETURNS, findingsBucket: FINDINGS });
  const at = (d: number) => new Date(Date.UTC(2026, 10, d));
  // kent: one open, one explained (awaits the auditors, not kent); essex: only an accepted one.
  await store.findings.replaceForce('kent', [finding({ finding_id: 'k1' }), finding({ finding_id: 'k2' })]);
  await store.events.append('kent', [
    findingEvent({ finding_id: 'k1', action: 'raised', role: 'system', created_at: at(1) }),
    findingEvent({ finding_id: 'k2', action: 'raised', role: 'system', created_at: at(1) }),
    findingEvent({ finding_id: 'k2', action: 'explain', note: 'why', created_at: at(2) }),
  ]);
  await store.findings.replaceForce('essex', [finding({ finding_id: 'e1', force_code: 'essex' })]);
  await store.events.append('essex', [
    findingEvent({
      finding_id: 'e1',
      force_code: 'essex',
      action: 'raised',
      role: 'system',
      created_at: at(1),
    }),
    findingEvent({
      finding_id: 'e1',
      force_code: 'essex',
      action: 'accept',
      role: 'auditor',
      created_at: at(3),
    }),
  ]);
});

afterAll(() => sns.restore());

describe('findings-digest handler', () => {
  it('sends each force with findings awaiting it one digest, filtered to it, and none to the others', async () => {
    const result = await digest({ time: '2026-11-30T07:00:00Z' }, lambdaContext());
    expect(result).toEqual({ at: '2026-11-30T07:00:00.000Z', forces: [{ force_code: 'kent', awaiting: 1 }] });
    const calls = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.MessageAttributes?.force_code?.StringValue).toBe('kent');
    expect(calls[0]?.MessageAttributes?.notice?.StringValue).toBe('awaiting_digest');
    expect(calls[0]?.Message).toContain('finding_id k1');
    expect(calls[0]?.Message).not.toContain('finding_id k2');
    expect(calls[0]?.Message).toContain('waiting 29 day(s)');
  });

  it('refuses a malformed time, naming the field', async () => {
    await expect(digest({ time: 'monday' }, lambdaContext())).rejects.toThrow(
      /invalid findings-digest input: time/,
    );
  });
});
