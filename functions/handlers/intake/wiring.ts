/** The deployed intake function's wiring: S3, SNS and the DynamoDB idempotency table from the environment. */
import { tmpdir } from 'node:os';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { IntakeEnvSchema, readEnv } from '../env.ts';
import { auditServices, tracedDynamoDbClient } from '../shared/aws-wiring.ts';
import type { IntakeWiring } from './create-handler.ts';

export function intakeWiringFromEnv(): IntakeWiring {
  const env = readEnv(IntakeEnvSchema);
  return {
    upload: { ...auditServices(env), tmpRoot: tmpdir(), maxUploadBytes: env.MAX_UPLOAD_BYTES },
    // Table with partition key `id` (string) and TTL on `expiration`, as the stack creates it.
    persistence: new DynamoDBPersistenceLayer({
      tableName: env.IDEMPOTENCY_TABLE,
      awsSdkV3Client: tracedDynamoDbClient(),
    }),
  };
}
