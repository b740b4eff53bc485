/**
 * The intake handler end to end over a real S3 implementation: s3rver on 127.0.0.1 (a free port, a
 * temp directory), the S3 event notifications it emits wrapped in SQS records as the queue would
 * deliver them, and the real middy stack (withDefaults(createIntakeHandler(…)) — the deployed handler
 * with only the idempotency store swapped for an in-memory one, and SNS mocked).
 *
 * What it proves:
 *  - a force's upload becomes a submission laid out exactly as the layout says, and a corrected
 *    revision raises a finding that is written to the findings bucket as Parquet whose columns are
 *    exactly FINDING_COLUMNS, readable by DuckDB (raw read_parquet, and the engine's views over a
 *    mirror of both buckets — the same keys locally and in S3);
 *  - the same upload delivered twice yields one revision: the second delivery is caught by the
 *    idempotency layer (no new submission, run, findings or notice), and the same bytes under a new
 *    key are caught by the content hash (no new submission; findings unchanged);
 *  - ListObjectsV2 pagination (2 keys a page) works against a real server;
 *  - an upload over the size limit is never downloaded: the server copies it into quarantine.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DuckDBInstance } from '@duckdb/node-api';
import type { SQSBatchResponse } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { parquetMetadata } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '#adapters/duckdb/engine.ts';
import { openS3Store } from '#adapters/s3/store.ts';
import { SnsForceNotifier } from '#adapters/sns/publisher.ts';
import { defaultRegistry } from '#core/engine/registry.ts';
import { FINDING_COLUMNS } from '#core/model/findings.ts';
import { DUCKDB_COLUMN_TYPES as COLUMN_SQL_TYPES } from '#store/lake-schema.ts';
import { encodeEventKey, lambdaContext, sqsEvent, sqsRecord } from '../support/events.ts';
import { exampleReturn } from '../support/example-returns.ts';
import { MemoryPersistenceLayer } from '../support/memory-persistence.ts';
import {
  FINDINGS,
  type LocalS3,
  RETURNS,
  startLocalS3,
  stubIntakeEnvironment,
  TOPIC,
} from './support/local-s3.ts';

let s3: LocalS3;
let work: string;
let client: S3Client;
let persistence: MemoryPersistenceLayer;
let handler: (event: unknown, context: unknown) => Promise<SQSBatchResponse>;
/** The same handler with the upload limit lowered to SMALL_LIMIT bytes. */
let smallLimitHandler: typeof handler;
const SMALL_LIMIT = 4096;
/** Every S3 command the handlers' client sent, by name and key (to see what was never downloaded). */
const s3Requests: Array<{ command: string; key?: string; copySource?: string }> = [];
/** ListObjectsV2 requests the handler's store sent (to see that it paginated against the server). */
const listRequests: Array<{ Prefix?: string; ContinuationToken?: string; Delimiter?: string }> = [];
const events: Array<{ Records: Array<{ s3: { bucket: { name: string }; object: { key: string } } }> }> = [];
const sns = mockClient(SNSClient);

beforeAll(async () => {
  stubIntakeEnvironment();
  s3 = await startLocalS3<(typeof events)[number]>('auditor-s3rver-', (event) => events.push(event));
  ({ client, work } = s3);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'ListObjectsV2Command')
        listRequests.push(args.input as (typeof listRequests)[number]);
      const { Key, CopySource } = args.input as { Key?: string; CopySource?: string };
      s3Requests.push({
        command: String(context.commandName),
        ...(Key ? { key: Key } : {}),
        ...(CopySource ? { copySource: CopySource } : {}),
      });
      return next(args);
    },
    { step: 'initialize', name: 'recordListRequests' },
  );
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  persistence = new MemoryPersistenceLayer();

  const { createIntakeHandler } = await import('#handlers/intake/create-handler.ts');
  const { withDefaults } = await import('#handlers/shared/with-defaults.ts');
  const wiring = (maxUploadBytes?: number) => ({
    upload: {
      store: openS3Store({
        client,
        returnsBucket: RETURNS,
        findingsBucket: FINDINGS,
        objects: { pageSize: 2 },
      }),
      notifier: new SnsForceNotifier(new SNSClient({ region: 'eu-west-2' }), TOPIC),
      registry: defaultRegistry(),
      clock: () => new Date(),
      tmpRoot: work,
      ...(maxUploadBytes ? { maxUploadBytes } : {}),
    },
    persistence,
  });
  handler = withDefaults(createIntakeHandler(() => wiring())) as unknown as typeof handler;
  smallLimitHandler = withDefaults(
    createIntakeHandler(() => wiring(SMALL_LIMIT)),
  ) as unknown as typeof handler;
});

