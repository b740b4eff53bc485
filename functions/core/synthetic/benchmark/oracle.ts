/**
 * The benchmark's oracle: how clearly an injection stands out of what the generator itself makes
 * unpredictable. The definition (#9): the oracle z is "the injected window's observed counts
 * against the generator's own expectation without the injection, with every source of noise the
 * generator adds (Poisson, overdispersion, offence-mix drift, trends) in the variance". |z| ≥ 5 is
 * "detectable", and recall targets count only detectable injections.
 *
 * It is a predictive oracle: it knows every path of the generator exactly up to the month before the
 * window (what a force's own history reveals) and predicts the window forward from there.
 * - Known over the window (in the mean): what peers or the series' own history pin down — seasons, the
 *   national AR(1) shock, the COVID-19 shock and the national code trends (every force shares them, so
 *   peers reveal them), the static rates, and the deterministic slopes drawn once per series (force,
 *   force × group, force × code, and the force × group trend's bend), extrapolated.
 * - Forecast (forecast.ts): the force's random paths, from their value at t0 − 1 — the force AR(1)
 *   shock decays to its mean, the force × group walk, the family's logit mix walk and the force's
 *   logit cancellation drift stay at their last value. The mean is the clean model's expectation with
 *   the paths at their forecasts (the log-normal ½s² correction, ≤ 0.3% of the mean, is left out).
 * - Variance = noise + paths.
 *   noise, month by month and independent across months, at the forecast state:
 *   gross count | paths, jitter ~ gamma-Poisson: Var = μ + μ²/k (Poisson, then overdispersion);
 *   the family's logit mix jitter ε ~ N(0, σ²), which moves the family's codes together (a loading
 *   L = ∂E[gross]/∂ε per code, so codes of one family covary: σ²·L_i·L_j);
 *   cancellations | gross ~ beta-binomial(gross, p, ρ): with m = E gross, V = μ + μ²/k,
 *     E c = p·m,  Var c = p(1 − p)(m + ρ(V + m² − m)) + p²V,  Cov(gross, c) = p·V,
 *     recorded = gross − c: E = (1 − p)m, Var = V(1 − 2p) + Var c;
 *   the jitter reaches c with loading p·L and recorded with (1 − p)·L.
 *   paths, the forward innovations of every random path over the window, by the delta method: a count
 *   of mean μ_t moves by g_t·e_t for a path error e_t, g_t = ∂μ_t/∂x_t — μ_t for the shock and the
 *   group walk (they enter the log mean), the jitter loading for the mix walk (walk and jitter enter
 *   the same logit), ±p(1 − p)m for the cancellation drift (+ cancelled, − recorded). A window sum's
 *   path variance is Σ_i Σ_j g_i g_j Cov(e_i, e_j) with the forecast errors' covariance across months
 *   (a walk's grows with the months ahead), summed over the paths the summed cells share.
 *   `variance_parts` reports the two parts.
 *
 * The statistic for each kind of injection, over its window W (the months of its effect, cut at its
 * detection D, `detect_within`, when it lasts longer), on the injected panel's counts:
 * - downgrade (S1: reclassification, a ladder step, rape recorded as sexual assault): the mix of the
 *   moved-from code s and the moved-to code l. With r = (Σ_W(s − E s), Σ_W(l − E l)) and Σ their 2 × 2
 *   covariance (the mix walk moves a family's two sides apart, so it is in Σ), the generalised-least-
 *   squares contrast for "x crimes left s for l", d = (−1, +1):
 *   z = dᵀΣ⁻¹r / √(dᵀΣ⁻¹d), positive when crimes moved down (E z = x·√(dᵀΣ⁻¹d)). It is of the form
 *   (Σobs − Σμ)/√Σvar for the weighted difference w_l·l − w_s·s, w = Σ⁻¹d.
 * - no-crime spike (S2): the cancellations of the injected codes, z = Σ_W(c − E c)/√Var, positive.
 * - drops (S3: sudden drop, cliff, year-end dip): the recorded counts of the injected codes,
 *   z = Σ_W(rec − E rec)/√Var, negative for a drop. A year-end dip's window is its January–March;
 *   crimes deferred into April are not in it.
 * Normal theory: on clean data z ≈ N(0, 1) (tested over many windows); for counts of a few a month the
 * tails are skewed, so |z| ≥ 5 is the conservative cut-off it is.
 */
