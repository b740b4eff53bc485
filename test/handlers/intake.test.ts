/**
 * The deployed intake handler (functions/handlers/intake.ts, wired from the environment) with S3,
 * SNS and DynamoDB mocked by aws-sdk-client-mock: ingestion per force, idempotency on the object
 * version, key checks, per-force isolation, notifications and partial batch failures.
 */

import { CopyObjectCommand, GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { SQSBatchResponse } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeTable, FINDINGS_TABLE, RUNS_TABLE } from '#adapters/parquet/tables.ts';
import type { ValidationReport } from '#core/model/validation.ts';
import { lambdaContext, s3Notification, s3Record, sqsEvent, sqsRecord } from '../support/events.ts';
import { exampleReturn, withForeignRows, withNegativeCount } from '../support/example-returns.ts';
import { FakeIdempotencyTable } from '../support/fake-dynamodb.ts';
import { FakeS3 } from '../support/fake-s3.ts';

const RETURNS = 'auditor-returns-test';
const FINDINGS = 'auditor-findings-test';
const TOPIC = 'arn:aws:sns:eu-west-2:123456789012:auditor-force-notices';
/** The largest upload read, lowered from the deployed 128 MiB; every example return is far smaller. */
const LIMIT = 1024 ** 2;

const ENV = {
  RETURNS_BUCKET: RETURNS,
  FINDINGS_BUCKET: FINDINGS,
  TOPIC_ARN: TOPIC,
  IDEMPOTENCY_TABLE: 'auditor-idempotency',
  MAX_UPLOAD_BYTES: String(LIMIT),
  POWERTOOLS_SERVICE_NAME: 'auditor-intake',
  POWERTOOLS_METRICS_NAMESPACE: 'CrimeRecordingAudit',
  LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
};

type Handler = (event: unknown, context: unknown) => Promise<SQSBatchResponse>;
let handler: Handler;
/** Imported after the environment is set: Powertools reads it when the module loads. */
let metrics: typeof import('#handlers/shared/powertools.ts')['metrics'];
let tracer: typeof import('#handlers/shared/powertools.ts')['tracer'];
let s3: FakeS3;
let table: FakeIdempotencyTable;
const sns = mockClient(SNSClient);

beforeAll(async () => {
  vi.stubEnv('POWERTOOLS_IDEMPOTENCY_DISABLED', undefined);
  for (const [k, v] of Object.entries(ENV)) vi.stubEnv(k, v);
  handler = (await import('#handlers/intake.ts')).handler as unknown as Handler;
  ({ metrics, tracer } = await import('#handlers/shared/powertools.ts'));
});

beforeEach(() => {
  s3 = new FakeS3(RETURNS, FINDINGS);
  table = new FakeIdempotencyTable();
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});
afterEach(() => {
  s3.restore();
  table.restore();
});

function upload(key: string, text: string, opts: Parameters<typeof s3Record>[2] = {}) {
  s3.putText(RETURNS, key, text, opts.versionId ?? undefined);
  return sqsRecord(s3Notification(s3Record(RETURNS, key, opts)));
}

function invoke(...records: ReturnType<typeof sqsRecord>[]): Promise<SQSBatchResponse> {
  return handler(sqsEvent(...records), lambdaContext());
}

function published() {
  return sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
}

async function storedFindings(force: string) {
  const bytes = s3.bucket(FINDINGS).get(`findings/force_code=${force}/findings.parquet`);
  return bytes ? decodeTable(FINDINGS_TABLE, bytes) : [];
}

function quarantineReports(): ValidationReport[] {
  return s3
    .keys(RETURNS, 'quarantine/')
    .filter((k) => k.endsWith('/report.json'))
    .map((k) => JSON.parse(s3.text(RETURNS, k)) as ValidationReport);
}

