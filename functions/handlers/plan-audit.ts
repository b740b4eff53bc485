/**
 * Lambda: first step of the scheduled national audit. Lists the forces with accepted submissions
 * and returns `{ run_id, forces }` for the state machine to fan out to force-audit.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { S3Objects } from '../adapters/s3/objects.ts';
import { S3ReturnsRepository } from '../adapters/s3/returns-repository.ts';
import { PlanAuditEnvSchema, readEnv } from './env.ts';
import { createPlanAuditHandler } from './scheduled/create-handlers.ts';

export const handler = createPlanAuditHandler(() => {
  const env = readEnv(PlanAuditEnvSchema);
  return {
    returns: new S3ReturnsRepository(new S3Objects(new S3Client({}), env.RETURNS_BUCKET)),
    clock: () => new Date(),
  };
});
