/**
 * The first step of the scheduled national audit: which forces have accepted submissions (from the
 * committed manifests under curated/submissions/, so a half-written submission never counts), and
 * the national run id every per-force step shares.
 */
import type { S3ReturnsRepository } from '#adapters/s3/returns-repository.ts';
import { newCloudRunId } from '../shared/run-id.ts';

export interface AuditPlan {
  run_id: string;
  /** Force slugs, sorted. */
  forces: string[];
}

export async function planNationalAudit(returns: S3ReturnsRepository, at: Date): Promise<AuditPlan> {
  const manifests = await returns.manifests();
  const forces = [...new Set(manifests.flatMap((m) => m.forces))].sort();
  return { run_id: newCloudRunId(at, 'national'), forces };
}
