/**
 * Every force's contrast of one series in one block (chart.ts WindowContrast: θ = logRatio and its
 * SE, and the expected count), for the peer comparison (gates.ts). A national audit keeps ~10⁶ of
 * them to the end of the analysis: they sit in typed arrays, whose contents the garbage collector
 * neither scans nor copies, grown by doubling.
 */
import { type Baseline, windowContrast } from './chart.ts';
import { PACKED_FIELDS, slotCounts, slotDistinct } from './scan.ts';

export interface PeerContrasts {
  forces: string[];
  /**
   * Per force, one value per slot of the block (stride = slots; NaN where the window is empty). Only
   * the first forces.length × slots entries are written.
   */
  logRatio: Float64Array;
  logRatioSe: Float64Array;
  /** The baseline's expected cancellations in the window (peers below peerMinExpected give no τ̂²). */
  expected: Float64Array;
}

/** Room for this many forces at first: the 43 forces of England and Wales and the BTP in one allocation. */
const INITIAL_FORCES = 48;

export function emptyContrasts(): PeerContrasts {
  const none = new Float64Array(0);
  return { forces: [], logRatio: none, logRatioSe: none, expected: none };
}

/**
 * Adds a force's contrasts of every slot of its packed block (scan.ts) and returns the slot
 * choosePackedSlot would choose from the same contrasts (the distinct one with the largest
 * standardised excess), or −1: one contrast per slot serves both.
 */
export function pushContrasts(
  peers: PeerContrasts,
  force: string,
  windows: Float64Array,
  base: Baseline,
): number {
  const slots = windows.length / PACKED_FIELDS;
  const at = peers.forces.length * slots;
  if (at + slots > peers.logRatio.length) grow(peers, Math.max(INITIAL_FORCES * slots, 2 * (at + slots)));
  peers.forces.push(force);
  let best = -1;
  let bestZ = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < slots; j++) {
    const counts = slotCounts(windows, j);
    if (counts.months === 0) {
      peers.logRatio[at + j] = Number.NaN;
      peers.logRatioSe[at + j] = Number.NaN;
      peers.expected[at + j] = 0;
      continue;
    }
    const c = windowContrast(counts, base);
    peers.logRatio[at + j] = c.logRatio;
    peers.logRatioSe[at + j] = c.logRatioSe;
    peers.expected[at + j] = c.expected;
    if (!slotDistinct(windows, j)) continue;
    const z = c.variance > 0 ? (c.y - c.expected) / Math.sqrt(c.variance) : 0;
    if (z > bestZ) {
      bestZ = z;
      best = j;
    }
  }
  return best;
}

function grow(peers: PeerContrasts, size: number): void {
  const larger = (a: Float64Array) => {
    const out = new Float64Array(size);
    out.set(a);
    return out;
  };
  peers.logRatio = larger(peers.logRatio);
  peers.logRatioSe = larger(peers.logRatioSe);
  peers.expected = larger(peers.expected);
}
