/**
 * The league table a crime-reduction target creates, as a performance unit would publish it, with
 * each force's open integrity findings beside its row.
 *
 * Definition: a force's change is (assessment crimes − baseline crimes) / baseline crimes of the
 * target's offences; the national change is the same over the ranked forces' summed crimes; the
 * table ranks forces by their change minus the national change, in percentage points, the largest
 * fall against the national trend first (rank 1). Ranked: territorial forces whose both windows are
 * complete, with target offences and a baseline above zero; the others are listed, unranked, with
 * the reason.
 *
 * Then the same ranking "if the flagged shortfall had been recorded": each force's assessment crimes
 * plus what its open findings (not accepted, not resolved) say is missing in the assessment window
 * (league-shortfall.ts), the national change recomputed from the adjusted totals. Two findings about
 * overlapping offences in one month (a level shift and the mix shift that explains it) are not
 * added twice: the larger counts.
 */
import { type CrimeTarget, targetsNear } from '../detection/targets.ts';
import { overlaps, scopeOf } from '../engine/offence-scope.ts';
import type { FindingStatusName } from '../model/finding-events.ts';
import { type Finding, SEVERITIES, type Severity } from '../model/findings.ts';
import { forceBySlug } from '../reference/forces.ts';
import { lookupOffence } from '../reference/offence-reference.ts';
import { monthRange } from '../series/months.ts';
import { explainedBy, findingShortfall, type ShortfallFinding } from './league-shortfall.ts';
import { dataPeriod, type LeagueReturnRow, targetTotals } from './league-totals.ts';
import { monthText, periodRangeText } from './period-text.ts';

export type LeagueFindingInput = ShortfallFinding &
  Pick<Finding, 'force_code' | 'severity' | 'offence_subgroup'> & { status: FindingStatusName };

export interface LeagueInput {
  /** Current return rows (currentRevision of the history). */
  returns: readonly LeagueReturnRow[];
  findings: readonly LeagueFindingInput[];
  targets: readonly CrimeTarget[];
}

export interface LeagueFlag {
  finding_id: string;
  severity: Severity;
  status: FindingStatusName;
  check_id: string;
  period_start: string;
  period_end: string;
  /** Crimes this finding adds back (0 when it adds none). */
  added: number;
  /** What it adds, or why nothing. */
  note: string;
}

export interface LeagueRow {
  force_code: string;
  force_name: string;
  baseline: number;
  assessment: number;
  missing_baseline: readonly string[];
  missing_assessment: readonly string[];
  /** Fractional change, null when the baseline is zero. */
  change: number | null;
  /** Percentage points against the national change (ranked rows only). */
  vs_national: number | null;
  rank: number | null;
  /** Why the force is not ranked (null when it is). */
  unranked: string | null;
  flags: readonly LeagueFlag[];
  by_severity: Readonly<Record<Severity, number>>;
  added_back: number;
  adjusted_change: number | null;
  adjusted_vs_national: number | null;
  adjusted_rank: number | null;
}

export interface LeagueTable {
  target: CrimeTarget;
  data_period: { start: string; end: string } | null;
  /** Null when the table could be computed; otherwise why the target cannot be assessed. */
  not_assessable: string | null;
  national: {
    baseline: number;
    assessment: number;
    change: number;
    added_back: number;
    adjusted_change: number;
  } | null;
  /** Ranked rows by rank, then the unranked by force name. */
  rows: readonly LeagueRow[];
}

/**
 * Not accepted, not resolved: an acknowledged or explained finding still stands beside the row until
 * an auditor accepts it (wider than lifecycle's OPEN_STATUSES, which are those waiting for the force).
 */
const UNSETTLED: ReadonlySet<FindingStatusName> = new Set(['open', 'acknowledged', 'explained', 'disputed']);

function months(list: readonly string[]): string {
  if (list.length === 0) return '';
  return list.length === 1
    ? monthText(list[0]!)
    : `${list.length} months: ${periodRangeText(list[0]!, list[list.length - 1]!)}`;
}

/**
 * The finding's months and offences as targets.ts matches them: a finding is on the target when it
 * is near the assessment window by the same rule as `near_target` (targetsNear), or meets the baseline.
 */
function onTarget(f: LeagueFindingInput, target: CrimeTarget): boolean {
  const group =
    f.offence_group ?? (f.offence_code !== null ? (lookupOffence(f.offence_code)?.group ?? null) : null);
  const scope = {
    codes: f.offence_code !== null ? [f.offence_code] : [],
    groups: group !== null ? [group] : ('all' as const),
  };
  const near = targetsNear([target], { start: f.period_start, end: f.period_end, ...scope }).length > 0;
  const inBaseline =
    f.period_start <= target.baseline.end &&
    target.baseline.start <= f.period_end &&
    targetsNear([{ ...target, assessment: target.baseline, window_months: 0 }], {
      start: f.period_start,
      end: f.period_end,
      ...scope,
    }).length > 0;
  return near || inBaseline;
}

