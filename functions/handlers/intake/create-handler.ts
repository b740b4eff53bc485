/**
 * The intake function's middy stack, with its wiring injected (the deployed handler wires S3, SNS
 * and DynamoDB from the environment; the integration test wires s3rver and an in-memory
 * idempotency store, and runs exactly this stack).
 *
 * Event: SQS messages, each an S3 event notification. Per message, each announced upload goes
 * through processUpload, made idempotent on (bucket, key, version): S3 delivers notifications at
 * least once, and a repeat of a completed upload returns the stored result instead of running
 * again. A message that fails is reported in `batchItemFailures` (SQS partial batch response), so
 * only it is retried; the others are deleted from the queue.
 */

import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { SqsSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import middy from '@middy/core';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import type { z } from 'zod';
import { logger, metrics } from '../shared/powertools.ts';
import { processUpload, type UploadDeps, type UploadResult } from './process-upload.ts';
import { type UploadRef, uploadsFromMessage } from './s3-event.ts';

export interface IntakeWiring {
  upload: Omit<UploadDeps, 'logger' | 'metrics'>;
  persistence: BasePersistenceLayer;
  /** How long a completed upload is remembered (default 3 days: far beyond S3's redelivery window). */
  idempotencyTtlSeconds?: number;
}

export const DEFAULT_IDEMPOTENCY_TTL_SECONDS = 3 * 24 * 3600;
export const IDEMPOTENCY_KEY_PREFIX = 'auditor-intake-upload';

type SqsEvent = z.infer<typeof SqsSchema>;

interface Wired {
  process: (ref: UploadRef) => Promise<UploadResult>;
  config: IdempotencyConfig;
}

/** Builds the handler; `wire` runs once, on the first invocation (so configuration errors surface there). */
export function createIntakeHandler(wire: () => IntakeWiring) {
  let wired: Wired | null = null;
  const getWired = (): Wired => {
    if (wired) return wired;
    const w = wire();
    const deps: UploadDeps = { ...w.upload, logger, metrics };
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
    wired = { process, config };
    return wired;
  };

  const handleBatch = async (event: SqsEvent, context: Context): Promise<SQSBatchResponse> => {
    const { process, config } = getWired();
    // Lets an attempt that times out be retried once Lambda's deadline for it has passed.
    config.registerLambdaContext(context);
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        const message = uploadsFromMessage(record.body);
        if (message.kind === 'test_event') {
          logger.info('S3 test event skipped', { messageId: record.messageId });
          continue;
        }
        for (const skipped of message.skipped)
          logger.info('not an object creation; skipped', { event: skipped });
        for (const ref of message.uploads) {
          const result = await process(ref);
          logger.info('upload done', { messageId: record.messageId, ...result });
        }
      } catch (err) {
        logger.error('message failed; SQS will redeliver it', {
          messageId: record.messageId,
          error:
            err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
        });
        metrics.addMetric('MessagesFailed', MetricUnit.Count, 1);
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };

  return middy(handleBatch)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(parser({ schema: SqsSchema }));
}
