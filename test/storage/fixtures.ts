/** Builders for valid rows of the three tables, and temp-dir helpers, for storage and engine tests. */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../functions/core/model/findings.ts';
import type { ReturnRow } from '../../functions/core/model/returns.ts';
import type { Run } from '../../functions/core/model/runs.ts';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function tempDir(
  prefix = 'auditor-storage-',
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes an "uploaded" file and returns its path and content hash. */
export async function uploadFile(
  dir: string,
  name: string,
  content: string,
): Promise<{ path: string; sha: string }> {
  const path = join(dir, name);
  await writeFile(path, content);
  return { path, sha: sha256(content) };
}

export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    finding_id: 'f-0001',
    run_id: 'run-20240102-0001',
    signature: 'no_crime_spike',
    check_id: 'nc.spike',
    rule_version: '1.0.0',
    severity: 'medium',
    force_code: 'greater-manchester',
    period_start: '2019-07',
    period_end: '2019-09',
    offence_group: 'Violence against the person',
    offence_subgroup: null,
    offence_code: '8N',
    related_offence_code: null,
    observed: 31,
    expected: 12.5,
    unit: 'crimes',
    effect_size: 0.9162907318741551,
    p_value: 0.0004,
    q_value: 0.012,
    near_target: false,
    summary:
      'Cancellations of 8N in Jul–Sep 2019 were well above the force’s baseline and require explanation.',
    evidence: JSON.stringify({ method: 'poisson', series: [{ period: '2019-07', value: 31 }] }),
    input_sha256: sha256('input'),
    created_at: new Date('2024-01-02T03:04:05.678Z'),
    ...overrides,
  };
}

export function makeReturnRow(overrides: Partial<ReturnRow> = {}): ReturnRow {
  return {
    force_code: 'greater-manchester',
    period_start: '2019-07',
    period_end: '2019-07',
    grain: 'month',
    level: 'code',
    offence_code: '8N',
    offence_group: 'Violence against the person',
    offence_subgroup: 'Violence with injury',
    recorded: 1234,
    cancelled: 31,
    source_format: 'monthly_aggregate',
    source_file: 'gm.csv',
    source_line: 2,
    input_sha256: sha256('input'),
    submitted_at: new Date('2024-01-02T03:04:05.000Z'),
    run_id: 'run-20240102-0001',
    ...overrides,
  };
}

export function makeRun(overrides: Partial<Run> = {}): Run {
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
