/**
 * The scan over windows of several lengths at any start, and its multiplicity.
 *
 * Hypothesis. Every window of `scanLengths` months (3–5 by default) whose last month falls in one
 * calendar block of `blockMonths` months (a quarter) belongs to one hypothesis: "the series' rate rose
 * in some window ending in this quarter". A window has one last month, so blocks share no window and
 * every start and length is scanned exactly once. The nominal windows of a block are its slots (end
 * offset × length, 9 by default), the same for every force, so that a force's chosen window can be set
 * against the other forces' same window (gates.ts).
 *
 * Multiplicity. The block's p-value bounds P(some window's p ≤ p_chosen) by the improved Bonferroni
 * inequality of Hunter D (1976, J Appl Probab 13:597) and Worsley K J (1982, Biometrika 69:297):
 * P(∪ A_w) ≤ Σ_w P(A_w) − Σ_{(v,w) ∈ T} P(A_v ∩ A_w) over any spanning tree T of the K distinct windows
 * (windows whose usable months coincide, e.g. at the end of the data, count once), here the maximal
 * spanning tree of their correlations (the tightest). A_w = {p_w ≤ x} is taken as {Z_w ≥ Φ⁻¹(1 − x)}
 * with the windows' z-scores jointly normal, corr(Z_v, Z_w) = Σ_{v∩w} v_t / √(Σ_v v_t Σ_w v_t), v_t =
 * n_t(1 + (n_t − 1)ρ) the month's variance under the beta-binomial (months independent); the shared
 * error of the baseline's μ̂ and ρ̂ would raise the correlations, and leaving it out keeps the bound
 * conservative. Each tree term is computed with Owen's T (stats/scan-bound.ts). The bound holds for any
 * way of choosing the window, since p_chosen ≥ min_w p_w; it lies between p_chosen (one window) and
 * K × p_chosen (Bonferroni, the rule before 2.1.0, which was 0.3–0.4 × nominal on clean data). Checked
 * by simulation on clean binomial months of the small-series regime (scan.test.ts). The window chosen
 * is the one with the largest standardised excess (y − E)/√V, which needs one tail probability per
 * hypothesis instead of K (a national audit scans ~4·10⁵ windows).
 */
import { normalCdf } from '#core/stats/distributions.ts';
import { scanLowerTailBound } from '#core/stats/scan-bound.ts';
import { zOfP } from '#core/stats/z-of-p.ts';
import { type Baseline, type Counts, windowContrast } from './chart.ts';

/** One nominal window of a block: its first month index and length, and its usable months' sums. */
export interface ScanWindow {
  slot: number;
  /** Month index of its nominal first month. */
  start: number;
  length: number;
  /** Axis positions of its usable months, ascending. */
  idx: number[];
  counts: Counts;
  /** False when an earlier slot of the block has the same usable months (it is not counted in K). */
  distinct: boolean;
}

export interface ScanShape {
  blockMonths: number;
  scanLengths: readonly number[];
}

/** Slots per block: end offset (0 … blockMonths − 1) × length. */
export function slotCount(s: ScanShape): number {
  return s.blockMonths * s.scanLengths.length;
}

/** The earliest nominal first month of a block starting at month index `bs`. */
export function earliestStart(bs: number, s: ScanShape): number {
  return bs - (Math.max(...s.scanLengths) - 1);
}

/** Fields per slot of a packed block (packBlock): y, n, n2, months, first, last, distinct. */
export const PACKED_FIELDS = 7;
const F = PACKED_FIELDS;

/**
 * The block's slots packed in one array (F numbers a slot: Σy, Σn, Σn(n − 1), usable months, first and
 * last usable axis position, distinct 1/0): a national audit packs ~3·10⁵ blocks, and one object per
 * window made garbage collection the largest cost. Slot order and rules as blockWindows.
 */
