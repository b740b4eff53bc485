/**
 * Responses to findings end to end over s3rver: a force's JSON under its own
 * `uploads/<slug>/responses/`, an auditor's under `decisions/`, each announced by s3rver's own event
 * (wrapped as SQS delivers it) and handled by the deployed intake stack (withDefaults over
 * createIntakeHandler, the idempotency store in memory, SNS mocked). The force's findings and
 * events are stored first through the same S3 store, as an earlier audit would have left them.
 *
 * What it proves: a response delivered twice, or sent twice, is recorded once; one for another
 * force's finding, or not valid, is refused with a report kept where the force can read it, beside
 * the response itself, and the force is told; an auditor's dispute is recorded and notified.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { SQSBatchResponse } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openS3Store, type S3Store } from '#adapters/s3/store.ts';
import { SnsForceNotifier } from '#adapters/sns/publisher.ts';
import { defaultRegistry } from '#core/engine/registry.ts';
import { raisedEventId } from '#core/lifecycle/event-id.ts';
import { ValidationReportSchema } from '#core/model/validation.ts';
import { keys } from '#store/layout.ts';
import { encodeEventKey, lambdaContext, sqsEvent, sqsRecord } from '../support/events.ts';
import { findingEvent } from '../support/finding-events.ts';
import { finding } from '../support/findings.ts';
import { MemoryPersistenceLayer } from '../support/memory-persistence.ts';
import {
  FINDINGS,
  type LocalS3,
  RETURNS,
  startLocalS3,
  stubIntakeEnvironment,
  TOPIC,
} from './support/local-s3.ts';

type Handler = (event: unknown, context: unknown) => Promise<SQSBatchResponse>;
type S3Event = { Records: Array<{ s3: { object: { key: string } } }> };

let s3: LocalS3;
let work: string;
let client: S3Client;
let store: S3Store;
let makeHandler: () => Handler;
const emitted: S3Event[] = [];
const sns = mockClient(SNSClient);

const KENT_FINDING = finding({ finding_id: 'f_kent_drop', force_code: 'kent' });
const ESSEX_FINDING = finding({ finding_id: 'f_essex_drop', force_code: 'essex' });

beforeAll(async () => {
  stubIntakeEnvironment();
  s3 = await startLocalS3<S3Event>('auditor-responses-', (event) => emitted.push(event));
  ({ client, work } = s3);
  store = openS3Store({ client, returnsBucket: RETURNS, findingsBucket: FINDINGS });
  const { createIntakeHandler } = await import('#handlers/intake/create-handler.ts');
  const { withDefaults } = await import('#handlers/shared/with-defaults.ts');
  makeHandler = () => {
    const persistence = new MemoryPersistenceLayer();
    return withDefaults(
      createIntakeHandler(() => ({
        upload: {
          store,
          notifier: new SnsForceNotifier(new SNSClient({ region: 'eu-west-2' }), TOPIC),
          registry: defaultRegistry(),
          clock: () => new Date(),
          tmpRoot: work,
        },
        persistence,
      })),
    ) as unknown as Handler;
  };
  for (const f of [KENT_FINDING, ESSEX_FINDING]) {
    await store.findings.replaceForce(f.force_code, [f]);
    await store.events.append(f.force_code, [
      findingEvent({
        event_id: raisedEventId(f.finding_id),
        finding_id: f.finding_id,
        force_code: f.force_code,
        action: 'raised',
        role: 'system',
        actor: 'auditor',
        run_id: f.run_id,
      }),
    ]);
  }
});

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
});

afterAll(async () => {
  sns.restore();
  await s3?.close();
});

/** Puts an object as its sender would and returns s3rver's event for it. */
async function put(key: string, body: string): Promise<S3Event> {
  const before = emitted.length;
  await client.send(new PutObjectCommand({ Bucket: RETURNS, Key: key, Body: body }));
  const event = emitted.slice(before).find((e) => e.Records[0]?.s3.object.key === key);
  if (!event) throw new Error(`s3rver emitted no event for ${key}`);
  return event;
}

async function deliver(handler: Handler, event: S3Event): Promise<SQSBatchResponse> {
  const encoded = structuredClone(event);
  for (const r of encoded.Records) r.s3.object.key = encodeEventKey(r.s3.object.key);
  return handler(sqsEvent(sqsRecord(encoded)), lambdaContext());
}

