/**
 * The benchmark's oracle: how clearly an injection stands out of the generator's own noise, measured
 * with everything the generator knows. A detector has to estimate a baseline; the oracle is given it.
 * The yardstick: |z| ≥ 5 is "detectable", and recall targets count only detectable
 * injections.
 *
 * What the oracle knows and what it treats as noise (generator.ts, mix.ts, trends.ts):
 * - known (in the mean): every path the generator drew — trends and their bends, seasons, the
 *   national and force AR(1) shocks, the force × group random walks, the mix drift and the
 *   cancellation-rate drift. These are smooth in time or shared by many series, so other months and
 *   other series reveal them; conditioning on them makes the oracle the best any detector could do.
 * - noise (in the variance), month by month and independent across months:
 *   gross count | paths, jitter ~ gamma-Poisson: Var = μ + μ²/k (Poisson, then overdispersion);
 *   the family's logit mix jitter ε ~ N(0, σ²), which moves the family's codes together (a loading
 *   L = ∂E[gross]/∂ε per code, so codes of one family covary: σ²·L_i·L_j);
 *   cancellations | gross ~ beta-binomial(gross, p, ρ): with m = E gross, V = μ + μ²/k,
 *     E c = p·m,  Var c = p(1 − p)(m + ρ(V + m² − m)) + p²V,  Cov(gross, c) = p·V,
 *     recorded = gross − c: E = (1 − p)m, Var = V(1 − 2p) + Var c;
 *   the jitter reaches c with loading p·L and recorded with (1 − p)·L.
 *
 * The statistic for each kind of injection, over its window W (the months of its effect, cut at its
 * detection D, `detect_within`, when it lasts longer), on the injected panel's counts:
 * - downgrade (S1: reclassification, a ladder step, rape recorded as sexual assault): the mix of the
 *   moved-from code s and the moved-to code l. With r = (Σ_W(s − E s), Σ_W(l − E l)) and Σ their 2 × 2
 *   covariance, the generalised-least-squares contrast for "x crimes left s for l", d = (−1, +1):
 *   z = dᵀΣ⁻¹r / √(dᵀΣ⁻¹d), positive when crimes moved down (E z = x·√(dᵀΣ⁻¹d)). It is of the form
 *   (Σobs − Σμ)/√Σvar for the weighted difference w_l·l − w_s·s, w = Σ⁻¹d.
 * - no-crime spike (S2): the cancellations of the injected codes, z = Σ_W(c − E c)/√Σ_W Var, positive.
 * - drops (S3: sudden drop, cliff, year-end dip): the recorded counts of the injected codes,
 *   z = Σ_W(rec − E rec)/√Σ_W Var, negative for a drop. A year-end dip's window is its January–March;
 *   crimes deferred into April are not in it.
 * Normal theory: on clean data z ≈ N(0, 1) (tested over many cells); for counts of a few a month the
 * tails are skewed, so |z| ≥ 5 is the conservative cut-off it is.
 */
import { monthIndex } from '#core/series/months.ts';
import { type BenchmarkCell, type BenchmarkPanel, cellOf } from './generator.ts';

/** |oracle z| at or above which an injection counts as detectable (the constant). */
export const DETECTABLE_Z = 5;

export type OracleQuantity = 'recorded' | 'cancelled';

export interface OracleTerm {
  force: string;
  code: string;
  quantity: OracleQuantity;
}

export interface OracleResult {
  /** Signed: positive for a move down or a rise in cancellations, negative for a drop. */
  z: number;
  /** The statistic's observed sum and its expectation without the injection. */
  observed: number;
  expected: number;
  variance: number;
  /** What was summed, for the label. */
  statistic: string;
  /** The months summed (YYYY-MM), first and last. */
  from: string;
  to: string;
}

export interface CellMoments {
  mean: number;
  /** Variance given the month's jitter. */
  variance: number;
  /** ∂E/∂ε of the family's jitter. */
  loading: number;
}

/** The clean model's moments of one quantity of one cell in month t (see the header). */
export function cellMoments(cell: BenchmarkCell, quantity: OracleQuantity, t: number): CellMoments {
  const m = cell.expected[t]!;
  const v = cell.countVariance[t]!;
  const p = cell.cancelProbability[t]!;
  const rho = cell.icc;
  const varC = p * (1 - p) * (m + rho * Math.max(0, v + m * m - m)) + p * p * v;
  const loading = cell.jitterLoading[t]!;
  if (quantity === 'cancelled') return { mean: p * m, variance: varC, loading: p * loading };
  return { mean: (1 - p) * m, variance: v * (1 - 2 * p) + varC, loading: (1 - p) * loading };
}

interface Sums {
  residual: number[];
  observed: number[];
  expected: number[];
  cov: number[][];
}

/**
 * Residual sums of several components (each a set of terms) over months ts of the panel, and their
 * covariance: independent parts where components share a term, jitter parts through the families.
 */
