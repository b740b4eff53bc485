/** The deployed digest function's wiring: the findings bucket's findings and events, and the flags topic. */
import { SNSClient } from '@aws-sdk/client-sns';
import { S3FindingEventsRepository } from '#adapters/s3/finding-events-repository.ts';
import { S3FindingsRepository } from '#adapters/s3/findings-repository.ts';
import { S3Objects } from '#adapters/s3/objects.ts';
import { SnsForceNotifier } from '#adapters/sns/publisher.ts';
import { DigestEnvSchema, readEnv } from '../env.ts';
import { tracedS3Client } from '../shared/aws-wiring.ts';
import { tracer } from '../shared/powertools.ts';
import type { DigestWiring } from './create-handler.ts';

export function digestWiringFromEnv(): DigestWiring {
  const env = readEnv(DigestEnvSchema);
  const objects = new S3Objects(tracedS3Client(), env.FINDINGS_BUCKET);
  return {
    findings: new S3FindingsRepository(objects),
    events: new S3FindingEventsRepository(objects),
    notifier: new SnsForceNotifier(tracer.captureAWSv3Client(new SNSClient({})), env.TOPIC_ARN),
    clock: () => new Date(),
  };
}