/** The force's open findings on the target, each with the crimes it adds back (no month counted twice). */
function flagsFor(force: LeagueFindingInput[], target: CrimeTarget): LeagueFlag[] {
  const assessment = new Set(monthRange(target.assessment.start, target.assessment.end));
  const ids = new Map(force.map((f) => [f.finding_id, f]));
  const read = force
    .filter((f) => UNSETTLED.has(f.status) && onTarget(f, target))
    .map((f) => {
      const by = explainedBy(f);
      const explainer = by === null ? undefined : ids.get(by);
      if (explainer === undefined) return { f, reading: findingShortfall(f, target, assessment) };
      const note = `explained by ${explainer.finding_id} (${explainer.check_id}, ${explainer.status}), which is read instead`;
      return { f, reading: { months: new Map<string, number>(), note } };
    })
    .map((x) => ({ ...x, total: [...x.reading.months.values()].reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.total - a.total || a.f.finding_id.localeCompare(b.f.finding_id));
  const taken = new Map<string, LeagueFindingInput[]>();
  return read.map(({ f, reading }) => {
    let added = 0;
    const within: string[] = [];
    for (const [m, crimes] of reading.months) {
      const prior = (taken.get(m) ?? []).find((o) => overlaps(scopeOf(o), scopeOf(f)));
      if (prior) {
        if (!within.includes(prior.finding_id)) within.push(prior.finding_id);
        continue;
      }
      taken.set(m, [...(taken.get(m) ?? []), f]);
      added += crimes;
    }
    const note =
      within.length > 0 ? `${reading.note}; months already counted by ${within.join(', ')}` : reading.note;
    return {
      finding_id: f.finding_id,
      severity: f.severity,
      status: f.status,
      check_id: f.check_id,
      period_start: f.period_start,
      period_end: f.period_end,
      added: Math.max(0, added),
      note: added < 0 ? `${note} (net below zero: nothing added)` : note,
    };
  });
}

function rankBy(rows: LeagueRow[], key: (r: LeagueRow) => number | null): Map<string, number> {
  const ranked = rows
    .filter((r) => key(r) !== null)
    .sort((a, b) => key(a)! - key(b)! || a.force_code.localeCompare(b.force_code));
  return new Map(ranked.map((r, i) => [r.force_code, i + 1]));
}

function notAssessable(target: CrimeTarget, period: { start: string; end: string } | null): string | null {
  if (period === null) return 'there are no returns';
  const span = `the data runs from ${period.start} to ${period.end}`;
  if (period.end < target.assessment.end)
    return `${span}, short of the assessment window ${target.assessment.start} to ${target.assessment.end}`;
  if (period.start > target.baseline.start)
    return `${span}, after the baseline ${target.baseline.start} to ${target.baseline.end} began`;
  return null;
}

export function buildLeagueTable(input: LeagueInput, target: CrimeTarget): LeagueTable {
  const period = dataPeriod(input.returns);
  const reason = notAssessable(target, period);
  if (reason !== null)
    return { target, data_period: period, not_assessable: reason, national: null, rows: [] };

  const findingsByForce = new Map<string, LeagueFindingInput[]>();
  for (const f of input.findings)
    findingsByForce.set(f.force_code, [...(findingsByForce.get(f.force_code) ?? []), f]);

  const rows: LeagueRow[] = [];
  for (const [code, t] of targetTotals(target, input.returns)) {
    const force = forceBySlug(code);
    const flags = flagsFor(findingsByForce.get(code) ?? [], target);
    const by_severity = Object.fromEntries(
      SEVERITIES.map((s) => [s, flags.filter((f) => f.severity === s).length]),
    ) as Record<Severity, number>;
    const gaps = [
      t.baseline.missing.length > 0 ? `baseline incomplete (${months(t.baseline.missing)} missing)` : '',
      t.assessment.missing.length > 0
        ? `assessment window incomplete (${months(t.assessment.missing)} missing)`
        : '',
    ].filter(Boolean);
    const unranked =
      force?.onsCode === null
        ? 'not a territorial force: outside the national figure'
        : !t.hasTargetOffences
          ? "no returns of the target's offences"
          : gaps.length > 0
            ? gaps.join('; ')
            : t.baseline.crimes <= 0
              ? 'no crimes in the baseline: a change cannot be measured'
              : null;
    const added_back = flags.reduce((a, f) => a + f.added, 0);
    const change = t.baseline.crimes > 0 ? t.assessment.crimes / t.baseline.crimes - 1 : null;
    rows.push({
      force_code: code,
      force_name: force?.name ?? code,
      baseline: t.baseline.crimes,
      assessment: t.assessment.crimes,
      missing_baseline: t.baseline.missing,
      missing_assessment: t.assessment.missing,
      change: gaps.length > 0 ? null : change,
      vs_national: null,
      rank: null,
      unranked,
      flags,
      by_severity,
      added_back,
      adjusted_change:
        gaps.length > 0 || change === null
          ? null
          : (t.assessment.crimes + added_back) / t.baseline.crimes - 1,
      adjusted_vs_national: null,
      adjusted_rank: null,
    });
  }

  const ranked = rows.filter((r) => r.unranked === null);
  const sum = (f: (r: LeagueRow) => number) => ranked.reduce((a, r) => a + f(r), 0);
  const base = sum((r) => r.baseline);
  const national =
    ranked.length === 0
      ? null
      : {
          baseline: base,
          assessment: sum((r) => r.assessment),
          change: sum((r) => r.assessment) / base - 1,
          added_back: sum((r) => r.added_back),
          adjusted_change: (sum((r) => r.assessment) + sum((r) => r.added_back)) / base - 1,
        };
  if (national !== null) {
    for (const r of ranked) {
      r.vs_national = (r.change! - national.change) * 100;
      r.adjusted_vs_national = (r.adjusted_change! - national.adjusted_change) * 100;
    }
    const rank = rankBy(ranked, (r) => r.vs_national);
    const adjusted = rankBy(ranked, (r) => r.adjusted_vs_national);
    for (const r of ranked) {
      r.rank = rank.get(r.force_code) ?? null;
      r.adjusted_rank = adjusted.get(r.force_code) ?? null;
    }
  }
  rows.sort(
    (a, b) =>
      (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) ||
      a.force_name.localeCompare(b.force_name),
  );
  return { target, data_period: period, not_assessable: null, national, rows };
}

/** One table per configured target. */
export function buildLeagueTables(input: LeagueInput): LeagueTable[] {
  return input.targets.map((t) => buildLeagueTable(input, t));
}