function sums(panel: BenchmarkPanel, components: readonly OracleTerm[][], ts: readonly number[]): Sums {
  const k = components.length;
  const cells = components.map((terms) => terms.map((x) => ({ x, cell: cellOf(panel, x.force, x.code) })));
  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const cov = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const t of ts) {
    // family key → loading per component; term key → variance per component
    const loads = new Map<string, { variance: number; by: number[] }>();
    const own = new Map<string, { variance: number; in: Set<number> }>();
    cells.forEach((list, a) => {
      for (const { x, cell } of list) {
        const mo = cellMoments(cell, x.quantity, t);
        observed[a]! += (x.quantity === 'recorded' ? cell.recorded : cell.cancelled)[t] ?? 0;
        expected[a]! += mo.mean;
        const key = `${x.force}|${x.code}|${x.quantity}`;
        const o = own.get(key) ?? { variance: mo.variance, in: new Set<number>() };
        o.in.add(a);
        own.set(key, o);
        if (cell.mixFamily !== null && mo.loading !== 0) {
          const fk = `${x.force}|${cell.mixFamily}`;
          const l = loads.get(fk) ?? { variance: cell.jitterVariance, by: new Array<number>(k).fill(0) };
          l.by[a]! += mo.loading;
          loads.set(fk, l);
        }
      }
    });
    for (const o of own.values()) for (const a of o.in) for (const b of o.in) cov[a]![b]! += o.variance;
    for (const l of loads.values())
      for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) cov[a]![b]! += l.variance * l.by[a]! * l.by[b]!;
  }
  return { residual: observed.map((o, a) => o - expected[a]!), observed, expected, cov };
}

function monthRange(panel: BenchmarkPanel, from: string, count: number): number[] {
  const first = monthIndex(from) - monthIndex(panel.months[0]!);
  const ts: number[] = [];
  for (let i = 0; i < count; i++) if (first + i >= 0 && first + i < panel.months.length) ts.push(first + i);
  if (ts.length === 0) throw new RangeError(`the oracle window from ${from} lies outside the panel`);
  return ts;
}

/** z = (Σobs − Σμ)/√Σvar of the terms' total over `count` months from `from`. */
export function oracleSum(
  panel: BenchmarkPanel,
  terms: readonly OracleTerm[],
  from: string,
  count: number,
): OracleResult {
  const ts = monthRange(panel, from, count);
  const s = sums(panel, [[...terms]], ts);
  const variance = s.cov[0]![0]!;
  const quantity = [...new Set(terms.map((x) => x.quantity))].join('+');
  return {
    z: variance > 0 ? s.residual[0]! / Math.sqrt(variance) : 0,
    observed: s.observed[0]!,
    expected: s.expected[0]!,
    variance,
    statistic: `${quantity} of ${terms.map((x) => x.code).join(', ')}`,
    from: panel.months[ts[0]!]!,
    to: panel.months[ts[ts.length - 1]!]!,
  };
}

/**
 * The GLS contrast for crimes moved from `fromTerm` to `toTerm` (header): z = dᵀΣ⁻¹r/√(dᵀΣ⁻¹d) with
 * d = (−1, +1). `observed` and `expected` are those of the weighted difference w_l·l − w_s·s.
 */
export function oracleMove(
  panel: BenchmarkPanel,
  fromTerm: OracleTerm,
  toTerm: OracleTerm,
  from: string,
  count: number,
): OracleResult {
  const ts = monthRange(panel, from, count);
  const s = sums(panel, [[fromTerm], [toTerm]], ts);
  const [[a, b], [, d]] = s.cov as [[number, number], [number, number]];
  const det = a * d - b * b;
  let w: [number, number];
  if (det > 1e-9 * Math.max(1, a * d)) w = [(-d - b) / det, (b + a) / det];
  else w = [a > 0 ? -1 / a : 0, d > 0 ? 1 / d : 0];
  const info = -w[0] + w[1];
  const stat = w[0] * s.residual[0]! + w[1] * s.residual[1]!;
  return {
    z: info > 0 ? stat / Math.sqrt(info) : 0,
    observed: w[0] * s.observed[0]! + w[1] * s.observed[1]!,
    expected: w[0] * s.expected[0]! + w[1] * s.expected[1]!,
    variance: info,
    statistic: `GLS contrast of recorded ${toTerm.code} against ${fromTerm.code}`,
    from: panel.months[ts[0]!]!,
    to: panel.months[ts[ts.length - 1]!]!,
  };
}

/** What the oracle needs of a label. */
export interface OracleLabel {
  kind: string;
  forces: readonly string[];
  codes: readonly string[];
  to_code?: string;
  t0: string;
  duration: number;
  detect_within?: number;
}

/** Kinds whose oracle is the S1 move, the S2 cancellations or the S3 recorded counts. */
const MOVE_KINDS = new Set(['reclassification']);
const CANCEL_KINDS = new Set(['no_crime_spike']);
const DROP_KINDS = new Set(['sudden_drop', 'year_end_dip']);

/** The oracle of one injection on the injected panel (header); null for the negative controls. */
export function oracleForLabel(panel: BenchmarkPanel, label: OracleLabel): OracleResult | null {
  const force = label.forces[0]!;
  const months = Math.min(label.duration, label.detect_within ?? label.duration);
  if (MOVE_KINDS.has(label.kind) && label.to_code) {
    return oracleMove(
      panel,
      { force, code: label.codes[0]!, quantity: 'recorded' },
      { force, code: label.to_code, quantity: 'recorded' },
      label.t0,
      months,
    );
  }
  const quantity: OracleQuantity | null = CANCEL_KINDS.has(label.kind)
    ? 'cancelled'
    : DROP_KINDS.has(label.kind)
      ? 'recorded'
      : null;
  if (quantity === null) return null;
  return oracleSum(
    panel,
    label.codes.map((code) => ({ force, code, quantity })),
    label.t0,
    months,
  );
}
