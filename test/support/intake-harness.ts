/**
 * The deployed intake stack (withDefaults(createIntakeHandler(…))) over the in-memory S3 with S3's
 * atomicity (fake-s3.ts), an in-memory idempotency store, and a notifier that keeps every notice
 * whole: what the handler tests and the intake chaos benchmark drive. Uploads are put into the
 * returns bucket and announced as S3 would (event time, version id), each delivery an SQS message.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { SQSBatchResponse } from 'aws-lambda';
import { openS3Store, type S3Store } from '#adapters/s3/store.ts';
import type { ForceNotice } from '#adapters/sns/force-notice.ts';
import type { ForceNotifier } from '#adapters/sns/publisher.ts';
import type { CheckRegistry } from '#core/engine/registry.ts';
import { defaultRegistry } from '#core/engine/registry.ts';
import { lambdaContext, s3Notification, s3Record, sqsEvent, sqsRecord } from './events.ts';
import { FakeS3 } from './fake-s3.ts';
import { MemoryPersistenceLayer } from './memory-persistence.ts';

export const HARNESS_BUCKETS = { returns: 'auditor-returns-chaos', findings: 'auditor-findings-chaos' };

/** One upload as S3 announces it. */
export interface Announced {
  key: string;
  versionId: string;
  eventTime: string;
}

export class RecordingNotifier implements ForceNotifier {
  readonly notices: ForceNotice[] = [];
  async publish(notice: ForceNotice): Promise<string> {
    this.notices.push(notice);
    return `m-${this.notices.length}`;
  }
}

export interface IntakeHarness {
  s3: FakeS3;
  store: S3Store;
  notifier: RecordingNotifier;
  persistence: MemoryPersistenceLayer;
  registry: CheckRegistry;
  /** Puts the bytes at the key (a new version) and returns what S3's event would announce. */
  upload(key: string, text: string, eventTime: string): Announced;
  /** One SQS message per announced upload, handled by one invocation. */
  deliver(...uploads: Announced[]): Promise<SQSBatchResponse>;
  close(): void;
}

/** What Powertools reads when its module loads; set before the handler is imported, unless set already. */
const POWERTOOLS_ENV = {
  POWERTOOLS_SERVICE_NAME: 'auditor-intake',
  POWERTOOLS_METRICS_NAMESPACE: 'CrimeRecordingAudit',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_TRACE_ENABLED: 'false',
  LOG_LEVEL: 'SILENT',
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
};

export async function intakeHarness(opts: { registry?: CheckRegistry } = {}): Promise<IntakeHarness> {
  for (const [k, v] of Object.entries(POWERTOOLS_ENV)) process.env[k] ??= v;
  delete process.env.POWERTOOLS_IDEMPOTENCY_DISABLED;
  const s3 = new FakeS3(HARNESS_BUCKETS.returns, HARNESS_BUCKETS.findings);
  const store = openS3Store({
    client: new S3Client({ region: 'eu-west-2' }),
    returnsBucket: HARNESS_BUCKETS.returns,
    findingsBucket: HARNESS_BUCKETS.findings,
  });
  const notifier = new RecordingNotifier();
  const persistence = new MemoryPersistenceLayer();
  const registry = opts.registry ?? defaultRegistry();
  const tmpRoot = await mkdtemp(join(tmpdir(), 'auditor-intake-'));
  const { createIntakeHandler } = await import('#handlers/intake/create-handler.ts');
  const { withDefaults } = await import('#handlers/shared/with-defaults.ts');
  // A new handler per delivery: Lambda runs concurrent invocations in separate instances, each
  // with its own batch processor; what they share is S3, the idempotency table and SNS.
  const instance = () =>
    withDefaults(
      createIntakeHandler(() => ({
        upload: { store, notifier, registry, clock: () => new Date(), tmpRoot },
        persistence,
      })),
    ) as unknown as (event: unknown, context: unknown) => Promise<SQSBatchResponse>;
  return {
    s3,
    store,
    notifier,
    persistence,
    registry,
    upload(key, text, eventTime) {
      const versionId = s3.putText(HARNESS_BUCKETS.returns, key, text);
      return { key, versionId, eventTime };
    },
    deliver(...uploads) {
      const records = uploads.map((u) =>
        sqsRecord(
          s3Notification(
            s3Record(HARNESS_BUCKETS.returns, u.key, { versionId: u.versionId, eventTime: u.eventTime }),
          ),
        ),
      );
      return instance()(sqsEvent(...records), lambdaContext());
    },
    close() {
      s3.restore();
    },
  };
}