export function packBlock(
  bs: number,
  origin: number,
  T: number,
  s: ScanShape,
  usable: (t: number) => boolean,
  y: ArrayLike<number>,
  n: ArrayLike<number>,
): Float64Array {
  const L = s.scanLengths.length;
  const out = new Float64Array(s.blockMonths * L * F);
  let j = 0;
  for (let e = 0; e < s.blockMonths; e++) {
    for (let l = 0; l < L; l++, j++) {
      const end = bs + e;
      const start = end - s.scanLengths[l]! + 1;
      let sy = 0;
      let sn = 0;
      let sn2 = 0;
      let months = 0;
      let first = -1;
      let last = -1;
      if (start - origin >= 0) {
        for (let t = start - origin; t <= Math.min(T - 1, end - origin); t++) {
          const nt = n[t]!;
          if (!(nt > 0) || !usable(t)) continue;
          sy += y[t]!;
          sn += nt;
          sn2 += nt * (nt - 1);
          months++;
          if (first < 0) first = t;
          last = t;
        }
      }
      let distinct = months > 0 ? 1 : 0;
      // Same first and last usable month: the same usable months (they lie in one contiguous range).
      for (let k = 0; k < j && distinct === 1; k++)
        if (out[k * F + 6] === 1 && out[k * F + 4] === first && out[k * F + 5] === last) distinct = 0;
      const o = j * F;
      out[o] = sy;
      out[o + 1] = sn;
      out[o + 2] = sn2;
      out[o + 3] = months;
      out[o + 4] = first;
      out[o + 5] = last;
      out[o + 6] = distinct;
    }
  }
  return out;
}

/** The counts of slot j of a packed block. */
export function slotCounts(packed: Float64Array, j: number): Counts {
  const o = j * F;
  return { y: packed[o]!, n: packed[o + 1]!, n2: packed[o + 2]!, months: packed[o + 3]! };
}

export function slotDistinct(packed: Float64Array, j: number): boolean {
  return packed[j * F + 6] === 1;
}

/** Nominal first month index and length of slot j of the block at `bs`. */
export function slotSpan(bs: number, s: ScanShape, j: number): { start: number; length: number } {
  const L = s.scanLengths.length;
  const length = s.scanLengths[j % L]!;
  return { start: bs + Math.floor(j / L) - length + 1, length };
}

/** Axis positions of slot j's usable months. */
export function slotIdx(
  packed: Float64Array,
  j: number,
  usable: (t: number) => boolean,
  n: ArrayLike<number>,
): number[] {
  const out: number[] = [];
  const first = packed[j * F + 4]!;
  const last = packed[j * F + 5]!;
  if (first < 0) return out;
  for (let t = first; t <= last; t++) if (n[t]! > 0 && usable(t)) out.push(t);
  return out;
}

/** K of a packed block. */
export function packedScanSize(packed: Float64Array): number {
  let k = 0;
  for (let o = 6; o < packed.length; o += F) if (packed[o] === 1) k++;
  return k;
}

/** The distinct slot with the largest standardised excess against `base`, or −1. */
export function choosePackedSlot(packed: Float64Array, base: Baseline): number {
  let best = -1;
  let bestZ = Number.NEGATIVE_INFINITY;
  for (let j = 0; j * F < packed.length; j++) {
    if (packed[j * F + 6] !== 1) continue;
    const c = windowContrast(slotCounts(packed, j), base);
    const z = c.variance > 0 ? (c.y - c.expected) / Math.sqrt(c.variance) : 0;
    if (z > bestZ) {
      bestZ = z;
      best = j;
    }
  }
  return best;
}

/**
 * The nominal windows of the block at month index `bs` on an axis whose first month is `origin` and
 * whose length is `T`, over the months `usable` accepts (y, n the series). A window without usable
 * months, or starting before the axis, has `counts.months` 0. Windows may run past the axis' end
 * (the latest windows are partial, so the latest month is tested as soon as it arrives).
 */
export function blockWindows(
  bs: number,
  origin: number,
  T: number,
  s: ScanShape,
  usable: (t: number) => boolean,
  y: ArrayLike<number>,
  n: ArrayLike<number>,
): ScanWindow[] {
  const packed = packBlock(bs, origin, T, s, usable, y, n);
  return Array.from({ length: slotCount(s) }, (_, slot) => ({
    slot,
    ...slotSpan(bs, s, slot),
    idx: slotIdx(packed, slot, usable, n),
    counts: slotCounts(packed, slot),
    distinct: slotDistinct(packed, slot),
  }));
}