import { monthIndex } from '#core/series/months.ts';
import { forecastMean, type RandomPath, windowCovariance } from './forecast.ts';
import { type BenchmarkCell, type BenchmarkPanel, cellOf } from './generator.ts';
import { expit, logit, mixMoments } from './mix.ts';

/** |oracle z| at or above which an injection counts as detectable (the constant). */
export const DETECTABLE_Z = 5;

export type OracleQuantity = 'recorded' | 'cancelled';

export interface OracleTerm {
  force: string;
  code: string;
  quantity: OracleQuantity;
}

/** The statistic's variance split into month-to-month noise and the random paths' forward innovations. */
export interface VarianceParts {
  noise: number;
  paths: number;
}

export interface OracleResult {
  /** Signed: positive for a move down or a rise in cancellations, negative for a drop. */
  z: number;
  /** The statistic's observed sum and its expectation without the injection. */
  observed: number;
  expected: number;
  variance: number;
  /** variance = noise + paths (header). */
  variance_parts: VarianceParts;
  /** What was summed, for the label. */
  statistic: string;
  /** The months summed (YYYY-MM), first and last. */
  from: string;
  to: string;
}

/** One path's effect on a quantity: ∂E[quantity]/∂x_t at the forecast (header). */
export interface PathGradient {
  path: RandomPath;
  gradient: number;
}

export interface CellMoments {
  mean: number;
  /** Variance given the month's jitter and the paths (the noise part). */
  variance: number;
  /** ∂E/∂ε of the family's jitter. */
  loading: number;
  paths: PathGradient[];
}

/**
 * The clean model's moments of one quantity of one cell in month t of a window whose first month is
 * `origin`, the random paths at their forecasts from month origin − 1 (header).
 */
export function cellMoments(
  cell: BenchmarkCell,
  quantity: OracleQuantity,
  t: number,
  origin: number,
): CellMoments {
  let shift = 0;
  for (const path of cell.logPaths) shift += forecastMean(path, origin, t) - path.values[t]!;
  let m = cell.expected[t]! * Math.exp(shift);
  let gLoading = 0;
  const mw = cell.mixWalk;
  if (mw !== null) {
    const now = mixMoments(mw.pi0, logit(mw.pi0) + mw.walk.values[t]!, cell.jitterVariance, mw.serious);
    const next = mixMoments(
      mw.pi0,
      logit(mw.pi0) + forecastMean(mw.walk, origin, t),
      cell.jitterVariance,
      mw.serious,
    );
    const level = m / now.mean;
    m = level * next.mean;
    gLoading = level * next.loading;
  }
  const drift = cell.cancelDrift;
  const p = expit(logit(cell.cancelProbability[t]!) - drift.values[t]! + forecastMean(drift, origin, t));
  const v = m + (m * m) / cell.dispersion;
  const rho = cell.icc;
  const varC = p * (1 - p) * (m + rho * Math.max(0, v + m * m - m)) + p * p * v;
  const share = quantity === 'cancelled' ? p : 1 - p;
  const mean = share * m;
  const loading = share * gLoading;
  const paths: PathGradient[] = cell.logPaths.map((path) => ({ path, gradient: mean }));
  if (mw !== null) paths.push({ path: mw.walk, gradient: loading });
  paths.push({ path: drift, gradient: (quantity === 'cancelled' ? 1 : -1) * p * (1 - p) * m });
  const variance = quantity === 'cancelled' ? varC : v * (1 - 2 * p) + varC;
  return { mean, variance, loading, paths };
}

interface Sums {
  residual: number[];
  observed: number[];
  expected: number[];
  /** Covariance of the components' residual sums: noise, paths and their total. */
  noise: number[][];
  paths: number[][];
  cov: number[][];
}

const square = (k: number) => Array.from({ length: k }, () => new Array<number>(k).fill(0));