afterAll(async () => {
  sns.restore();
  await s3?.close();
});

/** Uploads as a force would, and returns the S3 event s3rver emitted for that object. */
async function upload(key: string, body: string) {
  const before = events.length;
  await client.send(new PutObjectCommand({ Bucket: RETURNS, Key: key, Body: body }));
  const event = events.slice(before).find((e) => e.Records[0]?.s3.object.key === key);
  if (!event) throw new Error(`s3rver emitted no event for ${key}`);
  return event;
}

/** As SQS delivers it: the notification as the body, the key URL-encoded as real S3 encodes it. */
function asSqsRecord(event: (typeof events)[number]) {
  const encoded = structuredClone(event);
  for (const r of encoded.Records) r.s3.object.key = encodeEventKey(r.s3.object.key);
  return sqsRecord(encoded);
}

async function deliver(...batch: Array<(typeof events)[number]>): Promise<SQSBatchResponse> {
  return handler(sqsEvent(...batch.map(asSqsRecord)), lambdaContext());
}

async function keys(bucket: string, prefix: string): Promise<string[]> {
  const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key as string).sort();
}

async function bytes(bucket: string, key: string): Promise<Uint8Array> {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await out.Body?.transformToByteArray()) ?? new Uint8Array();
}

/** kent's March 2024 return again, violence with injury (8N) 40% lower: a corrected revision. */
function kentCorrection(): string {
  const lines = exampleReturn('kent').trimEnd().split('\n');
  const march = lines.filter((l) => l.startsWith('kent,2024-03,'));
  const lowered = march.map((l) => {
    const f = l.split(',');
    if (f[2] === '8N') f[3] = String(Math.floor(Number(f[3]) * 0.6));
    return f.join(',');
  });
  return `${[lines[0], ...lowered].join('\n')}\n`;
}

const CORRECTION_KEY = 'uploads/kent/kent 2024-03 corrected.csv';

