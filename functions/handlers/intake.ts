/**
 * Lambda: force uploads → audit. SQS (S3 event notifications for `uploads/`) → per upload: ingest
 * for the uploading force, audit it against every force's current data, notify it. See
 * intake/create-handler.ts for the event handling and intake/process-upload.ts for the work.
 */
import { createIntakeHandler } from './intake/create-handler.ts';
import { intakeWiringFromEnv } from './intake/wiring.ts';
import { withDefaults } from './shared/with-defaults.ts';

export const handler = withDefaults(createIntakeHandler(intakeWiringFromEnv));
