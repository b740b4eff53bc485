/** Builders of normalised return rows for the tests: one with every field defaulted, one compact spec form. */
import type { ReturnRow } from '#core/model/returns.ts';
import { periodEndOf } from '#core/series/periods.ts';
import { sha256 } from './temp-files.ts';

/** A valid monthly code-level row of one submission; `overrides` sets any field. */
export function returnRow(overrides: Partial<ReturnRow> = {}): ReturnRow {
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
    processed_at: new Date('2024-01-02T03:04:09.000Z'),
    run_id: 'run-20240102-0001',
    ...overrides,
  };
}

export interface RowSpec {
  force: string;
  period: string;
  recorded: number;
  grain?: ReturnRow['grain'];
  /** Code-level when given; otherwise a group-level row. */
  code?: string;
  group: string;
  cancelled?: number | null;
}

/** A row from the few facts the detection machinery reads; the rest follow from grain and level. */
export function specRow(s: RowSpec): ReturnRow {
  const grain = s.grain ?? 'month';
  const level = s.code === undefined ? 'group' : 'code';
  return returnRow({
    force_code: s.force,
    period_start: s.period,
    period_end: periodEndOf(s.period, grain),
    grain,
    level,
    offence_code: s.code ?? null,
    offence_group: s.group,
    offence_subgroup: null,
    recorded: s.recorded,
    cancelled: s.cancelled ?? null,
    source_format:
      level === 'group'
        ? 'home_office_pfa_group'
        : grain === 'quarter'
          ? 'home_office_pfa'
          : 'monthly_aggregate',
    source_file: `${s.force}.csv`,
    input_sha256: '0'.repeat(64),
    submitted_at: new Date('2025-01-01T00:00:00Z'),
    run_id: 'test',
  });
}

/** Map → plain object, for readable equality assertions. */
export function obj(m: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries(m);
}
