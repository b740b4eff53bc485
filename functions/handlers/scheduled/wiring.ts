/** The deployed wiring of the two scheduled-audit functions, from the environment. */
import { S3Objects } from '#adapters/s3/objects.ts';
import { S3ReturnsRepository } from '#adapters/s3/returns-repository.ts';
import { ForceAuditEnvSchema, PlanAuditEnvSchema, readEnv } from '../env.ts';
import { auditServices, tracedS3Client } from '../shared/aws-wiring.ts';
import type { ForceAuditWiring, PlanAuditWiring } from './create-handlers.ts';

export function planAuditWiringFromEnv(): PlanAuditWiring {
  const env = readEnv(PlanAuditEnvSchema);
  return {
    returns: new S3ReturnsRepository(new S3Objects(tracedS3Client(), env.RETURNS_BUCKET)),
    clock: () => new Date(),
  };
}

export function forceAuditWiringFromEnv(): ForceAuditWiring {
  return auditServices(readEnv(ForceAuditEnvSchema));
}