/**
 * Residual sums of several components (each a set of terms) over the contiguous months ts of the
 * panel, and their covariance: independent noise where components share a term, jitter through the
 * families, and the forward innovations of the random paths the terms share (header).
 */
function sums(panel: BenchmarkPanel, components: readonly OracleTerm[][], ts: readonly number[]): Sums {
  const k = components.length;
  const origin = ts[0]!;
  const cells = components.map((terms) => terms.map((x) => ({ x, cell: cellOf(panel, x.force, x.code) })));
  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const noise = square(k);
  // force|path key → the path and its gradient per component and window month
  const grads = new Map<string, { path: RandomPath; g: number[][] }>();
  ts.forEach((t, i) => {
    // family key → loading per component; term key → variance per component
    const loads = new Map<string, { variance: number; by: number[] }>();
    const own = new Map<string, { variance: number; in: Set<number> }>();
    cells.forEach((list, a) => {
      for (const { x, cell } of list) {
        const mo = cellMoments(cell, x.quantity, t, origin);
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
        for (const { path, gradient } of mo.paths) {
          const pk = `${x.force}|${path.key}`;
          let e = grads.get(pk);
          if (!e) {
            e = { path, g: Array.from({ length: k }, () => new Array<number>(ts.length).fill(0)) };
            grads.set(pk, e);
          }
          e.g[a]![i]! += gradient;
        }
      }
    });
    for (const o of own.values()) for (const a of o.in) for (const b of o.in) noise[a]![b]! += o.variance;
    for (const l of loads.values())
      for (let a = 0; a < k; a++)
        for (let b = 0; b < k; b++) noise[a]![b]! += l.variance * l.by[a]! * l.by[b]!;
  });
  const paths = square(k);
  for (const { path, g } of grads.values())
    for (let a = 0; a < k; a++)
      for (let b = a; b < k; b++) {
        const c = windowCovariance(path, origin, g[a]!, g[b]!);
        paths[a]![b]! += c;
        if (b !== a) paths[b]![a]! += c;
      }
  const cov = noise.map((row, a) => row.map((v, b) => v + paths[a]![b]!));
  return { residual: observed.map((o, a) => o - expected[a]!), observed, expected, noise, paths, cov };
}

function monthRange(panel: BenchmarkPanel, from: string, count: number): number[] {
  const first = monthIndex(from) - monthIndex(panel.months[0]!);
  const ts: number[] = [];
  for (let i = 0; i < count; i++) if (first + i >= 0 && first + i < panel.months.length) ts.push(first + i);
  if (ts.length === 0) throw new RangeError(`the oracle window from ${from} lies outside the panel`);
  return ts;
}

/** z = (Σobs − Σμ)/√Var of the terms' total over `count` months from `from`. */
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
    variance_parts: { noise: s.noise[0]![0]!, paths: s.paths[0]![0]! },
    statistic: `${quantity} of ${terms.map((x) => x.code).join(', ')}`,
    from: panel.months[ts[0]!]!,
    to: panel.months[ts[ts.length - 1]!]!,
  };
}

const quadratic = (w: readonly number[], m: number[][]) =>
  w.reduce((acc, wa, a) => acc + w.reduce((inner, wb, b) => inner + wa * wb * m[a]![b]!, 0), 0);

/**
 * The GLS contrast for crimes moved from `fromTerm` to `toTerm` (header): z = dᵀΣ⁻¹r/√(dᵀΣ⁻¹d) with
 * d = (−1, +1). `observed` and `expected` are those of the weighted difference w_l·l − w_s·s; its
 * variance parts are wᵀΣ_noise·w and wᵀΣ_paths·w, scaled to sum to the variance.
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
  const qn = quadratic(w, s.noise);
  const qp = quadratic(w, s.paths);
  const scale = qn + qp > 0 ? info / (qn + qp) : 0;
  return {
    z: info > 0 ? stat / Math.sqrt(info) : 0,
    observed: w[0] * s.observed[0]! + w[1] * s.observed[1]!,
    expected: w[0] * s.expected[0]! + w[1] * s.expected[1]!,
    variance: info,
    variance_parts: { noise: qn * scale, paths: qp * scale },
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
