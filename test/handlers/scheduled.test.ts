/** The scheduled national audit's two handlers, as deployed (env-wired), over an in-memory S3 and a mocked SNS. */

import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readReturnFile } from '#adapters/files/read-return.ts';
import { decodeTable, RUNS_TABLE } from '#adapters/parquet/tables.ts';
import { openS3Store } from '#adapters/s3/store.ts';
import type { ForceAuditResult } from '#handlers/scheduled/audit-force.ts';
import { lambdaContext } from '../support/events.ts';
import { REPO } from '../support/example-returns.ts';
import { FakeS3 } from '../support/fake-s3.ts';

const RETURNS = 'auditor-returns-sched';
const FINDINGS = 'auditor-findings-sched';

type Fn<I, O> = (event: I, context: unknown) => Promise<O>;
let plan: Fn<object, { run_id: string; forces: string[] }>;
let audit: Fn<object, ForceAuditResult>;
let tracer: typeof import('#handlers/shared/powertools.ts')['tracer'];
let s3: FakeS3;
const sns = mockClient(SNSClient);

beforeAll(async () => {
  for (const [k, v] of Object.entries({
    RETURNS_BUCKET: RETURNS,
    FINDINGS_BUCKET: FINDINGS,
    TOPIC_ARN: 'arn:aws:sns:eu-west-2:123456789012:auditor-notices',
    POWERTOOLS_SERVICE_NAME: 'auditor-scheduled',
    POWERTOOLS_METRICS_NAMESPACE: 'CrimeRecordingAudit',
    LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    AWS_REGION: 'eu-west-2',
  }))
    vi.stubEnv(k, v);
  plan = (await import('#handlers/plan-audit.ts')).handler as unknown as typeof plan;
  audit = (await import('#handlers/force-audit.ts')).handler as unknown as typeof audit;
  ({ tracer } = await import('#handlers/shared/powertools.ts'));
  s3 = new FakeS3(RETURNS, FINDINGS);
  sns.on(PublishCommand).resolves({ MessageId: 'm' });

  // Accepted submissions without any audit yet (as after a bulk load).
  const store = openS3Store({ client: new S3Client({}), returnsBucket: RETURNS, findingsBucket: FINDINGS });
  for (const force of ['gwent', 'durham']) {
    const path = join(REPO, 'examples/returns', `${force}.csv`);
    const read = await readReturnFile(path, {
      submitted_at: new Date('2026-11-01T00:00:00Z'),
      run_id: 'seed',
    });
    if (!read.ok) throw new Error(`${force}.csv did not read`);
    await store.returns.putSubmission({
      fileName: `${force}.csv`,
      inputSha256: read.input_sha256,
      rawPath: path,
      rows: read.rows,
      notes: read.notes,
    });
  }
});
afterAll(() => {
  s3.restore();
  sns.restore();
});

describe('scheduled national audit', () => {
  let runId = '';

  it('plans one step per force with accepted submissions', async () => {
    const result = await plan({ time: '2026-11-30T02:00:00Z' }, lambdaContext());
    expect(result.forces).toEqual(['durham', 'gwent']);
    expect(result.run_id).toMatch(/^20261130T020000Z-national-[0-9a-f]{6}$/);
    runId = result.run_id;
    const fromSchedule = await plan(
      { 'detail-type': 'Scheduled Event', source: 'aws.events' },
      lambdaContext(),
    );
    expect(fromSchedule.run_id).toMatch(/^\d{8}T\d{6}Z-national-/);
  });

  it('audits one force with no new files, stores its findings and run, and notifies it', async () => {
    const result = await audit({ run_id: runId, force_code: 'gwent' }, lambdaContext());
    expect(result).toMatchObject({
      national_run_id: runId,
      run_id: `${runId}.gwent`,
      force_code: 'gwent',
      notified: true,
    });
    expect(result.findings_new).toBeGreaterThan(0);
    expect(result.findings_new).toBe(result.findings_current);

    expect(s3.keys(FINDINGS, 'findings/')).toEqual(['findings/force_code=gwent/findings.parquet']);
    const [run] = await decodeTable(
      RUNS_TABLE,
      s3.bucket(FINDINGS).get(`runs/run_id=${runId}.gwent/run.parquet`) as Uint8Array,
    );
    expect(run).toMatchObject({
      kind: 'scheduled',
      files_seen: 0,
      forces_audited: 1,
      findings_new: result.findings_new,
    });

    const notices = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.MessageAttributes?.force_code?.StringValue).toBe('gwent');
    expect(notices[0]?.Message).toContain('in the scheduled national audit');
  });

  it('raises nothing new in the next national run, and stays quiet', async () => {
    const next = await plan({ time: '2026-12-31T02:00:00Z' }, lambdaContext());
    const result = await audit({ run_id: next.run_id, force_code: 'gwent' }, lambdaContext());
    expect(result).toMatchObject({ findings_new: 0, notified: false });
    expect(result.findings_current).toBeGreaterThan(0);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('re-notifies when the same step is retried, so a failed notification is not lost', async () => {
    const again = await audit({ run_id: runId, force_code: 'gwent' }, lambdaContext());
    expect(again.findings_new).toBeGreaterThan(0);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
  });

  it('annotates the trace with the national run, and each step with its force and run', async () => {
    const put = vi.spyOn(tracer, 'putAnnotation');
    const next = await plan({ time: '2027-01-31T02:00:00Z' }, lambdaContext());
    expect(put.mock.calls).toEqual([['run_id', next.run_id]]);
    put.mockClear();
    await audit({ run_id: next.run_id, force_code: 'durham' }, lambdaContext());
    expect(put.mock.calls).toEqual([
      ['force_code', 'durham'],
      ['run_id', `${next.run_id}.durham`],
      ['national_run_id', next.run_id],
    ]);
    put.mockRestore();
  });

  it('refuses a malformed step input, naming the field', async () => {
    await expect(audit({ run_id: runId, force_code: 'gotham' }, lambdaContext())).rejects.toThrow(
      /force_code/,
    );
    await expect(audit({ run_id: '../etc', force_code: 'kent' }, lambdaContext())).rejects.toThrow(/run_id/);
  });
});
