/**
 * Lambda: one force of the scheduled national audit. Input `{ run_id, force_code }` (from
 * plan-audit's output, one per force); audits that force with no new files, stores its findings and
 * the run, and notifies the force of findings raised for the first time.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { openS3Store } from '../adapters/s3/store.ts';
import { SnsForceNotifier } from '../adapters/sns/publisher.ts';
import { defaultRegistry } from '../core/engine/registry.ts';
import { ForceAuditEnvSchema, readEnv } from './env.ts';
import { createForceAuditHandler } from './scheduled/create-handlers.ts';

export const handler = createForceAuditHandler(() => {
  const env = readEnv(ForceAuditEnvSchema);
  return {
    store: openS3Store({
      client: new S3Client({}),
      returnsBucket: env.RETURNS_BUCKET,
      findingsBucket: env.FINDINGS_BUCKET,
    }),
    notifier: new SnsForceNotifier(new SNSClient({}), env.TOPIC_ARN),
    registry: defaultRegistry(),
    clock: () => new Date(),
  };
});
