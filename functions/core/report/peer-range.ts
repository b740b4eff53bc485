/**
 * The peers' range on a finding's chart: for each period, the lowest and highest of the peer forces
 * the check compared the force with (`evidence.peers`). Counts are put on the force's scale first,
 * each peer multiplied by the force's mean over the baseline divided by the peer's, so the band shows
 * where the force would be had it moved as each peer did; rates (a share cancelled) are compared as
 * they are. A period where fewer than two peers returned a value has no band.
 */
import type { Finding } from '../model/findings.ts';

export interface PeerBand {
  low: Array<number | null>;
  high: Array<number | null>;
  peers: number;
}

/** The peer forces' slugs named in the evidence, when it names them. */
export function peersOf(evidence: unknown): string[] {
  if (typeof evidence !== 'object' || evidence === null) return [];
  const peers = (evidence as { peers?: unknown }).peers;
  return Array.isArray(peers) ? peers.filter((p): p is string => typeof p === 'string') : [];
}

function meanOver(series: ReadonlyMap<string, number | null>, periods: readonly string[]): number | null {
  let sum = 0;
  let n = 0;
  for (const p of periods) {
    const v = series.get(p);
    if (typeof v === 'number' && Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n > 0 ? sum / n : null;
}

/**
 * The band over `periods` (the chart's axis), or null without two peers. `baseline` holds the
 * periods the scale is taken from (the axis before the tested window when the evidence names none).
 */
export function peerBand(
  f: Pick<Finding, 'unit'>,
  periods: readonly string[],
  observed: readonly (number | null)[],
  peers: readonly (readonly { period: string; value: number | null }[])[],
  baseline: readonly string[],
): PeerBand | null {
  const own = new Map(periods.map((p, i) => [p, observed[i] ?? null]));
  const ownMean = meanOver(own, baseline);
  const scaled = peers.flatMap((points) => {
    const series = new Map(points.map((p) => [p.period, p.value]));
    if (f.unit === 'rate') return [series];
    const peerMean = meanOver(series, baseline);
    if (ownMean === null || peerMean === null || peerMean <= 0) return [];
    const k = ownMean / peerMean;
    return [new Map([...series].map(([p, v]) => [p, v === null ? null : v * k]))];
  });
  if (scaled.length < 2) return null;
  const low: Array<number | null> = [];
  const high: Array<number | null> = [];
  for (const p of periods) {
    const values = scaled
      .map((s) => s.get(p))
      .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    low.push(values.length >= 2 ? Number(Math.min(...values).toPrecision(5)) : null);
    high.push(values.length >= 2 ? Number(Math.max(...values).toPrecision(5)) : null);
  }
  return { low, high, peers: scaled.length };
}
