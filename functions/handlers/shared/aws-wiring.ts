/**
 * The AWS side of the deployed wiring, shared by the three functions: SDK clients captured by the
 * tracer (each call becomes a subsegment naming the service and operation), and the store, notifier,
 * registry and clock that intake and force-audit both audit with.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { openS3Store, type S3Store } from '#adapters/s3/store.ts';
import { type ForceNotifier, SnsForceNotifier } from '#adapters/sns/publisher.ts';
import { type CheckRegistry, defaultRegistry } from '#core/engine/registry.ts';
import { tracer } from './powertools.ts';

export const tracedS3Client = (): S3Client => tracer.captureAWSv3Client(new S3Client({}));
export const tracedDynamoDbClient = (): DynamoDBClient => tracer.captureAWSv3Client(new DynamoDBClient({}));

export interface AuditServices {
  store: S3Store;
  notifier: ForceNotifier;
  registry: CheckRegistry;
  clock: () => Date;
}

export function auditServices(env: {
  RETURNS_BUCKET: string;
  FINDINGS_BUCKET: string;
  TOPIC_ARN: string;
}): AuditServices {
  return {
    store: openS3Store({
      client: tracedS3Client(),
      returnsBucket: env.RETURNS_BUCKET,
      findingsBucket: env.FINDINGS_BUCKET,
    }),
    notifier: new SnsForceNotifier(tracer.captureAWSv3Client(new SNSClient({})), env.TOPIC_ARN),
    registry: defaultRegistry(),
    clock: () => new Date(),
  };
}
