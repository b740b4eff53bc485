/**
 * Lambda: one force of the scheduled national audit. Input `{ run_id, force_code }` (from
 * plan-audit's output, one per force); audits that force with no new files, stores its findings and
 * the run, and notifies the force of findings raised for the first time.
 */
import { createForceAuditHandler } from './scheduled/create-handlers.ts';
import { forceAuditWiringFromEnv } from './scheduled/wiring.ts';
import { withDefaults } from './shared/with-defaults.ts';

export const handler = withDefaults(createForceAuditHandler(forceAuditWiringFromEnv));
