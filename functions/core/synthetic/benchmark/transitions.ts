/**
 * Record-level reclassifications for the detection benchmark's record-level arm: what a force's
 * crime-level extract (contract §1c) would say about crimes first recorded as one code of a
 * substitutable pair and finally as the other, month by month.
 *
 * Clean model, per force and directed pair of DOWNGRADE_PAIRS (and its reverse, the upgrade):
 * - honest reclassification happens in both directions as investigations learn more: a downgrade
 *   rate d₀ ~ U(2%, 6%) of the serious code's crimes, an upgrade rate u₀ ~ U(1%, 3%) of the lesser
 *   code's (the example extract's 4% and 2% sit inside these ranges; no published force-level figures
 *   exist, so the ranges are an assumption, stated here and in the benchmark's output);
 * - each rate drifts as a logit random walk (SD .03 a month: after ten years a force's rate has
 *   typically moved by a third either way), and wobbles month to month as a beta-binomial with
 *   intra-class correlation ρ ~ U(.001, .004) (staffing, a review, a backlog: about one percentage
 *   point of month-to-month SD on top of the binomial noise at a median force's volume);
 * - downgrades of month t ~ Bin(final serious count, d_t), at most the final lesser count (a
 *   downgraded crime is counted under the lesser code); upgrades ~ Bin(remaining lesser count, u_t),
 *   at most the final serious count. The published counts are final, so they are not changed.
 *
 * Injected downgrades (S1 labels) are crimes moved from the serious code to the lesser one: in an
 * extract each is one more transition from → to in its month. A national counting-rule change is not
 * a reclassification (from its date crimes are first recorded under the new code), so it adds none.
 */
import type { ReclassificationTransition } from '#core/model/ingest.ts';
import { createRng, type Rng } from '../rng.ts';
import { type BenchmarkPanel, cellOf } from './generator.ts';
import type { InjectionLabel } from './injections.ts';
import { DOWNGRADE_PAIRS } from './offences.ts';

export const CLEAN_DOWNGRADE_RATE = [0.02, 0.06] as const;
export const CLEAN_UPGRADE_RATE = [0.01, 0.03] as const;
export const RATE_WALK_SD = 0.03;
export const RATE_ICC = [0.001, 0.004] as const;

const logit = (p: number) => Math.log(p / (1 - p));
const expit = (x: number) => 1 / (1 + Math.exp(-x));

function betaDraw(rng: Rng, mean: number, icc: number): number {
  const a = (1 - icc) / icc;
  const x = rng.gamma(mean * a);
  return x / (x + rng.gamma((1 - mean) * a));
}

/** One rate path: a logit random walk from a uniform start, with beta-binomial monthly wobble. */
function ratePath(rng: Rng, range: readonly [number, number], months: number): Float64Array {
  const start = range[0] + (range[1] - range[0]) * rng.uniform();
  const icc = RATE_ICC[0] + (RATE_ICC[1] - RATE_ICC[0]) * rng.uniform();
  const out = new Float64Array(months);
  let walk = logit(start);
  for (let t = 0; t < months; t++) {
    walk += rng.normal(0, RATE_WALK_SD);
    out[t] = betaDraw(rng, expit(walk), icc);
  }
  return out;
}

/**
 * Transitions of every force in the panel for every benchmark downgrade pair (clean model above), plus
 * one transition per crime moved by each `reclassification` label. Counts of zero are left out, as an
 * ingest of an extract would leave them out. Draws come from streams keyed by seed, force and pair,
 * so the clean transitions do not depend on which injections were applied.
 */
export function benchmarkTransitions(
  panel: BenchmarkPanel,
  labels: readonly InjectionLabel[] = [],
): ReclassificationTransition[] {
  const root = createRng(`benchmark-transitions:${String(panel.seed)}`);
  const T = panel.months.length;
  // force → month → "from>to" → count
  const counts = new Map<string, Map<number, Map<string, number>>>();
  const add = (force: string, t: number, from: string, to: string, n: number) => {
    if (n <= 0) return;
    const byMonth = counts.get(force) ?? new Map<number, Map<string, number>>();
    counts.set(force, byMonth);
    const byPair = byMonth.get(t) ?? new Map<string, number>();
    byMonth.set(t, byPair);
    const key = `${from}>${to}`;
    byPair.set(key, (byPair.get(key) ?? 0) + n);
  };

  const codes = new Set(panel.offences.map((o) => o.code));
  for (const force of panel.forces) {
    for (const pair of DOWNGRADE_PAIRS) {
      if (!codes.has(pair.from) || !codes.has(pair.to)) continue;
      const serious = cellOf(panel, force, pair.from).recorded;
      const lesser = cellOf(panel, force, pair.to).recorded;
      const rng = root.derive(`${force}:${pair.from}>${pair.to}`);
      const down = ratePath(rng.derive('down'), CLEAN_DOWNGRADE_RATE, T);
      const up = ratePath(rng.derive('up'), CLEAN_UPGRADE_RATE, T);
      const draws = rng.derive('counts');
      for (let t = 0; t < T; t++) {
        const s = serious[t]!;
        const l = lesser[t]!;
        const d = Math.min(l, s > 0 ? draws.binomial(s, down[t]!) : 0);
        const u = Math.min(s, l - d > 0 ? draws.binomial(l - d, up[t]!) : 0);
        add(force, t, pair.from, pair.to, d);
        add(force, t, pair.to, pair.from, u);
      }
    }
  }

  const first = panel.months[0]!;
  const index = new Map(panel.months.map((m, i) => [m, i]));
  for (const label of labels) {
    if (label.kind !== 'reclassification' || !label.to_code) continue;
    for (const [i, month] of label.months.entries()) {
      const t = index.get(month);
      if (t === undefined) throw new RangeError(`label ${label.id} has month ${month} outside ${first}…`);
      for (const force of label.forces) add(force, t, label.codes[0]!, label.to_code, label.applied[i]!);
    }
  }

  const out: ReclassificationTransition[] = [];
  for (const [force, byMonth] of counts) {
    for (const [t, byPair] of [...byMonth].sort((a, b) => a[0] - b[0])) {
      for (const [key, count] of byPair) {
        const [from, to] = key.split('>') as [string, string];
        out.push({
          force_code: force,
          month: panel.months[t]!,
          from_offence_code: from,
          to_offence_code: to,
          count,
        });
      }
    }
  }
  return out;
}
