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
 * Source family. Months come from monthly returns or from record-level extracts; the two are never
 * mixed in one baseline (see analysis.ts). A record-level extract counts a cancellation in the month
 * it was decided (status_date), so each run of record-level months has two edges that are never used:
 * - lead-in: its first `recordLevelLeadInMonths` months lack the decisions on crimes recorded before
 *   the extract began, so their rate is too low (and would make any later month look high);
 * - tail: trailing months whose recorded total is under half the run's median hold decisions taken
 *   after the extract's recording period ended (a month of cancellations with almost nothing
 *   recorded: a rate near 100% that says nothing).
 */
import { seriousnessWeight } from '../../detection/seriousness.ts';
import { monthIndex, monthRange } from '../../series/months.ts';
import { cmp, indexStreams, type Stream } from '../../series/streams.ts';
import { isUsableCount } from '../../series/usable-count.ts';

export type SeriesLevel = 'all' | 'group' | 'code';
export type SourceFamily = 'aggregate' | 'record_level';
/** Why a record-level month is left out (see the file header). */
export type EdgeKind = 'lead_in' | 'tail';

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
  /** The lead-in and tail months of record-level runs (null: a month that may be used). */
  edge: ReadonlyArray<EdgeKind | null>;
  /** All-offences first, then groups, then codes, each ascending. */
  series: readonly CancellationSeries[];
}

/** True when any row of the stream carries a cancellation count. */
export function hasCancellations(stream: Stream): boolean {
  for (const s of stream.series.values())
    for (const row of s.rows.values()) if (row.cancelled !== null) return true;
  return false;
}

const cache = new WeakMap<readonly unknown[], Map<number, readonly ForceCancellations[]>>();

/**
 * Cancellation series of every monthly stream that has any cancellation count, for every force in
 * `current` (audited or not: the others are peers). Cached per rows array and lead-in length.
 */
export function cancellationSeries(
  current: Parameters<typeof indexStreams>[0],
  leadInMonths: number,
): readonly ForceCancellations[] {
  let byLead = cache.get(current);
  if (!byLead) {
    byLead = new Map();
    cache.set(current, byLead);
  }
  let out = byLead.get(leadInMonths);
  if (!out) {
    out = indexStreams(current)
      .filter((s) => s.grain === 'month' && hasCancellations(s))
      .map((s) => build(s, leadInMonths));
    byLead.set(leadInMonths, out);
  }
  return out;
}

/** Per-month state of one code: 0 absent (the default of a Uint8Array), usable, or present but unusable. */
const USABLE = 1;
const UNUSABLE = 2;

function build(stream: Stream, leadInMonths: number): ForceCancellations {
  const months = monthRange(stream.periods[0]!, stream.periods[stream.periods.length - 1]!);
  const T = months.length;
  const origin = monthIndex(months[0]!);
  const family: Array<SourceFamily | null> = months.map((m) => {
    const formats = stream.formats.get(m);
    if (!formats) return null;
    return formats.has('record_level') ? 'record_level' : 'aggregate';
  });
  const edge = markEdges(family, recordedTotals(stream, origin, T), leadInMonths);

  const leaves: Array<{ series: CancellationSeries; state: Uint8Array }> = [];
  for (const s of stream.series.values()) {
    const y = new Float64Array(T).fill(Number.NaN);
    const n = new Float64Array(T).fill(Number.NaN);
    const weighted = new Float64Array(T).fill(Number.NaN);
    const state = new Uint8Array(T);
    const weight = seriousnessWeight(s.offence_group, s.offence_code);
    for (const [period, row] of s.rows) {
      const t = monthIndex(period) - origin;
      if (edge[t] !== null) continue;
      if (row.cancelled === null || !isUsableCount(row.recorded) || !isUsableCount(row.cancelled)) {
        state[t] = UNUSABLE;
        continue;
      }
      state[t] = USABLE;
      y[t] = row.cancelled;
      n[t] = row.recorded + row.cancelled;
      weighted[t] = row.cancelled * weight;
    }
    const isCode = stream.level === 'code';
    leaves.push({
      state,
      series: {
        level: isCode ? 'code' : 'group',
        key: s.key,
        offence_group: s.offence_group,
        offence_subgroup: isCode ? s.offence_subgroup : null,
        offence_code: isCode ? s.offence_code : null,
        y,
        n,
        weighted,
        parts: [s.key],
      },
    });
  }

  const aggregates: CancellationSeries[] = [aggregate(ALL_KEY, null, leaves, T)];
  if (stream.level === 'code') {
    const groups = [...new Set(leaves.map((l) => l.series.offence_group!))].sort(cmp);
    for (const g of groups) {
      aggregates.push(
        aggregate(
          g,
          g,
          leaves.filter((l) => l.series.offence_group === g),
          T,
        ),
      );
    }
  }
  return {
    force_code: stream.force_code,
    stream,
    months,
    family,
    edge,
    series: [...aggregates, ...leaves.map((l) => l.series)],
  };
}

function aggregate(
  key: string,
  group: string | null,
  parts: ReadonlyArray<{ series: CancellationSeries; state: Uint8Array }>,
  T: number,
): CancellationSeries {
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
