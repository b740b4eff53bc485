/**
 * Cancellation series: per force, per offence code, per offence group and for all offences, the
 * monthly count of cancellations y_t and its base n_t on one dense month axis.
 *
 * Base. `recorded` is net of cancellations (a cancelled crime no longer counts as recorded: contract
 * §1a, and the record-level ingest counts a cancelled crime as cancelled, not as recorded), so the
 * crimes a month's decisions were taken over are n_t = recorded_t + cancelled_t and the rate is
 * p_t = cancelled_t / n_t. This keeps y_t ≤ n_t even where a month cancels crimes recorded earlier.
 *
 * Usability. A code month is usable when its row has a usable `recorded` and a non-null usable
 * `cancelled`. An aggregate month (group, all offences) is usable only when every code row present in
 * it is usable: one bad or cancellation-less cell leaves the month out rather than biasing the sum.
 * Codes absent in a month add nothing (record-level cells exist only where a crime does).
 *
 * Source families, never mixed in one baseline (see analysis.ts):
 * - `aggregate`: monthly returns;
 * - `record_level_cohort`: record-level months for which the ingest supplied cancellation cohorts
 *   (AuditInput.cohorts, METHODS §3 "use cohorts"). The month's rate is the cohort rate: y_t = the
 *   crimes recorded in month t (final code) cancelled within the cohort's follow-up (90 days),
 *   n_t = the crimes recorded in month t, recorded or cancelled since. The month's rows are not used.
 *   A cohort that has not yet had its whole follow-up (`complete` false) is still filling, its rate
 *   biased low: the month is an edge ('incomplete_cohort') and is neither tested nor used as baseline.
 *   A force's cohort months must share one follow-up (that of its latest cohort month); a month with
 *   another follow-up is a different rate and stays a decision month;
 * - `record_level`: record-level months without cohorts (submissions stored before cohorts existed).
 *   Such an extract counts a cancellation in the month it was decided (status_date), so each run of
 *   record-level months has two edges that are never used:
 *   - lead-in: its first `recordLevelLeadInMonths` months lack the decisions on crimes recorded before
 *     the extract began, so their rate is too low (and would make any later month look high);
 *   - tail: trailing months whose recorded total is under half the run's median hold decisions taken
 *     after the extract's recording period ended (a month of cancellations with almost nothing
 *     recorded: a rate near 100% that says nothing).
 *   The edges are found on the whole record-level run as before cohorts existed, then lifted from the
 *   cohort months: a cohort holds only crimes recorded in its own month, so the decisions on crimes
 *   recorded before the extract began are not in it (no lead-in), and late decisions on earlier crimes
 *   do not enter it either (no tail; a month with few crimes recorded is just a small cohort).
 */

import { seriousnessWeight } from '#core/detection/seriousness.ts';
import type { CancellationCohort } from '#core/model/ingest.ts';
import {
  lookupOffence,
  normaliseOffenceCode,
  UNKNOWN_OFFENCE_GROUP,
} from '#core/reference/offence-reference.ts';
import { monthIndex, monthRange } from '#core/series/months.ts';
import { cmp, type Stream } from '#core/series/streams.ts';
import { isUsableCount } from '#core/series/usable-count.ts';
import type { AuditContext } from '../audit-context.ts';

export type SeriesLevel = 'all' | 'group' | 'code';
export type SourceFamily = 'aggregate' | 'record_level' | 'record_level_cohort';
/** Why a record-level month is left out (see the file header). */
export type EdgeKind = 'lead_in' | 'tail' | 'incomplete_cohort';

/** The key of the all-offences series. */
export const ALL_KEY = '*';

export interface CancellationSeries {
  level: SeriesLevel;
  /** ALL_KEY, the group name, or the offence code. */
  key: string;
  offence_group: string | null;
  offence_subgroup: string | null;
  offence_code: string | null;
  /** Cancellations per month of the axis; NaN where the month is not usable. */
  y: Float64Array;
  /** recorded + cancelled per month; NaN where the month is not usable. */
  n: Float64Array;
  /** Σ cancellations × seriousness weight of the codes, per month (for severity); NaN where unusable. */
  weighted: Float64Array;
  /** Codes (or groups, for a group-level stream) summed into this series. */
  parts: readonly string[];
}

