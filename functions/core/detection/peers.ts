/**
 * Peer groups: for each force, the k forces most like it, against which its series are compared.
 *
 * The Home Office most-similar groups (MSGs, built from socio-demographic and geographic indicators)
 * are not available offline, so the default grouping is derived from the returns themselves:
 *
 *   features of a force  = log of its annualised total recorded crime over its latest 12 months
 *                          (12 monthly or 4 quarterly periods ending at its last reported period),
 *                          and its offence-group mix over the same window (share of each group;
 *                          code-level returns are aggregated to their groups, see national.ts);
 *   standardised         = each feature z-scored across forces;
 *   distance             = Euclidean, with the volume feature and the mix block weighted equally
 *                          (each of the G share features carries 1/G of the mix weight), so neither
 *                          ten mix shares drown volume nor volume drowns mix;
 *   peers                = the k nearest other forces (default 7, the size of an MSG), ordered by
 *                          distance, ties broken by force slug: fully deterministic.
 *
 * A force is never its own peer. Forces with no usable count get no peers and are no one's peer.
 * Unusual forces — British Transport Police (no resident population, theft-heavy mix) and the City
 * of London (small volume, fraud and theft heavy) — are not special-cased: they get their k nearest
 * by the same features, which are further away than for a typical force; the evidence carries the
 * distances so that a reader sees how close the "peers" really are. `excludeAsPeers` keeps chosen
 * forces (e.g. 'btp') out of everyone else's group without removing their own.
 *
 * Deployments that hold the real MSGs pass them with `peerGroupsFrom(mapping)` instead.
 */
import { UNKNOWN_OFFENCE_GROUP } from '../reference/offence-reference.ts';
import { addMonths } from '../series/months.ts';
import { type Grain, periodEndOf, periodLength } from '../series/periods.ts';
import { cmp } from '../series/streams.ts';
import { round } from '../stats/rounding.ts';
import { ALL_OFFENCES, forceSeries, type NationalIndex, seriesKeys } from './national.ts';

export const DEFAULT_PEER_GROUP_SIZE = 7;
/** Months of the latest window the features are computed over. */
export const PEER_FEATURE_WINDOW_MONTHS = 12;

export const DATA_DRIVEN_PEER_METHOD =
  'k nearest forces by Euclidean distance over z-scored features: log annualised recorded crime ' +
  '(latest 12 months) and offence-group shares (same window), volume and mix weighted equally';
export const CONFIGURED_PEER_METHOD = 'configured peer groups (e.g. Home Office most-similar groups)';

export type PeerGroups = ReadonlyMap<string, readonly string[]>;

export interface PeerGroupOptions {
  /** Peers per force (k); default 7. */
  size?: number;
  /** Forces never chosen as anyone's peer (they still get peers of their own). */
  excludeAsPeers?: readonly string[];
}

/** What a force's place in the grouping was computed from. */
export interface PeerFeatures {
  force_code: string;
  grain: Grain;
  /** First and last month of the feature window. */
  window: { start: string; end: string };
  /** Months of the window with a usable count (≤ 12). */
  months_covered: number;
  /** Total recorded crime of the window scaled to 12 months. */
  annual_total: number;
  /** Offence group → share of the window's total over known groups. */
  shares: Record<string, number>;
}

export interface PeerGrouping {
  method: string;
  groups: PeerGroups;
  /** Empty for a configured grouping. */
  features: ReadonlyMap<string, PeerFeatures>;
  /** force → peer → standardised distance; empty for a configured grouping. */
  distances: ReadonlyMap<string, ReadonlyMap<string, number>>;
  parameters: Record<string, unknown>;
}

/** Plain JSON for `Evidence`: enough to see who the peers were and why. */
export interface PeerEvidence {
  method: string;
  peers: string[];
  parameters?: Record<string, unknown>;
  /** Standardised distance to each peer (4 decimals). */
  distances?: Record<string, number>;
  /** The force's own features. */
  features?: PeerFeatures;
}

