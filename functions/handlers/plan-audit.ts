/**
 * Lambda: first step of the scheduled national audit. Lists the forces with accepted submissions
 * and returns `{ run_id, forces }` for the state machine to fan out to force-audit.
 */
import { createPlanAuditHandler } from './scheduled/create-handlers.ts';
import { planAuditWiringFromEnv } from './scheduled/wiring.ts';
import { withDefaults } from './shared/with-defaults.ts';

export const handler = withDefaults(createPlanAuditHandler(planAuditWiringFromEnv));
