/**
 * Lambda: the weekly digest. EventBridge Scheduler → one notice per force listing the findings that
 * await its answer (digest/create-handler.ts).
 */
import { createDigestHandler } from './digest/create-handler.ts';
import { digestWiringFromEnv } from './digest/wiring.ts';
import { withDefaults } from './shared/with-defaults.ts';

export const handler = withDefaults(createDigestHandler(digestWiringFromEnv));