export interface ForceCancellations {
  force_code: string;
  /** The stream the series were built from (monthly grain). */
  stream: Stream;
  /** Contiguous months from the stream's first to its last period. */
  months: readonly string[];
  /** Source family of each month (null where the stream has no row). */
  family: ReadonlyArray<SourceFamily | null>;
  /**
   * The lead-in and tail months of record-level runs without cohorts, and the cohort months whose
   * follow-up is not complete (null: a month that may be used).
   */
  edge: ReadonlyArray<EdgeKind | null>;
  /** The follow-up, in days, of the cohorts rating the `record_level_cohort` months; null: none. */
  followUpDays: number | null;
  /** All-offences first, then groups, then codes, each ascending. */
  series: readonly CancellationSeries[];
}

/** True when any row of the stream carries a cancellation count. */
export function hasCancellations(stream: Stream): boolean {
  for (const s of stream.series.values())
    for (const row of s.rows.values()) if (row.cancelled !== null) return true;
  return false;
}

const NO_COHORTS: readonly CancellationCohort[] = [];

/**
 * Cancellation series of every monthly stream that has any cancellation count, for every force of
 * the run (audited or not: the others are peers), with the record-level months that `cohorts` covers
 * rated by their cohorts. Built once per run and lead-in length (the check and its coverage report
 * both read it); `cohorts` must be the run's own, `input.cohorts`.
 */
export function cancellationSeries(
  ctx: AuditContext,
  leadInMonths: number,
  cohorts: readonly CancellationCohort[] = NO_COHORTS,
): readonly ForceCancellations[] {
  return ctx.shared(`no_crime.cancellation_series|lead_in=${leadInMonths}`, () => {
    const byForce = indexCohorts(cohorts);
    return ctx.streams
      .filter((s) => s.grain === 'month' && hasCancellations(s))
      .map((s) => build(s, leadInMonths, byForce.get(s.force_code)));
  });
}

/** One force's cohorts of one month, summed per code (normalised). */
interface CohortMonth {
  /** Every cohort of the month has had its whole follow-up. */
  complete: boolean;
  /** The follow-up of the month's cohorts; NaN when they disagree (the month cannot be rated). */
  followUpDays: number;
  /** Normalised code → the code as given and its counts (NaN counts: an unusable cell). */
  codes: Map<string, { code: string; crimes: number; cancelled: number }>;
}

/** force → month → its cohorts. Repeated (force, month, code) entries are summed. */
function indexCohorts(cohorts: readonly CancellationCohort[]): Map<string, Map<string, CohortMonth>> {
  const out = new Map<string, Map<string, CohortMonth>>();
  for (const c of cohorts) {
    let months = out.get(c.force_code);
    if (!months) {
      months = new Map();
      out.set(c.force_code, months);
    }
    let m = months.get(c.month);
    if (!m) {
      m = { complete: true, followUpDays: c.follow_up_days, codes: new Map() };
      months.set(c.month, m);
    }
    m.complete &&= c.complete;
    if (m.followUpDays !== c.follow_up_days) m.followUpDays = Number.NaN;
    const usable =
      isUsableCount(c.crimes) && isUsableCount(c.cancelled_within) && c.cancelled_within <= c.crimes;
    const key = normaliseOffenceCode(c.offence_code);
    const cell = m.codes.get(key);
    const crimes = usable ? c.crimes : Number.NaN;
    const cancelled = usable ? c.cancelled_within : Number.NaN;
    if (cell) {
      cell.crimes += crimes;
      cell.cancelled += cancelled;
    } else m.codes.set(key, { code: c.offence_code, crimes, cancelled });
  }
  return out;
}

/** Per-month state of one code: 0 absent (the default of a Uint8Array), usable, or present but unusable. */
const USABLE = 1;
const UNUSABLE = 2;

type Leaf = { series: CancellationSeries; state: Uint8Array };