describe('intake handler', () => {
  it('ingests each upload for its force, audits it with the peers as context, and notifies only that force', async () => {
    const durham = upload('uploads/durham/durham.csv', exampleReturn('durham'));
    const kent = upload('uploads/kent/kent-2024.csv', withNegativeCount(exampleReturn('kent')));
    const counted = vi.spyOn(metrics, 'addMetric');

    const response = await invoke(durham, kent);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(s3.keys(RETURNS, 'curated/submissions/')).toHaveLength(2);
    expect(s3.keys(RETURNS, 'curated/returns/').map((k) => k.split('/')[2])).toEqual([
      'force_code=durham',
      'force_code=kent',
    ]);
    expect(s3.keys(RETURNS, 'raw/force_code=kent/')).toHaveLength(1);

    const kentFindings = await storedFindings('kent');
    expect(kentFindings.map((f) => f.check_id)).toContain('dq.invalid_count');
    expect(kentFindings.every((f) => f.force_code === 'kent')).toBe(true);
    expect(await storedFindings('durham')).toEqual([]);

    // One notice, for kent, naming kent's findings and how to see them.
    const notices = published();
    expect(notices).toHaveLength(1);
    const notice = notices[0];
    expect(notice?.TopicArn).toBe(TOPIC);
    expect(notice?.MessageAttributes?.force_code).toEqual({ DataType: 'String', StringValue: 'kent' });
    expect(notice?.MessageAttributes?.notice?.StringValue).toBe('findings');
    // A −5 is 5 assaults with injury at stake (30 weighted crimes): low, so the subject counts no high.
    expect(notice?.Subject).toMatch(/new finding\(s\) for kent$/);
    expect(notice?.Message).toContain('[low] dq.invalid_count, 2019-04, offence 8N');
    expect(notice?.Message).toContain("WHERE force_code = 'kent' AND run_id = ");
    expect(notice?.Message).toContain('How to respond');
    for (const f of kentFindings) expect(notice?.Message).toContain(f.finding_id);

    // Each upload is its own run of kind `upload`, auditing one force.
    const runKeys = s3.keys(FINDINGS, 'runs/');
    expect(runKeys).toHaveLength(2);
    const runs = (
      await Promise.all(runKeys.map((k) => decodeTable(RUNS_TABLE, s3.bucket(FINDINGS).get(k) as Uint8Array)))
    ).flat();
    expect(runs.map((r) => [r.kind, r.forces_audited, r.files_ingested])).toEqual([
      ['upload', 1, 1],
      ['upload', 1, 1],
    ]);
    expect(kentFindings.every((f) => runs.some((r) => r.run_id === f.run_id))).toBe(true);

    const totals = new Map<string, number>();
    for (const [name, , value] of counted.mock.calls)
      totals.set(name, (totals.get(name) ?? 0) + Number(value));
    expect(Object.fromEntries(totals)).toMatchObject({
      FilesIngested: 2,
      FindingsRaised: kentFindings.length,
      NoticesPublished: 1,
    });
    counted.mockRestore();
  });

  it('processes a repeated delivery of the same object version once (idempotency in DynamoDB)', async () => {
    const record = s3Record(RETURNS, 'uploads/kent/kent.csv', { versionId: 'v1' });
    s3.putText(RETURNS, 'uploads/kent/kent.csv', withNegativeCount(exampleReturn('kent')), 'v1');
    const first = await invoke(sqsRecord(s3Notification(record)));
    const again = await invoke(sqsRecord(s3Notification(record)));

    expect(first.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    const reads = s3.mock
      .commandCalls(GetObjectCommand)
      .filter((c) => c.args[0].input.Key === 'uploads/kent/kent.csv');
    expect(reads).toHaveLength(1);
    expect(s3.keys(RETURNS, 'curated/submissions/')).toHaveLength(1);
    expect(s3.keys(FINDINGS, 'runs/')).toHaveLength(1);
    expect(published()).toHaveLength(1);
    expect(table.statuses()).toEqual(['COMPLETED']);

    // A new version of the same key is a new upload.
    s3.putText(RETURNS, 'uploads/kent/kent.csv', exampleReturn('kent'), 'v2');
    await invoke(sqsRecord(s3Notification(s3Record(RETURNS, 'uploads/kent/kent.csv', { versionId: 'v2' }))));
    expect(s3.keys(RETURNS, 'curated/submissions/')).toHaveLength(2);
    expect(table.items.size).toBe(2);
  });

  it('URL-decodes event keys as S3 encodes them and reads the announced version', async () => {
    const key = 'uploads/kent/kent return+2024 (v2).csv';
    const record = upload(key, exampleReturn('kent'), { versionId: 'abc' });
    expect(JSON.parse(record.body).Records[0].s3.object.key).toBe(
      'uploads/kent/kent+return%2B2024+%28v2%29.csv',
    );

    expect((await invoke(record)).batchItemFailures).toEqual([]);
    const read = s3.mock.commandCalls(GetObjectCommand).find((c) => c.args[0].input.Key === key);
    expect(read?.args[0].input.VersionId).toBe('abc');
    expect(s3.keys(RETURNS, 'raw/force_code=kent/')[0]).toMatch(/\/kent return\+2024 \(v2\)\.csv$/);
  });

  it('rejects bad upload keys with a report naming the key, keeps the bytes, and raises no error to retry', async () => {
    const bad = [
      'uploads/kent/../durham/durham.csv',
      'uploads/Kent/kent.csv',
      'uploads/northumbria-police/x.csv',
      'uploads/kent/2024/kent.csv',
    ];
    const text = exampleReturn('kent');
    const response = await invoke(...bad.map((key, i) => upload(key, `${text}\n`.repeat(i + 1))));

    expect(response.batchItemFailures).toEqual([]);
    const reports = quarantineReports();
    expect(reports).toHaveLength(4);
    const messages = reports.map((r) => r.issues[0]?.message ?? '');
    for (const key of bad) expect(messages.some((m) => m.includes(JSON.stringify(key)))).toBe(true);
    expect(messages.find((m) => m.includes('uploads/Kent/'))).toMatch(
      /this force uploads to uploads\/kent\//,
    );
    expect(messages.find((m) => m.includes('..'))).toMatch(/"\.\." segment/);
    expect(s3.keys(RETURNS, 'curated/')).toEqual([]);
    expect(published()).toEqual([]);
  });

  it('quarantines an upload over the size limit unread, with its bytes, tells its force to split it, and does not retry', async () => {
    const key = 'uploads/kent/kent all years.csv';
    const tooLarge = `${exampleReturn('kent')}${'kent,2024-03,8N,1\n'.repeat(LIMIT / 16)}`;
    const bytes = new TextEncoder().encode(tooLarge).length;
    expect(bytes).toBeGreaterThan(LIMIT);
    const response = await invoke(upload(key, tooLarge, { versionId: 'v7' }));

    expect(response.batchItemFailures).toEqual([]);
    expect(s3.mock.commandCalls(GetObjectCommand).filter((c) => c.args[0].input.Key === key)).toEqual([]);
    expect(s3.mock.commandCalls(HeadObjectCommand)[0]?.args[0].input).toMatchObject({
      Key: key,
      VersionId: 'v7',
    });
    // The announced version is copied inside S3, its key URL-encoded as CopySource requires.
    expect(s3.mock.commandCalls(CopyObjectCommand).map((c) => c.args[0].input.CopySource)).toEqual([
      `${RETURNS}/uploads/kent/kent%20all%20years.csv?versionId=v7`,
    ]);
    const [report, ...others] = quarantineReports();
    expect(others).toEqual([]);
    expect(report?.file).toBe('kent all years.csv');
    expect(report?.issues).toHaveLength(1);
    const message = report?.issues[0]?.message ?? '';
    expect(message).toContain(`(${bytes} bytes), over the limit of 1 MiB (${LIMIT} bytes)`);
    expect(message).toMatch(
      /split it into smaller files \(for example one per financial year\).*uploads\/kent\//,
    );
    const [copy] = s3.keys(RETURNS, 'quarantine/').filter((k) => !k.endsWith('/report.json'));
    expect(copy).toMatch(/^quarantine\/[0-9a-f]{64}\/kent all years\.csv$/);
    expect(s3.text(RETURNS, copy as string)).toBe(tooLarge);
    expect(s3.keys(RETURNS, 'curated/')).toEqual([]);

    const notices = published();
    expect(notices).toHaveLength(1);
    expect(notices[0]?.MessageAttributes?.force_code?.StringValue).toBe('kent');
    expect(notices[0]?.MessageAttributes?.notice?.StringValue).toBe('upload_rejected');
    expect(notices[0]?.Message).toContain(`over the limit of 1 MiB (${LIMIT} bytes)`);
    expect(table.statuses()).toEqual(['COMPLETED']);
  });

  it('names both the bad key and the size of an oversized upload under no force, and notifies nobody', async () => {
    const response = await invoke(upload('uploads/Kent/big.csv', 'x'.repeat(LIMIT + 1)));

    expect(response.batchItemFailures).toEqual([]);
    expect(s3.mock.commandCalls(GetObjectCommand)).toHaveLength(0);
    const [report] = quarantineReports();
    expect(report?.issues.map((i) => i.field)).toEqual(['key', 'file']);
    expect(report?.issues[1]?.message).toContain(`(${LIMIT + 1} bytes), over the limit`);
    expect(published()).toEqual([]);
  });

  it('ignores its own writes and folder placeholders', async () => {
    const response = await invoke(
      upload('raw/force_code=kent/abc/kent.csv', 'x'),
      upload('uploads/kent/', ''),
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(s3.keys(RETURNS, 'quarantine/')).toEqual([]);
    expect(s3.keys(RETURNS, 'curated/')).toEqual([]);
    expect(s3.mock.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it("quarantines a force's upload holding another force's rows, and tells that force why", async () => {
    const mixed = withForeignRows(exampleReturn('kent'), exampleReturn('durham'), 3);
    const response = await invoke(upload('uploads/kent/kent.csv', mixed));

    expect(response.batchItemFailures).toEqual([]);
    expect(s3.keys(RETURNS, 'curated/')).toEqual([]);
    const [report] = quarantineReports();
    expect(report?.issues[0]?.message).toMatch(
      /uploaded for kent .* holds rows for other forces: durham \(3 cells\)/,
    );
    expect(report?.issues.slice(1).map((i) => [i.line, i.field, i.value])).toEqual([
      [1322, 'force_code', 'durham'],
      [1323, 'force_code', 'durham'],
      [1324, 'force_code', 'durham'],
    ]);

    const notices = published();
    expect(notices).toHaveLength(1);
    expect(notices[0]?.MessageAttributes?.force_code?.StringValue).toBe('kent');
    expect(notices[0]?.MessageAttributes?.notice?.StringValue).toBe('upload_rejected');
    expect(notices[0]?.Message).toContain('kent.csv:1322: field "force_code": row is for durham, not kent');
  });

  it('reports only the failed messages in batchItemFailures, and a failed upload can be retried', async () => {
    const good = upload('uploads/kent/kent.csv', exampleReturn('kent'));
    const notJson = sqsRecord('this is not an S3 event', 'not-json');
    const notS3 = sqsRecord({ Records: [{ eventSource: 'aws:sqs' }] }, 'not-s3');
    const missing = sqsRecord(s3Notification(s3Record(RETURNS, 'uploads/durham/gone.csv')), 'missing');
    const throttled = upload('uploads/essex/essex.csv', exampleReturn('essex'));
    s3.failingGets.set(
      'uploads/essex/essex.csv',
      Object.assign(new Error('Slow Down'), { name: 'SlowDown' }),
    );

    const response = await invoke(good, notJson, notS3, missing, throttled);

    // An object deleted since its event is not retried: there is nothing left to ingest.
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      [throttled.messageId, 'not-json', 'not-s3'].sort(),
    );
    expect(s3.keys(RETURNS, 'curated/returns/')).toEqual([expect.stringContaining('force_code=kent/')]);

    // The failed attempt left no idempotency record behind, so SQS's redelivery succeeds.
    s3.failingGets.clear();
    expect((await invoke(throttled)).batchItemFailures).toEqual([]);
    expect(s3.keys(RETURNS, 'curated/returns/').some((k) => k.includes('force_code=essex/'))).toBe(true);
  });

  it('reports exactly the one bad message of a batch, and processes the good ones around it', async () => {
    const kent = upload('uploads/kent/kent.csv', exampleReturn('kent'));
    const bad = sqsRecord('{"Records": "not a list"}', 'bad-one');
    const durham = upload('uploads/durham/durham.csv', exampleReturn('durham'));

    const response = await invoke(kent, bad, durham);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad-one' }] });
    expect(s3.keys(RETURNS, 'curated/returns/').map((k) => k.split('/')[2])).toEqual([
      'force_code=durham',
      'force_code=kent',
    ]);
  });

  it('reports every message of a batch that failed whole, without failing the invocation', async () => {
    const response = await invoke(sqsRecord('not json', 'a'), sqsRecord('nor this', 'b'));
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['a', 'b']);
  });

  it('audits the uploads of a batch one after another, never two at once', async () => {
    const kent = upload('uploads/kent/kent.csv', withNegativeCount(exampleReturn('kent')));
    const essex = upload('uploads/essex/essex.csv', withNegativeCount(exampleReturn('essex')));
    // Each upload is INPROGRESS in the idempotency table from its start until it is stored as done.
    const inProgressAtNotice: number[] = [];
    sns.on(PublishCommand).callsFake(() => {
      inProgressAtNotice.push(table.statuses().filter((s) => s === 'INPROGRESS').length);
      return { MessageId: 'm' };
    });

    expect((await invoke(kent, essex)).batchItemFailures).toEqual([]);
    expect(inProgressAtNotice).toEqual([1, 1]);
  });

  it('annotates the trace with the force and the run of each upload', async () => {
    const put = vi.spyOn(tracer, 'putAnnotation');
    await invoke(upload('uploads/kent/kent.csv', withNegativeCount(exampleReturn('kent'))));
    const [finding] = await storedFindings('kent');
    expect(finding).toBeDefined();
    expect(put.mock.calls).toEqual([
      ['force_code', 'kent'],
      ['run_id', finding?.run_id],
    ]);
    put.mockRestore();
  });

  it("skips S3's test event", async () => {
    const testEvent = sqsRecord({
      Service: 'Amazon S3',
      Event: 's3:TestEvent',
      Time: '2026-11-22T10:00:00.000Z',
      Bucket: RETURNS,
      RequestId: 'X',
      HostId: 'Y',
    });
    expect(await invoke(testEvent)).toEqual({ batchItemFailures: [] });
    expect(s3.mock.calls()).toHaveLength(0);
  });

  it('fails the whole invocation when the event is not an SQS event', async () => {
    await expect(handler({ Records: [{ not: 'sqs' }] }, lambdaContext())).rejects.toThrow();
  });

  it('notifies each force of its own findings only, one message per force', async () => {
    const gwent = upload('uploads/gwent/gwent.csv', exampleReturn('gwent'));
    const lancashire = upload('uploads/lancashire/lancashire.csv', exampleReturn('lancashire'));
    expect((await invoke(gwent, lancashire)).batchItemFailures).toEqual([]);

    const notices = published();
    expect(notices.map((n) => n.MessageAttributes?.force_code?.StringValue).sort()).toEqual([
      'gwent',
      'lancashire',
    ]);
    for (const notice of notices) {
      const force = notice.MessageAttributes?.force_code?.StringValue as string;
      const own = await storedFindings(force);
      const other = await storedFindings(force === 'gwent' ? 'lancashire' : 'gwent');
      expect(own.length).toBeGreaterThan(0);
      for (const f of own) expect(notice.Message).toContain(f.finding_id);
      for (const f of other) expect(notice.Message).not.toContain(f.finding_id);
    }
  });
});

describe('intake notices when SNS fails', () => {
  it("fails the message, and the queue's retry (the same run id) announces the same findings", async () => {
    sns.reset();
    sns.on(PublishCommand).rejectsOnce(new Error('SNS throttled')).resolves({ MessageId: 'm-2' });
    const kent = upload('uploads/kent/kent-2024.csv', withNegativeCount(exampleReturn('kent')));

    expect((await invoke(kent)).batchItemFailures).toHaveLength(1);
    // The findings and their raised events are stored by the failed attempt.
    const stored = (await storedFindings('kent')).map((f) => f.finding_id);
    expect(stored.length).toBeGreaterThan(0);

    expect(await invoke(kent)).toEqual({ batchItemFailures: [] });
    const [failed, delivered] = published();
    expect(published()).toHaveLength(2);
    expect(delivered?.Message).toBe(failed?.Message);
    for (const id of stored) expect(delivered?.Message).toContain(id);
  });
});
