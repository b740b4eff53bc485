/**
 * The series an auditor should see beside a finding: the force's current counts for the finding's
 * offence (code, else group, else all offences) over the whole history, so the flagged period is
 * seen in context. One level and one grain are used, never summed across them, so nothing is
 * counted twice when a force has both code- and group-level returns or both monthly and quarterly.
 */
import type { Finding } from '../model/findings.ts';
import type { ReturnRow } from '../model/returns.ts';
import type { SeriesPoint } from './chart-data.ts';

type FindingScope = Pick<Finding, 'offence_code' | 'offence_group' | 'unit'>;

export function seriesForFinding(finding: FindingScope, forceRows: readonly ReturnRow[]): SeriesPoint[] {
  const grain = forceRows.some((r) => r.grain === 'month') ? 'month' : 'quarter';
  const sameGrain = forceRows.filter((r) => r.grain === grain);
  const relevant = selectRows(finding, sameGrain);
  const totals = new Map<string, { recorded: number; cancelled: number | null }>();
  for (const r of relevant) {
    const t = totals.get(r.period_start) ?? { recorded: 0, cancelled: null };
    t.recorded += r.recorded;
    if (r.cancelled !== null) t.cancelled = (t.cancelled ?? 0) + r.cancelled;
    totals.set(r.period_start, t);
  }
  return [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([period, t]) => ({ period, value: finding.unit === 'rate' ? cancellationRate(t) : t.recorded }));
}

function selectRows(finding: FindingScope, rows: readonly ReturnRow[]): readonly ReturnRow[] {
  if (finding.offence_code !== null) {
    return rows.filter((r) => r.level === 'code' && r.offence_code === finding.offence_code);
  }
  const level = rows.some((r) => r.level === 'code') ? 'code' : 'group';
  const atLevel = rows.filter((r) => r.level === level);
  if (finding.offence_group !== null) return atLevel.filter((r) => r.offence_group === finding.offence_group);
  return atLevel;
}

/** Cancelled as a share of all crimes recorded in the period (those kept plus those cancelled). */
function cancellationRate(t: { recorded: number; cancelled: number | null }): number | null {
  if (t.cancelled === null) return null;
  const base = t.recorded + t.cancelled;
  return base > 0 ? t.cancelled / base : null;
}