function build(
  stream: Stream,
  leadInMonths: number,
  cohorts: ReadonlyMap<string, CohortMonth> | undefined,
): ForceCancellations {
  const months = monthRange(stream.periods[0]!, stream.periods[stream.periods.length - 1]!);
  const T = months.length;
  const origin = monthIndex(months[0]!);
  const family: Array<SourceFamily | null> = months.map((m) => {
    const formats = stream.formats.get(m);
    if (!formats) return null;
    return formats.has('record_level') ? 'record_level' : 'aggregate';
  });
  const edge = markEdges(family, recordedTotals(stream, origin, T), leadInMonths);
  const followUpDays =
    cohorts && stream.level === 'code' ? overlayCohorts(months, family, edge, cohorts) : null;
  const leaves = rowLeaves(stream, origin, T, family, edge);
  if (followUpDays !== null) addCohortCells(leaves, months, family, edge, cohorts!);
  const ordered = [...leaves.values()].sort((a, b) => cmp(a.series.key, b.series.key));
  return {
    force_code: stream.force_code,
    stream,
    months,
    family,
    edge,
    followUpDays,
    series: [...aggregatesOf(ordered, stream.level === 'code', T), ...ordered.map((l) => l.series)],
  };
}

/**
 * One leaf per series of the stream (a code, or a group of a group-level stream) from its rows,
 * keyed by the normalised code the cohorts name. Edge and cohort months are left empty.
 */
function rowLeaves(
  stream: Stream,
  origin: number,
  T: number,
  family: ReadonlyArray<SourceFamily | null>,
  edge: ReadonlyArray<EdgeKind | null>,
): Map<string, Leaf> {
  const isCode = stream.level === 'code';
  const leaves = new Map<string, Leaf>();
  for (const s of stream.series.values()) {
    const leaf = newLeaf(T, {
      level: isCode ? 'code' : 'group',
      key: s.key,
      offence_group: s.offence_group,
      offence_subgroup: isCode ? s.offence_subgroup : null,
      offence_code: isCode ? s.offence_code : null,
    });
    const weight = seriousnessWeight(s.offence_group, s.offence_code);
    for (const [period, row] of s.rows) {
      const t = monthIndex(period) - origin;
      // Cohort months are rated from their cohorts (addCohortCells), whatever their rows say.
      if (edge[t] !== null || family[t] === 'record_level_cohort') continue;
      if (row.cancelled === null || !isUsableCount(row.recorded) || !isUsableCount(row.cancelled)) {
        leaf.state[t] = UNUSABLE;
        continue;
      }
      setCell(leaf, t, row.cancelled, row.recorded + row.cancelled, weight);
    }
    // Cohorts name codes as the ingest normalised them; match on the normalised code (two stream
    // codes that normalise alike, which ingest prevents, keep their own series).
    const key = isCode ? normaliseOffenceCode(s.key) : s.key;
    leaves.set(leaves.has(key) ? s.key : key, leaf);
  }
  return leaves;
}

/** Fills the usable cohort months of every code's leaf (in place), adding leaves for codes without rows. */
function addCohortCells(
  leaves: Map<string, Leaf>,
  months: readonly string[],
  family: ReadonlyArray<SourceFamily | null>,
  edge: ReadonlyArray<EdgeKind | null>,
  cohorts: ReadonlyMap<string, CohortMonth>,
): void {
  const T = months.length;
  months.forEach((m, t) => {
    if (family[t] !== 'record_level_cohort' || edge[t] !== null) return;
    for (const [key, cell] of cohorts.get(m)!.codes) {
      let leaf = leaves.get(key);
      if (!leaf) {
        // A code with crimes recorded in the month but no row in the stream: its group from the
        // offence reference, as the ingest maps a row's code to its group.
        const ref = lookupOffence(cell.code);
        leaf = newLeaf(T, {
          level: 'code',
          key: cell.code,
          offence_group: ref?.group ?? UNKNOWN_OFFENCE_GROUP,
          offence_subgroup: ref?.subgroup ?? null,
          offence_code: cell.code,
        });
        leaves.set(key, leaf);
      }
      const s = leaf.series;
      if (Number.isNaN(cell.crimes)) leaf.state[t] = UNUSABLE;
      else setCell(leaf, t, cell.cancelled, cell.crimes, seriousnessWeight(s.offence_group, s.offence_code));
    }
  });
}

/** The all-offences series and, for a code-level stream, one series per offence group (ascending). */
function aggregatesOf(ordered: readonly Leaf[], isCode: boolean, T: number): CancellationSeries[] {
  const aggregates: CancellationSeries[] = [aggregate(ALL_KEY, null, ordered, T)];
  if (!isCode) return aggregates;
  const groups = [...new Set(ordered.map((l) => l.series.offence_group!))].sort(cmp);
  for (const g of groups) {
    aggregates.push(
      aggregate(
        g,
        g,
        ordered.filter((l) => l.series.offence_group === g),
        T,
      ),
    );
  }
  return aggregates;
}

