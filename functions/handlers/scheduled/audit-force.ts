/**
 * One force's part of the scheduled national audit: no new files, the force audited against every
 * force's current data (kind `scheduled`), its findings merged and stored, and the force notified of
 * findings this run raised first (e.g. after a rule change, or once peers' new data moved the
 * baseline). The run id is `<national run id>.<force>`: one runs row per force, and a retry of the
 * same step reuses it (so findings stored by a failed attempt are still notified).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { S3Store } from '#adapters/s3/store.ts';
import type { ForceNotifier } from '#adapters/sns/publisher.ts';
import { runAudit } from '#app/audit.ts';
import type { CheckRegistry } from '#core/engine/registry.ts';
import type { Run } from '#core/model/runs.ts';
import { assertForceSlug, assertRunId } from '#store/layout.ts';
import { annotate } from '../shared/tracing.ts';

export interface ForceAuditDeps {
  store: S3Store;
  notifier: ForceNotifier;
  registry: CheckRegistry;
  clock: () => Date;
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
}

export interface ForceAuditResult {
  /** The national run this step belongs to. */
  national_run_id: string;
  run_id: string;
  force_code: string;
  status: Run['status'];
  findings_current: number;
  findings_new: number;
  notified: boolean;
  message: string;
}

export function forceRunId(nationalRunId: string, force: string): string {
  return assertRunId(`${assertRunId(nationalRunId)}.${assertForceSlug(force)}`);
}

export async function auditForce(
  deps: ForceAuditDeps,
  input: { run_id: string; force_code: string },
): Promise<ForceAuditResult> {
  const force = input.force_code;
  const runId = forceRunId(input.run_id, force);
  annotate(deps.tracer, { force_code: force, run_id: runId, national_run_id: input.run_id });
  const outcome = await runAudit(deps.store, {
    files: [],
    runId,
    kind: 'scheduled',
    forces: [force],
    registry: deps.registry,
    clock: deps.clock,
    read: () => Promise.reject(new Error('a scheduled audit reads no files')),
  });
  // Raised for the first time ever by this run: a finding is notified once, however often it is found.
  const raised = outcome.raised.filter((f) => f.force_code === force);
  deps.metrics.addMetric('FindingsRaised', MetricUnit.Count, raised.length);
  if (raised.length > 0) {
    await deps.notifier.publish({
      kind: 'findings',
      force,
      runId,
      findings: raised,
      currentTotal: outcome.findings.length,
      uploadKey: null,
    });
    deps.metrics.addMetric('NoticesPublished', MetricUnit.Count, 1);
  }
  const result: ForceAuditResult = {
    national_run_id: input.run_id,
    run_id: runId,
    force_code: force,
    status: outcome.run.status,
    findings_current: outcome.findings.length,
    findings_new: raised.length,
    notified: raised.length > 0,
    message: outcome.run.message,
  };
  deps.logger.info('force audited', { ...result });
  return result;
}
