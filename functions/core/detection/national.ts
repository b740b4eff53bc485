/**
 * National, peer and single-force totals of one offence series: the comparators the sudden-drop,
 * reclassification and no-crime checks set a force against.
 *
 * Rules that keep the sums honest:
 * - Grains are never mixed: a monthly query sums monthly rows only, a quarterly query quarterly rows
 *   only (the same separation as series/streams.ts).
 * - Level `code` sums code-level rows of one offence code ('*' = every code). A force that only sent
 *   group-level rows contributes nothing to a code-level series.
 * - Level `group` sums one offence group ('*' = all offences). For each force and period exactly one
 *   level is used: that period's group-level rows when the force sent any, otherwise its code-level
 *   rows aggregated to their groups. A force that sent both levels is therefore never counted twice,
 *   and a force that only sent codes still counts in group totals.
 * - Only usable counts (isUsableCount) are summed; a cell failing it is left out, as every check
 *   leaves it out. Duplicate rows of one cell are not added: the first one is kept (streams.ts).
 * - A period appears in a result when at least one included force has a usable row for the key then.
 *   `seriesCoverage` tells how many forces that was, so a check can see a national "drop" that is
 *   really a missing return.
 *
 * Speed: a national audit calls these thousands of times on ~800k rows. The rows are indexed once per
 * run (a NationalIndex, held by the run's AuditContext) into one dense Float64Array per (grain, level,
 * key, force); a query is then a sum of at most forces × periods numbers.
 */
import type { ReturnRow } from '../model/returns.ts';
import type { Grain } from '../series/periods.ts';
import { cmp, indexStreams, type Level, type Stream } from '../series/streams.ts';
import { isUsableCount } from '../series/usable-count.ts';

/** The key that means "every offence" at either level. */
export const ALL_OFFENCES = '*';

export interface SeriesQuery {
  level: Level;
  grain: Grain;
  /** An offence code (level `code`) or offence group name (level `group`); '*' = all offences. */
  key: string;
}

export interface NationalQuery extends SeriesQuery {
  /** Leave this force out (a force is not its own comparator). */
  excludeForce?: string;
}

/** One (grain, level) slice of the index: dense per-force vectors over a shared period axis. */
interface LevelIndex {
  /** Ascending period starts of the grain (union over forces). */
  readonly periods: readonly string[];
  /** key → force → values by period position; NaN where the force has no usable row. */
  readonly byKey: ReadonlyMap<string, ReadonlyMap<string, Float64Array>>;
}

interface GrainIndex {
  readonly periods: readonly string[];
  readonly periodPos: ReadonlyMap<string, number>;
  /** Streams of this grain, by force and level. */
  readonly streams: ReadonlyMap<string, { code?: Stream; group?: Stream }>;
  readonly levels: Map<Level, LevelIndex>;
}

/**
 * The dense index of one run's current rows. Opaque to callers: build it once per run (the
 * AuditContext does) and pass it to the queries below; its slices are filled lazily as queried.
 */
export interface NationalIndex {
  readonly streams: readonly Stream[];
  /** @internal grain → its slice, built on first use. */
  readonly grains: Map<Grain, GrainIndex>;
}

export function nationalIndex(streams: readonly Stream[]): NationalIndex {
  return { grains: new Map(), streams };
}

/** A throwaway index of some rows, for callers outside a run (tests, one-off analyses). */
export function nationalIndexOf(rows: readonly ReturnRow[]): NationalIndex {
  return nationalIndex(indexStreams(rows));
}

function grainIndex(idx: NationalIndex, grain: Grain): GrainIndex {
  let g = idx.grains.get(grain);
  if (!g) {
    const periodSet = new Set<string>();
    const streams = new Map<string, { code?: Stream; group?: Stream }>();
    for (const s of idx.streams) {
      if (s.grain !== grain) continue;
      for (const p of s.periods) periodSet.add(p);
      let byLevel = streams.get(s.force_code);
      if (!byLevel) {
        byLevel = {};
        streams.set(s.force_code, byLevel);
      }
      byLevel[s.level] = s;
    }
    const periods = [...periodSet].sort(cmp);
    g = { periods, periodPos: new Map(periods.map((p, i) => [p, i])), streams, levels: new Map() };
    idx.grains.set(grain, g);
  }
  return g;
}

function levelIndex(g: GrainIndex, level: Level): LevelIndex {
  let li = g.levels.get(level);
  if (!li) {
    li = level === 'code' ? buildCodeLevel(g) : buildGroupLevel(g);
    g.levels.set(level, li);
  }
  return li;
}

/** The force's vector for `key`, created (all NaN: "no usable row") on first use. */
function vectorFor(
  byKey: Map<string, Map<string, Float64Array>>,
  key: string,
  force: string,
  n: number,
): Float64Array {
  let byForce = byKey.get(key);
  if (!byForce) {
    byForce = new Map();
    byKey.set(key, byForce);
  }
  let v = byForce.get(force);
  if (!v) {
    v = new Float64Array(n).fill(Number.NaN);
    byForce.set(force, v);
  }
  return v;
}

function add(v: Float64Array, pos: number, value: number): void {
  const prev = v[pos]!;
  v[pos] = Number.isNaN(prev) ? value : prev + value;
}

