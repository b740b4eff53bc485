/**
 * The middy stacks of the two scheduled-audit functions, wiring injected (see ../plan-audit.ts and
 * ../force-audit.ts for the deployed wiring). Inputs are validated with zod through the Powertools
 * parser middleware, so a malformed state-machine input fails with the field named.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import type { S3ReturnsRepository } from '../../adapters/s3/returns-repository.ts';
import { forceBySlug } from '../../core/reference/forces.ts';
import { assertRunId } from '../../store/layout.ts';
import { rejectInput } from '../shared/input-error.ts';
import { logger, metrics } from '../shared/powertools.ts';
import { auditForce, type ForceAuditDeps, type ForceAuditResult } from './audit-force.ts';
import { type AuditPlan, planNationalAudit } from './plan.ts';

/** An EventBridge scheduled event, a state machine's `{}`, or `{ "time": "<ISO 8601>" }` to date the run. */
export const PlanAuditInputSchema = z.looseObject({ time: z.iso.datetime({ offset: true }).optional() });

export const ForceAuditInputSchema = z.object({
  run_id: z.string().refine((s) => safe(() => assertRunId(s)), 'not a safe run id'),
  force_code: z.string().refine((s) => forceBySlug(s) !== null, 'not the slug of one of the 44 forces'),
});

export interface PlanAuditWiring {
  returns: S3ReturnsRepository;
  clock: () => Date;
}

export type ForceAuditWiring = Omit<ForceAuditDeps, 'logger' | 'metrics'>;

export function createPlanAuditHandler(wire: () => PlanAuditWiring) {
  let wired: PlanAuditWiring | null = null;
  const plan = async (event: z.infer<typeof PlanAuditInputSchema>): Promise<AuditPlan> => {
    wired ??= wire();
    const at = event.time ? new Date(event.time) : wired.clock();
    const result = await planNationalAudit(wired.returns, at);
    metrics.addMetric('ForcesPlanned', MetricUnit.Count, result.forces.length);
    logger.info('national audit planned', { run_id: result.run_id, forces: result.forces.length });
    return result;
  };
  return middy(plan)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(parser({ schema: PlanAuditInputSchema, errorHandler: rejectInput('plan-audit') }));
}

export function createForceAuditHandler(wire: () => ForceAuditWiring) {
  let wired: ForceAuditDeps | null = null;
  const audit = async (event: z.infer<typeof ForceAuditInputSchema>): Promise<ForceAuditResult> => {
    wired ??= { ...wire(), logger, metrics };
    logger.appendKeys({ run_id: event.run_id, force_code: event.force_code });
    return auditForce(wired, event);
  };
  return middy(audit)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(parser({ schema: ForceAuditInputSchema, errorHandler: rejectInput('force-audit') }));
}

function safe(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}