async function text(key: string): Promise<string> {
  const out = await client.send(new GetObjectCommand({ Bucket: RETURNS, Key: key }));
  return (await out.Body?.transformToString()) ?? '';
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const notices = () =>
  sns.commandCalls(PublishCommand).map((c) => ({
    force: c.args[0].input.MessageAttributes?.force_code?.StringValue,
    notice: c.args[0].input.MessageAttributes?.notice?.StringValue,
    message: c.args[0].input.Message ?? '',
  }));
const actions = async (force: string) => (await store.events.loadForce(force)).map((e) => [e.action, e.role]);

const explanation = JSON.stringify({
  finding_id: KENT_FINDING.finding_id,
  force_code: 'kent',
  action: 'explain',
  actor: 'J. Smith',
  note: 'A new crime recording system went live in April 2022.',
});

describe('responses over s3rver', () => {
  it('records a response delivered twice, and sent twice, once', async () => {
    const handler = makeHandler();
    const event = await put(`${keys.forceResponses('kent')}explain-drop.json`, explanation);
    expect(await deliver(handler, event)).toEqual({ batchItemFailures: [] });
    expect(await deliver(handler, event)).toEqual({ batchItemFailures: [] });
    // Past the idempotency layer (a fresh one, as after its records expire), and the same bytes under another name.
    expect(await deliver(makeHandler(), event)).toEqual({ batchItemFailures: [] });
    const again = await put(`${keys.forceResponses('kent')}explain-drop (copy).json`, explanation);
    expect(await deliver(handler, again)).toEqual({ batchItemFailures: [] });

    expect(await actions('kent')).toEqual([
      ['raised', 'system'],
      ['explain', 'force'],
    ]);
    const [explain] = (await store.events.loadForce('kent')).filter((e) => e.action === 'explain');
    expect(explain).toMatchObject({
      actor: 'J. Smith',
      note: 'A new crime recording system went live in April 2022.',
    });
    expect(notices()).toEqual([]);
  });

  it("refuses a response for another force's finding with a report the force can read, and keeps it", async () => {
    const body = JSON.stringify({ ...JSON.parse(explanation), finding_id: ESSEX_FINDING.finding_id });
    const event = await put(`${keys.forceResponses('kent')}essex.json`, body);
    expect(await deliver(makeHandler(), event)).toEqual({ batchItemFailures: [] });

    const report = ValidationReportSchema.parse(
      JSON.parse(await text(keys.responseReport('kent', sha(body)))),
    );
    // Only kent's own findings are looked up, so the refusal does not say whose the finding is.
    expect(report.issues).toEqual([
      expect.objectContaining({ field: 'finding_id', message: 'no finding of kent has this id' }),
    ]);
    expect(await text(keys.responseReportFile('kent', sha(body), 'essex.json'))).toBe(body);
    expect(await actions('essex')).toEqual([['raised', 'system']]);
    const [notice] = notices();
    expect(notice).toMatchObject({ force: 'kent', notice: 'response_rejected' });
    expect(notice?.message).toContain(`response_reports/force_code=kent/${sha(body)}/`);
    expect(notice?.message).toContain('no finding of kent has this id');
  });

  it('refuses bad JSON and an explanation without a note, each with its report', async () => {
    const bad = '{"finding_id": "f_kent_drop", ';
    const noNote = JSON.stringify({ ...JSON.parse(explanation), note: '' });
    for (const [name, body] of [
      ['bad.json', bad],
      ['no-note.json', noNote],
    ] as const) {
      expect(await deliver(makeHandler(), await put(`${keys.forceResponses('kent')}${name}`, body))).toEqual({
        batchItemFailures: [],
      });
    }
    const badReport = JSON.parse(await text(keys.responseReport('kent', sha(bad))));
    expect(badReport.issues[0].message).toMatch(/^not JSON/);
    const noteReport = JSON.parse(await text(keys.responseReport('kent', sha(noNote))));
    expect(noteReport.issues[0]).toMatchObject({ field: 'note', message: 'explain needs a note saying why' });
    expect(notices().map((n) => n.notice)).toEqual(['response_rejected', 'response_rejected']);
    expect((await actions('kent')).filter(([a]) => a === 'explain')).toHaveLength(1);
  });

  it("records an auditor's dispute under decisions/ and tells the force", async () => {
    const body = JSON.stringify({
      finding_id: KENT_FINDING.finding_id,
      force_code: 'kent',
      action: 'dispute',
      actor: 'A. Auditor',
      note: 'The fall began in January, before the new system.',
    });
    expect(await deliver(makeHandler(), await put('decisions/kent-drop.json', body))).toEqual({
      batchItemFailures: [],
    });
    expect((await actions('kent')).at(-1)).toEqual(['dispute', 'auditor']);
    const [notice] = notices();
    expect(notice).toMatchObject({ force: 'kent', notice: 'finding_decision' });
    expect(notice?.message).toContain('The fall began in January');

    // A force's action through the auditors' channel is refused, with the report in the auditors' partition.
    const wrong = JSON.stringify({ ...JSON.parse(body), action: 'explain' });
    await deliver(makeHandler(), await put('decisions/wrong.json', wrong));
    const report = JSON.parse(await text(keys.responseReport(null, sha(wrong))));
    expect(report.issues[0]).toMatchObject({ field: 'action' });
    expect(notices()).toHaveLength(1);
  });

  it('tells the force of a decision whose first publish failed when the queue retries, and records it once', async () => {
    sns.reset();
    sns.on(PublishCommand).rejectsOnce(new Error('SNS throttled')).resolves({ MessageId: 'm' });
    const body = JSON.stringify({
      finding_id: ESSEX_FINDING.finding_id,
      force_code: 'essex',
      action: 'dispute',
      actor: 'A. Auditor',
      note: 'The explanation does not cover the months before the change.',
    });
    const event = await put('decisions/essex-drop.json', body);
    const handler = makeHandler();
    expect((await deliver(handler, event)).batchItemFailures).toHaveLength(1);
    // Not recorded while the force has not been told: the retry does both.
    expect(await actions('essex')).toEqual([['raised', 'system']]);

    expect(await deliver(handler, event)).toEqual({ batchItemFailures: [] });
    expect(await actions('essex')).toEqual([
      ['raised', 'system'],
      ['dispute', 'auditor'],
    ]);
    const told = notices().filter((n) => n.notice === 'finding_decision' && n.force === 'essex');
    // The failed attempt and the delivered one.
    expect(told).toHaveLength(2);
    expect(told[1]?.message).toContain('does not cover the months');
  });
});