/** force → its k most-similar forces, nearest first (data-driven; see the file header). */
export function peerGroups(index: NationalIndex, opts: PeerGroupOptions = {}): PeerGroups {
  return peerGrouping(index, opts).groups;
}

/**
 * The data-driven grouping with its features and distances. Computed afresh on each call: a run asks
 * its AuditContext, which keeps one grouping per set of options for the whole run.
 */
export function peerGrouping(index: NationalIndex, opts: PeerGroupOptions = {}): PeerGrouping {
  const { size, excluded } = peerOptionsOf(opts);
  return buildGrouping(index, size, excluded);
}

/** The options with defaults applied and checked; `key` identifies them (the same key, the same grouping). */
export function peerOptionsOf(opts: PeerGroupOptions): { size: number; excluded: string[]; key: string } {
  const size = opts.size ?? DEFAULT_PEER_GROUP_SIZE;
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`peer group size must be a positive integer, got ${size}`);
  const excluded = [...new Set(opts.excludeAsPeers ?? [])].sort(cmp);
  return { size, excluded, key: JSON.stringify([size, excluded]) };
}

/**
 * A fixed mapping (force → peers) supplied by configuration, e.g. the Home Office MSGs. A force
 * listed among its own peers is dropped from them; repeats are dropped; order is kept.
 */
export function peerGroupsFrom(
  mapping: Readonly<Record<string, readonly string[]>> | PeerGroups,
): PeerGroups {
  return peerGroupingFrom(mapping).groups;
}

/** As peerGroupsFrom, with the grouping record evidence is built from. */
export function peerGroupingFrom(
  mapping: Readonly<Record<string, readonly string[]>> | PeerGroups,
  method: string = CONFIGURED_PEER_METHOD,
): PeerGrouping {
  const entries: Array<[string, readonly string[]]> =
    mapping instanceof Map ? [...(mapping as PeerGroups).entries()] : Object.entries(mapping);
  const groups = new Map<string, readonly string[]>();
  for (const [force, peers] of entries.sort((a, b) => cmp(a[0], b[0]))) {
    groups.set(force, Object.freeze([...new Set(peers)].filter((p) => p !== force)));
  }
  return { method, groups, features: new Map(), distances: new Map(), parameters: {} };
}

/** Evidence for one force: its peers, and (data-driven groupings) the distances and features behind them. */
export function peerGroupsEvidence(force: string, grouping: PeerGrouping): PeerEvidence {
  const peers = [...(grouping.groups.get(force) ?? [])];
  const out: PeerEvidence = { method: grouping.method, peers };
  if (Object.keys(grouping.parameters).length > 0) out.parameters = grouping.parameters;
  const d = grouping.distances.get(force);
  if (d) out.distances = Object.fromEntries(peers.map((p) => [p, round(d.get(p) ?? Number.NaN, 4)]));
  const f = grouping.features.get(force);
  if (f) out.features = f;
  return out;
}

/** The feature window of one force: latest 12 months at the finest grain it reported. */
export function peerFeatures(index: NationalIndex): Map<string, PeerFeatures> {
  const out = new Map<string, PeerFeatures>();
  for (const grain of ['month', 'quarter'] as const) {
    const groups = seriesKeys(index, { level: 'group', grain }).filter(
      (k) => k !== ALL_OFFENCES && k !== UNKNOWN_OFFENCE_GROUP,
    );
    const forces = forcesAt(index, grain);
    for (const force of forces) {
      if (out.has(force)) continue; // monthly features already taken: the finer grain wins
      const total = forceSeries(index, force, { level: 'group', grain, key: ALL_OFFENCES });
      const periods = [...total.keys()];
      const last = periods[periods.length - 1];
      if (last === undefined) continue;
      const end = periodEndOf(last, grain);
      const start = addMonths(end, 1 - PEER_FEATURE_WINDOW_MONTHS);
      const inWindow = periods.filter((p) => p >= start);
      let windowTotal = 0;
      for (const p of inWindow) windowTotal += total.get(p)!;
      const months = inWindow.length * periodLength(grain);
      const byGroup: Record<string, number> = {};
      let known = 0;
      for (const g of groups) {
        const s = forceSeries(index, force, { level: 'group', grain, key: g });
        let v = 0;
        for (const p of inWindow) v += s.get(p) ?? 0;
        byGroup[g] = v;
        known += v;
      }
      const shares: Record<string, number> = {};
      for (const g of groups) shares[g] = known > 0 ? round(byGroup[g]! / known, 6) : 0;
      out.set(force, {
        force_code: force,
        grain,
        window: { start, end },
        months_covered: months,
        annual_total: round((windowTotal * PEER_FEATURE_WINDOW_MONTHS) / months, 1),
        shares,
      });
    }
  }
  return out;
}

