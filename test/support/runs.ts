/** A valid run record for the storage and engine tests. */
import type { Run } from '#core/model/runs.ts';

export function runRecord(overrides: Partial<Run> = {}): Run {
  return {
    run_id: 'run-20240102-0001',
    kind: 'local',
    started_at: new Date('2024-01-02T03:04:05.000Z'),
    finished_at: new Date('2024-01-02T03:04:09.250Z'),
    status: 'succeeded',
    files_seen: 3,
    files_ingested: 2,
    files_unchanged: 0,
    files_quarantined: 1,
    forces_audited: 2,
    findings_total: 7,
    findings_new: 7,
    rule_versions: 'nc.spike@1.0.0',
    message: '',
    ...overrides,
  };
}
