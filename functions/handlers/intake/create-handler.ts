/**
 * The intake function, its wiring injected (the deployed handler wires S3, SNS and DynamoDB from the
 * environment; the integration test wires s3rver and an in-memory idempotency store, and runs it
 * through the same withDefaults stack).
 *
 * Event: SQS messages, each an S3 event notification, handled by Powertools' BatchProcessor one
 * message after another (uploads for one force must not be audited concurrently: the later writer
 * of a force's findings would win). Per message, each announced upload goes through processUpload,
 * made idempotent on (bucket, key, version): S3 delivers notifications at least once, and a repeat
 * of a completed upload returns the stored result instead of running again. A message that fails is
 * reported in `batchItemFailures` (SQS partial batch response), so only it is retried; the others
 * are deleted from the queue. A batch in which every message failed is reported the same way, not
 * thrown, so the response always names exactly the failed messages.
 */

import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SqsSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { logger, metrics, tracer } from '../shared/powertools.ts';
import { inSubsegment } from '../shared/tracing.ts';
import type { FunctionSpec } from '../shared/with-defaults.ts';
import { processUpload, type UploadDeps, type UploadResult } from './process-upload.ts';
import { type UploadRef, uploadsFromMessage } from './s3-event.ts';

export interface IntakeWiring {
  upload: Omit<UploadDeps, 'logger' | 'metrics' | 'tracer'>;
  persistence: BasePersistenceLayer;
  /** How long a completed upload is remembered (default 3 days: far beyond S3's redelivery window). */
  idempotencyTtlSeconds?: number;
}

export const DEFAULT_IDEMPOTENCY_TTL_SECONDS = 3 * 24 * 3600;
export const IDEMPOTENCY_KEY_PREFIX = 'auditor-intake-upload';

interface Intake {
  process: (ref: UploadRef) => Promise<UploadResult>;
  config: IdempotencyConfig;
  batch: BatchProcessor;
}

export function createIntakeHandler(
  wire: () => IntakeWiring,
): FunctionSpec<typeof SqsSchema, Intake, SQSBatchResponse> {
  return {
    name: 'intake',
    input: SqsSchema,
    wire: () => idempotentIntake(wire()),
    handle: async ({ process, config, batch }, event, context) => {
      // Lets an attempt that times out be retried once Lambda's deadline for it has passed.
      config.registerLambdaContext(context);
      return processPartialResponse(event, (record: SQSRecord) => handleMessage(process, record), batch, {
        context,
        processInParallel: false,
        throwOnFullBatchFailure: false,
      });
    },
  };
}

function idempotentIntake(w: IntakeWiring): Intake {
  const deps: UploadDeps = { ...w.upload, logger, metrics, tracer };
  const config = new IdempotencyConfig({
    // The object version is the identity of an upload; the event's time and ids are not.
    eventKeyJmesPath: '[bucket, key, version]',
    expiresAfterSeconds: w.idempotencyTtlSeconds ?? DEFAULT_IDEMPOTENCY_TTL_SECONDS,
    throwOnNoIdempotencyKey: true,
  });
  const process = makeIdempotent((ref: UploadRef) => processUpload(deps, ref), {
    persistenceStore: w.persistence,
    config,
    // Stable across function renames and redeployments (the default is the function's name).
    keyPrefix: IDEMPOTENCY_KEY_PREFIX,
  });
  return { process, config, batch: new BatchProcessor(EventType.SQS) };
}

/** One SQS message; throwing marks it failed, so SQS redelivers it (and only it). */
async function handleMessage(process: Intake['process'], record: SQSRecord): Promise<void> {
  try {
    const message = uploadsFromMessage(record.body);
    if (message.kind === 'test_event') {
      logger.info('S3 test event skipped', { messageId: record.messageId });
      return;
    }
    for (const skipped of message.skipped) logger.info('not an object creation; skipped', { event: skipped });
    for (const ref of message.uploads) {
      const result = await inSubsegment(tracer, '### upload', () => process(ref));
      logger.info('upload done', { messageId: record.messageId, ...result });
    }
  } catch (err) {
    logger.error('message failed; SQS will redeliver it', {
      messageId: record.messageId,
      error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
    });
    metrics.addMetric('MessagesFailed', MetricUnit.Count, 1);
    throw err;
  }
}
