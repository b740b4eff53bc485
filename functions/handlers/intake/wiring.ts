/** The deployed intake function's wiring: S3, SNS and the DynamoDB idempotency table from the environment. */
import { tmpdir } from 'node:os';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { openS3Store } from '../../adapters/s3/store.ts';
import { SnsForceNotifier } from '../../adapters/sns/publisher.ts';
import { defaultRegistry } from '../../core/engine/registry.ts';
import { IntakeEnvSchema, readEnv } from '../env.ts';
import type { IntakeWiring } from './create-handler.ts';

export function intakeWiringFromEnv(): IntakeWiring {
  const env = readEnv(IntakeEnvSchema);
  return {
    upload: {
      store: openS3Store({
        client: new S3Client({}),
        returnsBucket: env.RETURNS_BUCKET,
        findingsBucket: env.FINDINGS_BUCKET,
      }),
      notifier: new SnsForceNotifier(new SNSClient({}), env.TOPIC_ARN),
      registry: defaultRegistry(),
      clock: () => new Date(),
      tmpRoot: tmpdir(),
    },
    // Table with partition key `id` (string) and TTL on `expiration`, as the stack creates it.
    persistence: new DynamoDBPersistenceLayer({ tableName: env.IDEMPOTENCY_TABLE }),
  };
}