/**
 * Adds one series' usable counts into the vectors of `key` and of all offences, skipping periods
 * `skip` holds. Vectors are only created when a usable count exists, so "no data" stays absent.
 */
function addSeries(
  byKey: Map<string, Map<string, Float64Array>>,
  g: GrainIndex,
  force: string,
  key: string,
  rows: ReadonlyMap<string, ReturnRow>,
  skip: ReadonlySet<string> | null,
): void {
  const n = g.periods.length;
  let own: Float64Array | null = null;
  let all: Float64Array | null = null;
  for (const [period, row] of rows) {
    if (skip?.has(period) || !isUsableCount(row.recorded)) continue;
    own ??= vectorFor(byKey, key, force, n);
    all ??= vectorFor(byKey, ALL_OFFENCES, force, n);
    const pos = g.periodPos.get(period)!;
    add(own, pos, row.recorded);
    add(all, pos, row.recorded);
  }
}

function buildCodeLevel(g: GrainIndex): LevelIndex {
  const byKey = new Map<string, Map<string, Float64Array>>();
  for (const [force, { code }] of g.streams) {
    if (!code) continue;
    for (const series of code.series.values()) addSeries(byKey, g, force, series.key, series.rows, null);
  }
  return { periods: g.periods, byKey };
}

function buildGroupLevel(g: GrainIndex): LevelIndex {
  const byKey = new Map<string, Map<string, Float64Array>>();
  for (const [force, { code, group }] of g.streams) {
    // Group-level rows win for every period in which the force sent any; codes fill the other periods.
    const groupPeriods = new Set(group?.periods ?? []);
    for (const series of group?.series.values() ?? [])
      addSeries(byKey, g, force, series.key, series.rows, null);
    for (const series of code?.series.values() ?? []) {
      addSeries(
        byKey,
        g,
        force,
        series.offence_group,
        series.rows,
        groupPeriods.size > 0 ? groupPeriods : null,
      );
    }
  }
  return { periods: g.periods, byKey };
}

/** The per-force vectors of a query and the period axis they share (empty when nothing matches). */
function vectors(
  index: NationalIndex,
  q: SeriesQuery,
): { periods: readonly string[]; byForce: ReadonlyMap<string, Float64Array> } {
  const g = grainIndex(index, q.grain);
  const li = levelIndex(g, q.level);
  return { periods: li.periods, byForce: li.byKey.get(q.key) ?? new Map() };
}

export interface SummedSeries {
  /** period_start → summed usable count, ascending periods. */
  total: Map<string, number>;
  /** period_start → number of forces whose usable row(s) made up that period's total. */
  contributors: Map<string, number>;
}

/**
 * The sum over `forces` (null = every force) of one offence series, without `excludeForce`.
 * The primitive behind nationalSeries, peerSeries and forceSeries.
 */
export function sumSeries(
  index: NationalIndex,
  forces: readonly string[] | null,
  q: NationalQuery,
): SummedSeries {
  const { periods, byForce } = vectors(index, q);
  const n = periods.length;
  const sum = new Float64Array(n);
  const count = new Uint16Array(n);
  const add = (force: string, v: Float64Array | undefined): void => {
    if (!v || force === q.excludeForce) return;
    for (let i = 0; i < n; i++) {
      const x = v[i]!;
      if (!Number.isNaN(x)) {
        sum[i]! += x;
        count[i]! += 1;
      }
    }
  };
  if (forces === null) for (const [force, v] of byForce) add(force, v);
  else for (const force of new Set(forces)) add(force, byForce.get(force));
  const total = new Map<string, number>();
  const contributors = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    if (count[i] === 0) continue;
    total.set(periods[i]!, sum[i]!);
    contributors.set(periods[i]!, count[i]!);
  }
  return { total, contributors };
}

/** period_start → the sum over every force (less `excludeForce`) of one offence series. */
export function nationalSeries(index: NationalIndex, q: NationalQuery): Map<string, number> {
  return sumSeries(index, null, q).total;
}

/** period_start → the sum over the given peer forces of one offence series (a force listed twice counts once). */
export function peerSeries(
  index: NationalIndex,
  peers: readonly string[],
  q: SeriesQuery,
): Map<string, number> {
  return sumSeries(index, peers, q).total;
}

/** period_start → one force's series, under the same level rules as the national and peer sums. */
export function forceSeries(index: NationalIndex, force: string, q: SeriesQuery): Map<string, number> {
  return sumSeries(index, [force], q).total;
}

/** period_start → how many forces contributed to `nationalSeries`/`peerSeries` for the same query. */
export function seriesCoverage(
  index: NationalIndex,
  forces: readonly string[] | null,
  q: NationalQuery,
): Map<string, number> {
  return sumSeries(index, forces, q).contributors;
}

/** The keys (codes or group names, '*' first) that have at least one usable count at this grain and level. */
export function seriesKeys(index: NationalIndex, q: Omit<SeriesQuery, 'key'>): string[] {
  const li = levelIndex(grainIndex(index, q.grain), q.level);
  return [...li.byKey.keys()].sort(cmp);
}