function newLeaf(
  T: number,
  id: Pick<CancellationSeries, 'level' | 'key' | 'offence_group' | 'offence_subgroup' | 'offence_code'>,
): Leaf {
  return {
    state: new Uint8Array(T),
    series: {
      ...id,
      y: new Float64Array(T).fill(Number.NaN),
      n: new Float64Array(T).fill(Number.NaN),
      weighted: new Float64Array(T).fill(Number.NaN),
      parts: [id.key],
    },
  };
}

function setCell(leaf: Leaf, t: number, y: number, n: number, weight: number): void {
  leaf.state[t] = USABLE;
  leaf.series.y[t] = y;
  leaf.series.n[t] = n;
  leaf.series.weighted[t] = y * weight;
}

/**
 * Turns the record-level months the force's cohorts rate into `record_level_cohort` months (in place):
 * lifts their lead-in and tail edges (see the file header) and marks those still filling as
 * 'incomplete_cohort'. Returns the follow-up of those months, or null when no month was rated.
 */
function overlayCohorts(
  months: readonly string[],
  family: Array<SourceFamily | null>,
  edge: Array<EdgeKind | null>,
  cohorts: ReadonlyMap<string, CohortMonth>,
): number | null {
  // The follow-up of the latest cohort month on the axis: one rate definition per force.
  let followUp: number | null = null;
  for (let t = months.length - 1; t >= 0 && followUp === null; t--) {
    const c = family[t] === 'record_level' ? cohorts.get(months[t]!) : undefined;
    if (c && !Number.isNaN(c.followUpDays)) followUp = c.followUpDays;
  }
  if (followUp === null) return null;
  months.forEach((m, t) => {
    const c = cohorts.get(m);
    if (family[t] !== 'record_level' || c?.followUpDays !== followUp) return;
    family[t] = 'record_level_cohort';
    edge[t] = c.complete ? null : 'incomplete_cohort';
  });
  return followUp;
}

function aggregate(key: string, group: string | null, parts: readonly Leaf[], T: number): CancellationSeries {
  const y = new Float64Array(T);
  const n = new Float64Array(T);
  const weighted = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let usable = 0;
    let bad = false;
    for (const p of parts) {
      const st = p.state[t]!;
      if (st === UNUSABLE) {
        bad = true;
        break;
      }
      if (st === USABLE) {
        usable++;
        y[t] = y[t]! + p.series.y[t]!;
        n[t] = n[t]! + p.series.n[t]!;
        weighted[t] = weighted[t]! + p.series.weighted[t]!;
      }
    }
    if (bad || usable === 0 || n[t] === 0) {
      y[t] = Number.NaN;
      n[t] = Number.NaN;
      weighted[t] = Number.NaN;
    }
  }
  return {
    level: group === null ? 'all' : 'group',
    key,
    offence_group: group,
    offence_subgroup: null,
    offence_code: null,
    y,
    n,
    weighted,
    parts: parts.map((p) => p.series.key),
  };
}

/** Usable recorded counts summed over the stream's series, per axis month. */
function recordedTotals(stream: Stream, origin: number, T: number): Float64Array {
  const out = new Float64Array(T);
  for (const s of stream.series.values()) {
    for (const [period, row] of s.rows) {
      if (isUsableCount(row.recorded)) out[monthIndex(period) - origin]! += row.recorded;
    }
  }
  return out;
}

/** Lead-in and tail months of every run of record-level months (see the file header). */
function markEdges(
  family: ReadonlyArray<SourceFamily | null>,
  recorded: Float64Array,
  lead: number,
): Array<EdgeKind | null> {
  const out: Array<EdgeKind | null> = family.map(() => null);
  let t = 0;
  while (t < family.length) {
    if (family[t] !== 'record_level') {
      t++;
      continue;
    }
    let end = t;
    while (end + 1 < family.length && family[end + 1] === 'record_level') end++;
    const totals = Array.from(recorded.subarray(t, end + 1)).sort((a, b) => a - b);
    const median = totals[Math.floor((totals.length - 1) / 2)]!;
    for (let k = end; k >= t && recorded[k]! < 0.5 * median; k--) out[k] = 'tail';
    for (let k = t; k <= end && k < t + lead; k++) out[k] ??= 'lead_in';
    t = end + 1;
  }
  return out;
}
