/**
 * A force's series set against the sum of its peers' same series: the exposure of the changepoint
 * model and the comparator of the difference-in-differences. Dividing by peers removes seasonality,
 * Easter, weather and national shocks and counting-rule changes (COVID-19, fraud moving to Action
 * Fraud, the 2017 burglary recoding) in one step, because the peers live through them too.
 *
 * Peers are the data-driven most-similar forces (detection/peers.ts) that report the series. A peer
 * missing a period the force reported would make a false dip in the sum, so peers that are complete
 * over the force's periods are used; when fewer than `minCompletePeers` are, every peer is used and
 * periods in which any of them is missing are skipped. Cached per (series, force): the calibration
 * step asks for every force's comparison over the same windows.
 */
import type { PeerGroups } from '#core/detection/peers.ts';
import { differenceDispersion } from './dispersion.ts';
import type { Panel } from './panel.ts';

export interface PeerComparison {
  force: string;
  specId: string;
  /** The peers summed, nearest first. */
  peers: readonly string[];
  /** `complete`: every peer has every period the force has; `with_gaps`: gap periods are skipped. */
  peerMode: 'complete' | 'with_gaps';
  /** The force's counts and the peer sum by period position; NaN where not usable. */
  y: Float64Array;
  e: Float64Array;
  /** Period positions where both are usable and the peer sum is positive, ascending. */
  index: readonly number[];
  /** Difference-based quasi-Poisson dispersion of y against e (dispersion.ts). */
  phi: number;
  /** Prefix sums over usable positions: cy[i] = Σ_{t<i, usable} y_t (same for e and the count). */
  cy: Float64Array;
  ce: Float64Array;
  cn: Int32Array;
}

export interface WindowSums {
  y: number;
  e: number;
  /** Usable periods inside the window. */
  periods: number;
}

/** Sums over the usable periods of positions a..b (inclusive). */
export function windowSums(c: PeerComparison, a: number, b: number): WindowSums {
  return {
    y: c.cy[b + 1]! - c.cy[a]!,
    e: c.ce[b + 1]! - c.ce[a]!,
    periods: c.cn[b + 1]! - c.cn[a]!,
  };
}

export class ComparisonCache {
  private readonly memo = new Map<string, PeerComparison | null>();

  /**
   * `excluded(specId)` marks period positions left out of every comparison of that series (periods
   * inside a temporary national shock): they count as gaps for the force and its peers alike.
   */
  constructor(
    private readonly panel: Panel,
    private readonly groups: PeerGroups,
    private readonly minCompletePeers: number,
    private readonly excluded: (specId: string) => Uint8Array | null = () => null,
  ) {}

  get(specId: string, force: string): PeerComparison | null {
    const key = `${specId}\u0000${force}`;
    let c = this.memo.get(key);
    if (c === undefined) {
      c = this.build(specId, force);
      this.memo.set(key, c);
    }
    return c;
  }

  private build(specId: string, force: string): PeerComparison | null {
    const byForce = this.panel.values.get(specId);
    const y = byForce?.get(force);
    if (!byForce || !y) return null;
    const n = y.length;
    const candidates = (this.groups.get(force) ?? []).filter((p) => p !== force && byForce.has(p));
    if (candidates.length === 0) return null;
    const skipped = this.excluded(specId);
    const complete = candidates.filter((p) => {
      const v = byForce.get(p)!;
      for (let t = 0; t < n; t++)
        if (!skipped?.[t] && !Number.isNaN(y[t]!) && Number.isNaN(v[t]!)) return false;
      return true;
    });
    const peerMode = complete.length >= this.minCompletePeers ? 'complete' : 'with_gaps';
    const peers = peerMode === 'complete' ? complete : candidates;
    const e = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      let s = 0;
      for (const p of peers) s += byForce.get(p)![t]!;
      e[t] = s; // NaN when any peer is missing
    }
    const index: number[] = [];
    const cy = new Float64Array(n + 1);
    const ce = new Float64Array(n + 1);
    const cn = new Int32Array(n + 1);
    for (let t = 0; t < n; t++) {
      const ok = !Number.isNaN(y[t]!) && e[t]! > 0 && !skipped?.[t];
      if (ok) index.push(t);
      cy[t + 1] = cy[t]! + (ok ? y[t]! : 0);
      ce[t + 1] = ce[t]! + (ok ? e[t]! : 0);
      cn[t + 1] = cn[t]! + (ok ? 1 : 0);
    }
    const phi = differenceDispersion(
      index.map((t) => y[t]!),
      index.map((t) => e[t]!),
    );
    return { force, specId, peers, peerMode, y, e, index, phi, cy, ce, cn };
  }
}

/**
 * The comparison with the marked positions before `before` made unusable (the force's explained
 * months, left out of a baseline); the same object when none is marked there.
 */
export function withoutBefore(c: PeerComparison, mask: Uint8Array | null, before: number): PeerComparison {
  if (mask === null || !c.index.some((t) => t < before && mask[t] === 1)) return c;
  const n = c.y.length;
  const index = c.index.filter((t) => t >= before || mask[t] !== 1);
  const usable = new Uint8Array(n);
  for (const t of index) usable[t] = 1;
  const cy = new Float64Array(n + 1);
  const ce = new Float64Array(n + 1);
  const cn = new Int32Array(n + 1);
  for (let t = 0; t < n; t++) {
    cy[t + 1] = cy[t]! + (usable[t] ? c.y[t]! : 0);
    ce[t + 1] = ce[t]! + (usable[t] ? c.e[t]! : 0);
    cn[t + 1] = cn[t]! + usable[t]!;
  }
  return { ...c, index, cy, ce, cn };
}