describe('intake over s3rver', () => {
  let findingsKey = '';
  let findingsBytes: Uint8Array = new Uint8Array();
  let correction: (typeof events)[number];

  it('ingests a peer and a force’s return into the layout, with no findings for clean data', async () => {
    const durham = await upload('uploads/durham/durham.csv', exampleReturn('durham'));
    const kent = await upload('uploads/kent/kent.csv', exampleReturn('kent'));
    expect(await deliver(durham, kent)).toEqual({ batchItemFailures: [] });

    const kentSha = createHash('sha256').update(exampleReturn('kent')).digest('hex');
    expect(await keys(RETURNS, 'curated/')).toEqual(
      expect.arrayContaining([
        `curated/returns/force_code=kent/${kentSha}.parquet`,
        `curated/submissions/${kentSha}.json`,
      ]),
    );
    expect(await keys(RETURNS, `raw/force_code=kent/${kentSha}/`)).toEqual([
      `raw/force_code=kent/${kentSha}/kent.csv`,
    ]);
    expect(new TextDecoder().decode(await bytes(RETURNS, `raw/force_code=kent/${kentSha}/kent.csv`))).toBe(
      exampleReturn('kent'),
    );
    expect(await keys(FINDINGS, 'runs/')).toHaveLength(2);
    // The examples plant no problem in kent's or durham's returns.
    expect(await keys(FINDINGS, 'findings/')).toEqual([]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('turns a corrected revision that lowers the counts into a finding, stored and notified', async () => {
    correction = await upload(CORRECTION_KEY, kentCorrection());
    expect(await deliver(correction)).toEqual({ batchItemFailures: [] });

    expect(await keys(RETURNS, 'curated/submissions/')).toHaveLength(3);
    // Three manifests at two keys a page: the store followed a continuation token, with no delimiter.
    const manifestPages = listRequests.filter((r) => r.Prefix === 'curated/submissions/');
    expect(manifestPages.some((r) => r.ContinuationToken)).toBe(true);
    expect(listRequests.every((r) => r.Delimiter === undefined)).toBe(true);
    findingsKey = 'findings/force_code=kent/findings.parquet';
    expect(await keys(FINDINGS, 'findings/')).toEqual([findingsKey]);
    expect(await keys(FINDINGS, 'runs/')).toHaveLength(3);
    findingsBytes = await bytes(FINDINGS, findingsKey);

    const notices = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.MessageAttributes?.force_code?.StringValue).toBe('kent');
    expect(notices[0]?.Message).toContain('dq.downward_revision');
    expect(notices[0]?.Message).toContain(`after the upload ${CORRECTION_KEY}`);
  });

  it('writes findings Parquet with exactly the contract columns, which DuckDB reads', async () => {
    const metadata = parquetMetadata(
      findingsBytes.buffer.slice(
        findingsBytes.byteOffset,
        findingsBytes.byteOffset + findingsBytes.byteLength,
      ) as ArrayBuffer,
    );
    expect(metadata.schema.slice(1).map((e) => e.name)).toEqual(FINDING_COLUMNS.map(([name]) => name));

    // DuckDB on the raw file: the same names, in order, with the types the views and Glue use.
    const file = join(work, 'raw-findings.parquet');
    await writeFile(file, findingsBytes);
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    try {
      const described = (
        await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)
      ).getRowObjects();
      expect(described.map((r) => [r.column_name, r.column_type])).toEqual(
        FINDING_COLUMNS.map(([name, type]) => [name, COLUMN_SQL_TYPES[type]]),
      );
      const rows = (
        await con.runAndReadAll(
          `SELECT force_code, check_id, severity, period_start FROM read_parquet('${file}')`,
        )
      ).getRowObjects();
      expect(rows).toContainEqual({
        force_code: 'kent',
        check_id: 'dq.downward_revision',
        severity: 'high',
        period_start: '2024-03',
      });
      expect(rows.every((r) => r.force_code === 'kent')).toBe(true);
    } finally {
      con.closeSync();
      db.closeSync();
    }
  });

  it('lays both buckets out as a local audit directory: the embedded engine queries the mirror', async () => {
    const mirror = join(work, 'mirror');
    for (const bucket of [RETURNS, FINDINGS]) {
      for (const key of await keys(bucket, '')) {
        if (key.startsWith('uploads/')) continue;
        const target = join(mirror, ...key.split('/'));
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, await bytes(bucket, key));
      }
    }
    const engine = await openEngine(mirror);
    try {
      const findings = await engine.query('SELECT force_code, check_id FROM findings');
      expect(findings).toContainEqual({ force_code: 'kent', check_id: 'dq.downward_revision' });
      expect(findings.every((f) => f.force_code === 'kent')).toBe(true);
      const revisions = await engine.query(
        "SELECT count(DISTINCT input_sha256) AS n FROM returns WHERE force_code = 'kent' AND period_start = '2024-03'",
      );
      expect(revisions).toEqual([{ n: 2 }]);
      const current = await engine.query(
        "SELECT source_file FROM returns_current WHERE force_code = 'kent' AND period_start = '2024-03' AND offence_code = '8N'",
      );
      expect(current).toEqual([{ source_file: 'kent 2024-03 corrected.csv' }]);
      expect(
        await engine.query(
          "SELECT kind, forces_audited FROM runs WHERE run_id LIKE '%-upload-%' ORDER BY started_at",
        ),
      ).toHaveLength(3);
    } finally {
      engine.close();
    }
    expect(await readFile(join(mirror, 'findings/force_code=kent/findings.parquet'))).toEqual(
      Buffer.from(findingsBytes),
    );
  });

  it('processes the same upload delivered twice once: no new revision, same findings, no second notice', async () => {
    const submissions = await keys(RETURNS, 'curated/submissions/');
    const runs = await keys(FINDINGS, 'runs/');
    const conflicts = persistence.conflicts;

    expect(await deliver(correction)).toEqual({ batchItemFailures: [] });

    expect(persistence.conflicts).toBe(conflicts + 1);
    expect(await keys(RETURNS, 'curated/submissions/')).toEqual(submissions);
    expect(await keys(FINDINGS, 'runs/')).toEqual(runs);
    expect(await bytes(FINDINGS, 'findings/force_code=kent/findings.parquet')).toEqual(findingsBytes);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    const stored = [...persistence.records.values()].map(
      (r) => r.getResponse() as { status?: string; key?: string },
    );
    expect(stored.find((r) => r.key === CORRECTION_KEY)).toMatchObject({
      status: 'ingested',
      force: 'kent',
      notified: true,
    });
  });

  it('treats the same bytes under a new key as the same revision (content hash)', async () => {
    const submissions = await keys(RETURNS, 'curated/submissions/');
    const copy = await upload('uploads/kent/resent.csv', kentCorrection());
    expect(await deliver(copy)).toEqual({ batchItemFailures: [] });

    expect(await keys(RETURNS, 'curated/submissions/')).toEqual(submissions);
    expect(await bytes(FINDINGS, 'findings/force_code=kent/findings.parquet')).toEqual(findingsBytes);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    const runs = await keys(FINDINGS, 'runs/');
    expect(runs).toHaveLength(4);
  });

  it("rejects another force's rows under kent's prefix, against the real store", async () => {
    const mixed = `${exampleReturn('kent').trimEnd()}\n${exampleReturn('essex').split('\n')[1]}\n`;
    const event = await upload('uploads/kent/with-essex.csv', mixed);
    expect(await deliver(event)).toEqual({ batchItemFailures: [] });
    const reports = (await keys(RETURNS, 'quarantine/')).filter((k) => k.endsWith('report.json'));
    expect(reports).toHaveLength(1);
    const report = JSON.parse(new TextDecoder().decode(await bytes(RETURNS, reports[0] as string)));
    expect(report.issues[1]).toMatchObject({ line: 1322, field: 'force_code', value: 'essex' });
    expect(await keys(RETURNS, 'curated/returns/force_code=essex/')).toEqual([]);
  });

  it('copies an upload over the limit into quarantine inside S3, unread, and tells its force', async () => {
    const key = 'uploads/kent/kent-2015-2024.csv';
    const body = exampleReturn('kent');
    expect(body.length).toBeGreaterThan(SMALL_LIMIT);
    const event = await upload(key, body);
    const notices = sns.commandCalls(PublishCommand).length;
    s3Requests.length = 0;

    const response = await smallLimitHandler(sqsEvent(asSqsRecord(event)), lambdaContext());

    expect(response).toEqual({ batchItemFailures: [] });
    expect(s3Requests.filter((r) => r.key === key).map((r) => r.command)).toEqual(['HeadObjectCommand']);
    expect(s3Requests.filter((r) => r.copySource === `${RETURNS}/${key}`).map((r) => r.command)).toEqual([
      'CopyObjectCommand',
    ]);
    const copies = (await keys(RETURNS, 'quarantine/')).filter((k) => k.endsWith('/kent-2015-2024.csv'));
    expect(copies).toHaveLength(1);
    expect(new TextDecoder().decode(await bytes(RETURNS, copies[0] as string))).toBe(body);
    const report = JSON.parse(
      new TextDecoder().decode(await bytes(RETURNS, (copies[0] as string).replace(/[^/]+$/, 'report.json'))),
    );
    expect(report.issues[0].message).toContain(`over the limit of 4 KiB (${SMALL_LIMIT} bytes)`);
    const notice = sns.commandCalls(PublishCommand).slice(notices);
    expect(notice.map((c) => c.args[0].input.MessageAttributes?.notice?.StringValue)).toEqual([
      'upload_rejected',
    ]);
  });
});
