// Builds normalised return rows directly, for the shared detection machinery's tests.
import type { ReturnRow } from '../../../functions/core/model/returns.ts';
import { periodEndOf } from '../../../functions/core/series/periods.ts';

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

export function row(s: RowSpec): ReturnRow {
  const grain = s.grain ?? 'month';
  const level = s.code === undefined ? 'group' : 'code';
  return {
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
    source_line: 2,
    input_sha256: '0'.repeat(64),
    submitted_at: new Date('2025-01-01T00:00:00Z'),
    run_id: 'test',
  };
}

/** Map → plain object, for readable equality assertions. */
export function obj(m: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries(m);
}
