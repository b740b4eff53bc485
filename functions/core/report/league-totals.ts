/**
 * A target's crimes per force and window, from the current return rows. A force may hold the same
 * month at more than one grain or level (a monthly return beside the Home Office quarterly table,
 * code-level rows beside group-level ones); each month is counted once, from the finest source that
 * has it: monthly before quarterly, offence codes before groups. A quarter's count is spread evenly
 * over its three months, so a window made of whole quarters sums exactly. A month in which no source
 * has a row of the target's offences is missing (a return that leaves them out has not reported them
 * as zero), and says so: a window with missing months is never totalled as if complete.
 */

import type { CrimeTarget } from '../detection/targets.ts';
import type { ReturnRow } from '../model/returns.ts';
import { lookupOffence } from '../reference/offence-reference.ts';
import { monthRange } from '../series/months.ts';

export type LeagueReturnRow = Pick<
  ReturnRow,
  | 'force_code'
  | 'period_start'
  | 'period_end'
  | 'grain'
  | 'level'
  | 'offence_code'
  | 'offence_group'
  | 'recorded'
>;

export interface WindowTotal {
  /** The target's crimes over the window's months that the data has. */
  crimes: number;
  /** Months of the window without any row of the target's offences (at a level that can show them). */
  missing: string[];
}

export interface ForceTotals {
  baseline: WindowTotal;
  assessment: WindowTotal;
  /** False when none of the force's rows in either window is of the target's offences. */
  hasTargetOffences: boolean;
}

const SOURCES = ['month|code', 'month|group', 'quarter|code', 'quarter|group'] as const;

/** True when the row's offences are the target's; null when a group row cannot say (a target of codes). */
function rowInTarget(target: CrimeTarget, row: LeagueReturnRow): boolean | null {
  if (target.offence_codes.length > 0) {
    if (row.level === 'group' || row.offence_code === null) return null;
    return target.offence_codes.includes(row.offence_code);
  }
  if (target.offence_groups.length === 0) return true;
  const group =
    row.level === 'code' && row.offence_code !== null
      ? (lookupOffence(row.offence_code)?.group ?? row.offence_group)
      : row.offence_group;
  return target.offence_groups.includes(group);
}

/** month → crimes of the target, per source (grain|level); a month with target rows is a key even at 0. */
type Sources = Map<string, Map<string, number>>;

function collect(target: CrimeTarget, rows: readonly LeagueReturnRow[], months: ReadonlySet<string>) {
  const byForce = new Map<string, { sources: Sources; matched: boolean }>();
  for (const row of rows) {
    const span = monthRange(row.period_start, row.period_end);
    if (!span.some((m) => months.has(m))) continue;
    let force = byForce.get(row.force_code);
    if (!force) {
      force = { sources: new Map(), matched: false };
      byForce.set(row.force_code, force);
    }
    if (rowInTarget(target, row) !== true) continue;
    const key = `${row.grain}|${row.level}`;
    let source = force.sources.get(key);
    if (!source) {
      source = new Map();
      force.sources.set(key, source);
    }
    force.matched = true;
    const share = Number.isFinite(row.recorded) ? row.recorded / span.length : 0;
    for (const m of span) source.set(m, (source.get(m) ?? 0) + share);
  }
  return byForce;
}

function windowTotal(sources: Sources, window: { start: string; end: string }): WindowTotal {
  let crimes = 0;
  const missing: string[] = [];
  for (const m of monthRange(window.start, window.end)) {
    const value = SOURCES.map((s) => sources.get(s)?.get(m)).find((v) => v !== undefined);
    if (value === undefined) missing.push(m);
    else crimes += value;
  }
  return { crimes, missing };
}

/** Every force with any row in the target's windows (of any offence), with its totals for each window. */
export function targetTotals(
  target: CrimeTarget,
  rows: readonly LeagueReturnRow[],
): Map<string, ForceTotals> {
  const months = new Set([
    ...monthRange(target.baseline.start, target.baseline.end),
    ...monthRange(target.assessment.start, target.assessment.end),
  ]);
  const out = new Map<string, ForceTotals>();
  for (const [force, { sources, matched }] of collect(target, rows, months)) {
    out.set(force, {
      baseline: windowTotal(sources, target.baseline),
      assessment: windowTotal(sources, target.assessment),
      hasTargetOffences: matched,
    });
  }
  return out;
}

/** The first and last month any row covers; null for no rows. */
export function dataPeriod(rows: readonly LeagueReturnRow[]): { start: string; end: string } | null {
  let start: string | null = null;
  let end: string | null = null;
  for (const r of rows) {
    if (start === null || r.period_start < start) start = r.period_start;
    if (end === null || r.period_end > end) end = r.period_end;
  }
  return start === null || end === null ? null : { start, end };
}