/** Forces with rows at a grain, from the run's stream index rather than a pass over every row. */
function forcesAt(index: NationalIndex, grain: Grain | null): string[] {
  const forces = new Set<string>();
  for (const s of index.streams) if (grain === null || s.grain === grain) forces.add(s.force_code);
  return [...forces].sort(cmp);
}

function buildGrouping(index: NationalIndex, size: number, excluded: readonly string[]): PeerGrouping {
  const features = peerFeatures(index);
  const forces = [...features.keys()].sort(cmp);
  const groupNames = [...new Set(forces.flatMap((f) => Object.keys(features.get(f)!.shares)))].sort(cmp);
  // Raw feature matrix: [log annual total, share of each group]; a group a force lacks counts as 0.
  const raw = forces.map((f) => {
    const x = features.get(f)!;
    return [Math.log1p(x.annual_total), ...groupNames.map((g) => x.shares[g] ?? 0)];
  });
  const dims = groupNames.length + 1;
  const weights = [1, ...groupNames.map(() => (groupNames.length > 0 ? 1 / groupNames.length : 0))];
  const z = standardise(raw, dims);
  const candidates = forces.filter((f) => !excluded.includes(f));
  const pos = new Map(forces.map((f, i) => [f, i]));
  const groups = new Map<string, readonly string[]>();
  const distances = new Map<string, ReadonlyMap<string, number>>();
  for (const [i, force] of forces.entries()) {
    const ranked = candidates
      .filter((c) => c !== force)
      .map((c) => {
        const zj = z[pos.get(c)!]!;
        let d2 = 0;
        for (let k = 0; k < dims; k++) d2 += weights[k]! * (z[i]![k]! - zj[k]!) ** 2;
        return { c, d: Math.sqrt(d2) };
      })
      .sort((a, b) => a.d - b.d || cmp(a.c, b.c))
      .slice(0, size);
    groups.set(force, Object.freeze(ranked.map((r) => r.c)));
    distances.set(force, new Map(ranked.map((r) => [r.c, r.d])));
  }
  // Forces with rows but no usable count: listed, with no peers, so callers can tell "no peers" apart.
  for (const f of forcesAt(index, null)) if (!groups.has(f)) groups.set(f, Object.freeze([]));
  const sorted = new Map([...groups.entries()].sort((a, b) => cmp(a[0], b[0])));
  return {
    method: DATA_DRIVEN_PEER_METHOD,
    groups: sorted,
    features,
    distances,
    parameters: {
      size,
      window_months: PEER_FEATURE_WINDOW_MONTHS,
      offence_groups: groupNames,
      ...(excluded.length > 0 ? { exclude_as_peers: excluded } : {}),
    },
  };
}

/** Columns z-scored across rows (population sd); a constant column becomes 0 everywhere. */
function standardise(rows: readonly number[][], dims: number): number[][] {
  const n = rows.length;
  const mean = new Array<number>(dims).fill(0);
  const sd = new Array<number>(dims).fill(0);
  for (const r of rows) for (let k = 0; k < dims; k++) mean[k]! += r[k]! / n;
  for (const r of rows) for (let k = 0; k < dims; k++) sd[k]! += (r[k]! - mean[k]!) ** 2 / n;
  return rows.map((r) =>
    r.map((x, k) => {
      const s = Math.sqrt(sd[k]!);
      return s > 1e-12 ? (x - mean[k]!) / s : 0;
    }),
  );
}