/** K: the distinct windows with usable months. */
export function scanSize(windows: readonly ScanWindow[]): number {
  let k = 0;
  for (const w of windows) if (w.distinct) k++;
  return k;
}

/** The distinct window with the largest standardised excess (y − E)/√V against `base`; null if none. */
export function chooseWindow(windows: readonly ScanWindow[], base: Baseline): ScanWindow | null {
  let best: ScanWindow | null = null;
  let bestZ = Number.NEGATIVE_INFINITY;
  for (const w of windows) {
    if (!w.distinct) continue;
    const c = windowContrast(w.counts, base);
    const z = c.variance > 0 ? (c.y - c.expected) / Math.sqrt(c.variance) : 0;
    if (z > bestZ) {
      bestZ = z;
      best = w;
    }
  }
  return best;
}

/**
 * Correlations along the maximal spanning tree of the block's distinct windows (Prim's algorithm; see
 * the file header): K − 1 numbers for K distinct windows. ρ is the baseline's (floored) dispersion.
 */
export function scanTree(
  packed: Float64Array,
  rho: number,
  usable: (t: number) => boolean,
  n: ArrayLike<number>,
): number[] {
  const slots: number[] = [];
  for (let j = 0; j * F < packed.length; j++) if (packed[j * F + 6] === 1) slots.push(j);
  const k = slots.length;
  const variance = slots.map((j) => packed[j * F + 1]! + rho * packed[j * F + 2]!);
  const tree: TreeInputs = { packed, slots, variance, rho, usable, n };
  const edges: number[] = [];
  if (k < 2) return edges;
  const inTree = new Array<boolean>(k).fill(false);
  const best = new Array<number>(k).fill(Number.NEGATIVE_INFINITY);
  inTree[0] = true;
  for (let v = 1; v < k; v++) best[v] = slotCorrelation(tree, 0, v);
  for (let added = 1; added < k; added++) {
    let next = -1;
    for (let v = 0; v < k; v++) if (!inTree[v] && (next < 0 || best[v]! > best[next]!)) next = v;
    inTree[next] = true;
    edges.push(best[next]!);
    for (let v = 0; v < k; v++) if (!inTree[v]) best[v] = Math.max(best[v]!, slotCorrelation(tree, next, v));
  }
  return edges;
}

interface TreeInputs {
  packed: Float64Array;
  slots: readonly number[];
  variance: readonly number[];
  rho: number;
  usable: (t: number) => boolean;
  n: ArrayLike<number>;
}

/** The correlation of the a-th and b-th distinct windows of scanTree (module level: no closure per block). */
function slotCorrelation(s: TreeInputs, a: number, b: number): number {
  const { packed, slots, n } = s;
  const lo = Math.max(packed[slots[a]! * F + 4]!, packed[slots[b]! * F + 4]!);
  const hi = Math.min(packed[slots[a]! * F + 5]!, packed[slots[b]! * F + 5]!);
  let shared = 0;
  for (let t = lo; t <= hi; t++) {
    const nt = n[t]!;
    if (nt > 0 && s.usable(t)) shared += nt * (1 + (nt - 1) * s.rho);
  }
  return shared > 0 ? Math.min(1, shared / Math.sqrt(s.variance[a]! * s.variance[b]!)) : 0;
}

/**
 * The block's p-value from the chosen window's p and the scan tree's correlations (scanTree): the
 * Hunter–Worsley bound of the file header, capped at 1. Far in the tail (p < 10⁻¹⁶, where Φ⁻¹ is
 * replaced by zOfP's asymptote, or Φ underflows) the bound's ratio to p is applied, tending to K.
 */
export function scanPValue(pWindow: number, tree: readonly number[]): number {
  if (!(pWindow > 0)) return 0;
  if (!(pWindow < 1)) return 1;
  const u = -zOfP(pWindow);
  const single = normalCdf(u);
  const factor = single > 1e-300 ? scanLowerTailBound(u, tree) / single : tree.length + 1;
  return Math.min(1, pWindow * Math.max(1, factor));
}
