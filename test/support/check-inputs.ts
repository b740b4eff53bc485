/**
 * Builders for the check and engine tests: return rows, series of rows and audit inputs, plus a loader
 * for the real Home Office offence-group subset in fixtures/ (converted here, without the ingest
 * module, so these tests depend only on the engine and checks).
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { AuditInput } from '#core/checks/check.ts';
import type { IngestNote } from '#core/model/ingest.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { addMonths } from '#core/series/months.ts';
import { periodEndOf } from '#core/series/periods.ts';

export const SHA_A = 'a'.repeat(64);
export const SHA_B = 'b'.repeat(64);
export const SHA_C = 'c'.repeat(64);

export function row(p: Partial<ReturnRow> & { period_start: string }): ReturnRow {
  const grain = p.grain ?? 'month';
  const level = p.level ?? 'code';
  return {
    force_code: 'kent',
    period_end: periodEndOf(p.period_start, grain),
    grain,
    level,
    offence_code: level === 'code' ? '8N' : null,
    offence_group: 'Violence against the person',
    offence_subgroup: level === 'code' ? 'Violence with injury' : null,
    recorded: 10,
    cancelled: null,
    source_format: level === 'group' ? 'home_office_pfa_group' : 'monthly_aggregate',
    source_file: 'kent.csv',
    source_line: 2,
    input_sha256: SHA_A,
    submitted_at: new Date('2024-01-01T00:00:00Z'),
    run_id: 'r1',
    ...p,
  };
}

/**
 * Consecutive periods of one series from `start`; a null value leaves the period without a row.
 * Lines count up from `firstLine`.
 */
export function series(
  start: string,
  values: ReadonlyArray<number | null>,
  p: Partial<ReturnRow> = {},
  firstLine = 2,
): ReturnRow[] {
  const step = (p.grain ?? 'month') === 'quarter' ? 3 : 1;
  const out: ReturnRow[] = [];
  values.forEach((v, i) => {
    if (v === null) return;
    out.push(
      row({ ...p, period_start: addMonths(start, i * step), recorded: v, source_line: firstLine + i }),
    );
  });
  return out;
}

export function input(
  current: readonly ReturnRow[],
  opts: { history?: readonly ReturnRow[]; notes?: readonly IngestNote[]; forces?: readonly string[] } = {},
): AuditInput {
  return {
    current,
    history: opts.history ?? current,
    notes: opts.notes ?? [],
    forces: opts.forces ?? [...new Set(current.map((r) => r.force_code))].sort(),
  };
}

const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The real Home Office offence-group subset as current rows (one submission). */
export function loadPrcSubset(): ReturnRow[] {
  const file = fileURLToPath(new URL('../fixtures/prc_pfa_group_subset.csv', import.meta.url));
  const records = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
  return records.map((r, i) => {
    const fyStart = Number(r['Financial Year']!.slice(0, 4));
    const q = Number(r['Financial Quarter']);
    const periodStart = addMonths(`${fyStart}-04`, (q - 1) * 3);
    return row({
      force_code: slug(r['Force Name']!),
      period_start: periodStart,
      grain: 'quarter',
      level: 'group',
      offence_group: r['Offence Group']!,
      recorded: Number(r['Number of Offences']),
      source_format: 'home_office_pfa_group',
      source_file: 'prc_pfa_group_subset.csv',
      source_line: i + 2,
    });
  });
}
