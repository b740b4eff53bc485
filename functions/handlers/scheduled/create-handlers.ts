/**
 * The two scheduled-audit functions, wiring injected (scheduled/wiring.ts has the deployed wiring;
 * ../plan-audit.ts and ../force-audit.ts put each through withDefaults). Inputs are zod schemas the
 * Powertools parser middleware applies, so a malformed state-machine input fails with the field named.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import type { S3ReturnsRepository } from '#adapters/s3/returns-repository.ts';
import { forceBySlug } from '#core/reference/forces.ts';
import { assertRunId } from '#store/layout.ts';
import { logger, metrics, tracer } from '../shared/powertools.ts';
import { annotate } from '../shared/tracing.ts';
import type { FunctionSpec } from '../shared/with-defaults.ts';
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

export type ForceAuditWiring = Omit<ForceAuditDeps, 'logger' | 'metrics' | 'tracer'>;

export function createPlanAuditHandler(
  wire: () => PlanAuditWiring,
): FunctionSpec<typeof PlanAuditInputSchema, PlanAuditWiring, AuditPlan> {
  return {
    name: 'plan-audit',
    input: PlanAuditInputSchema,
    wire,
    handle: async (wired, event) => {
      const at = event.time ? new Date(event.time) : wired.clock();
      const result = await planNationalAudit(wired.returns, at);
      annotate(tracer, { run_id: result.run_id });
      metrics.addMetric('ForcesPlanned', MetricUnit.Count, result.forces.length);
      logger.info('national audit planned', { run_id: result.run_id, forces: result.forces.length });
      return result;
    },
  };
}

export function createForceAuditHandler(
  wire: () => ForceAuditWiring,
): FunctionSpec<typeof ForceAuditInputSchema, ForceAuditDeps, ForceAuditResult> {
  return {
    name: 'force-audit',
    input: ForceAuditInputSchema,
    wire: () => ({ ...wire(), logger, metrics, tracer }),
    handle: async (wired, event) => {
      logger.appendKeys({ run_id: event.run_id, force_code: event.force_code });
      return auditForce(wired, event);
    },
  };
}

function safe(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}
