/**
 * Shared plumbing for the sudden-drop tests: running the three checks through the real engine (so
 * Benjamini–Hochberg and the material gate apply exactly as in an audit), loading the example returns
 * and the real Home Office table through the ingest code, and turning the example generator's rows
 * into return rows.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readReturnFile } from '#adapters/files/read-return.ts';
import type { AuditInput } from '#core/checks/check.ts';
import type { SuddenDropConfig } from '#core/checks/sudden-drop/config.ts';
import { DEFAULT_SUDDEN_DROP_CONFIG } from '#core/checks/sudden-drop/config.ts';
import { createSuddenDropChecks } from '#core/checks/sudden-drop/index.ts';
import { CheckRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import type { Annotation } from '#core/model/annotations.ts';
import type { Finding } from '#core/model/findings.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import type { MonthlyReturnRow } from '#core/synthetic/monthly-returns.ts';
import { SYNTHETIC_OFFENCES } from '#core/synthetic/offence-profile.ts';

const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
export const EXAMPLE_RETURNS = join(REPO, 'examples/returns');
export const REAL_GROUP_TABLE = resolve(
  REPO,
  '../shared/data/real/prc_pfa_force_offencegroup_quarterly_2002-03_to_2023-24.csv',
);

export function auditInput(rows: readonly ReturnRow[], forces?: readonly string[]): AuditInput {
  return {
    current: rows,
    history: rows,
    notes: [],
    forces: forces ?? [...new Set(rows.map((r) => r.force_code))].sort(),
  };
}

/** The sudden-drop findings an audit would report (after BH and the material gate). */
export function audit(
  rows: readonly ReturnRow[],
  config: SuddenDropConfig = DEFAULT_SUDDEN_DROP_CONFIG,
  forces?: readonly string[],
  annotations?: readonly Annotation[],
): Finding[] {
  const registry = new CheckRegistry().registerAll(createSuddenDropChecks(config));
  const input = annotations ? { ...auditInput(rows, forces), annotations } : auditInput(rows, forces);
  const result = runChecks(registry, input, {
    run_id: 'test-run',
    now: new Date('2024-06-01T00:00:00Z'),
  });
  if (result.errors.length > 0) throw new Error(result.errors.map((e) => e.message).join('; '));
  return result.findings;
}

async function readAccepted(path: string): Promise<ReturnRow[]> {
  const r = await readReturnFile(path, {
    submitted_at: new Date('2024-06-01T00:00:00Z'),
    run_id: 'test-run',
  });
  if (!r.ok) throw new Error(`${path} was rejected: ${JSON.stringify(r.report.issues.slice(0, 3))}`);
  return r.rows;
}

export async function loadExampleReturns(): Promise<ReturnRow[]> {
  const files = readdirSync(EXAMPLE_RETURNS)
    .filter((f) => f.endsWith('.csv'))
    .sort();
  const rows: ReturnRow[] = [];
  for (const f of files) rows.push(...(await readAccepted(join(EXAMPLE_RETURNS, f))));
  return rows;
}

export function loadRealGroupTable(): Promise<ReturnRow[]> {
  return readAccepted(REAL_GROUP_TABLE);
}

const OFFENCE = new Map(SYNTHETIC_OFFENCES.map((o) => [o.code, o]));

/** Rows of generateMonthlyReturns as return rows (codes outside the synthetic profile get group Unknown). */
export function monthlyRows(rows: readonly MonthlyReturnRow[]): ReturnRow[] {
  return rows.map((r, i) => ({
    force_code: r.force_code,
    period_start: r.month,
    period_end: r.month,
    grain: 'month',
    level: 'code',
    offence_code: r.offence_code,
    offence_group: OFFENCE.get(r.offence_code)?.group ?? 'Unknown',
    offence_subgroup: OFFENCE.get(r.offence_code)?.subgroup ?? null,
    recorded: r.recorded,
    cancelled: r.cancelled,
    source_format: 'monthly_aggregate',
    source_file: `${r.force_code}.csv`,
    source_line: i + 2,
    input_sha256: 'e'.repeat(64),
    submitted_at: new Date('2024-06-01T00:00:00Z'),
    run_id: 'test-run',
  }));
}

/** Financial year (start year) of a YYYY-MM month. */
export function financialYear(month: string): number {
  const y = Number(month.slice(0, 4));
  return Number(month.slice(5, 7)) >= 4 ? y : y - 1;
}

export function parseEvidence(f: Finding): Record<string, unknown> {
  return JSON.parse(f.evidence) as Record<string, unknown>;
}
