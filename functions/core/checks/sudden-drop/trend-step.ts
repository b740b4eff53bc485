/**
 * The level-shift test proper (rule 2.0.0): a step against the force's own local trend relative to
 * its peers, not only against its level. For a change at period τ the log ratio of the force's count
 * to its peers' sum, r_t = ln((y_t + ½)/(e_t + ½)), is fitted over a pre window (up to three years
 * before τ) and the post window by a linear trend with a level break at τ (stats/broken-trend.ts:
 * Perron 1989 model A, a comparative interrupted time series). The peers absorb seasonality and
 * national shocks; the trend absorbs a force drifting away from its peers by a few per cent a year,
 * which a level comparison mistakes for a drop. v_t = φ̂(1/(R e_t) + 1/e_t), the quasi-Poisson
 * delta-method variance of r_t at the series' mean ratio R (so weights do not depend on the month's
 * own count, which would bias δ̂ down).
 *
 * `scanCorrelations` gives the correlation of each candidate change's step with the next one's under
 * the same working variances: what stats/scan-bound.ts needs to turn the reported (selected) step into
 * an honest p-value over every position the changepoint search could have picked.
 */
import { type BrokenTrendFit, brokenTrend } from '#core/stats/broken-trend.ts';
import type { PeerComparison } from './comparison.ts';

/** The log ratio and its working variance at every usable position of a comparison. */
interface LogRatios {
  r: Float64Array;
  v: Float64Array;
  /** R: the series' ratio of counts to the peers' sum, (Σy + ½)/Σe, at which v is taken. */
  ratio: number;
}

const ratios = new WeakMap<PeerComparison, LogRatios>();

function logRatios(c: PeerComparison): LogRatios {
  let lr = ratios.get(c);
  if (lr) return lr;
  const n = c.y.length;
  const total = c.index.length;
  const ratio = total > 0 ? (c.cy[n]! + 0.5) / Math.max(c.ce[n]!, 0.5) : 1;
  const r = new Float64Array(n).fill(Number.NaN);
  const v = new Float64Array(n).fill(Number.NaN);
  for (const t of c.index) {
    r[t] = Math.log((c.y[t]! + 0.5) / (c.e[t]! + 0.5));
    v[t] = c.phi * (1 / Math.max(ratio * c.e[t]!, 0.5) + 1 / c.e[t]!);
  }
  lr = { r, v, ratio };
  ratios.set(c, lr);
  return lr;
}

/** The fewest pre-window periods whose level the shared slope can anchor. */
const MIN_PRE_FOR_SHARED_SLOPE = 3;

/** Which baseline a step was measured against. */
export type StepBaseline = 'local_trend' | 'level';

export interface TrendStep {
  baseline: StepBaseline;
  /** Usable periods of each window. */
  prePeriods: number;
  postPeriods: number;
  fit: BrokenTrendFit;
  observed: number;
  /** Σ over the post window of the peers' sum × the force's extrapolated trend ratio. */
  expected: number;
  /** R of the working variances. */
  workingRatio: number;
}

/**
 * The step at the first usable period of `post`, fitted over the usable periods of `pre` and `post`
 * (inclusive positions); a trend when the pre window has at least `minTrendPeriods`, or at least
 * MIN_PRE_FOR_SHARED_SLOPE and both windows together have `minTrendPeriods`. Null when
 * either window has no usable period.
 */
export function trendStep(
  c: PeerComparison,
  pre: readonly [number, number],
  post: readonly [number, number],
  minTrendPeriods: number,
): TrendStep | null {
  const { r, v, ratio } = logRatios(c);
  const t: number[] = [];
  const rs: number[] = [];
  const vs: number[] = [];
  const isPost: boolean[] = [];
  let prePeriods = 0;
  let postPeriods = 0;
  for (const [a, b, after] of [[pre[0], pre[1], false] as const, [post[0], post[1], true] as const])
    for (let s = a; s <= b; s++) {
      if (Number.isNaN(r[s]!)) continue;
      t.push(s);
      rs.push(r[s]!);
      vs.push(v[s]!);
      isPost.push(after);
      if (after) postPeriods++;
      else prePeriods++;
    }
  if (prePeriods === 0 || postPeriods === 0) return null;
  // Model A's slope is common to both windows, so a short pre window (a change near the start of the
  // data) borrows the trend of the post window instead of being compared as a level: a level
  // comparison reads a force drifting from its peers as a step (rule 2.1.0).
  const slope =
    prePeriods >= minTrendPeriods ||
    (prePeriods >= MIN_PRE_FOR_SHARED_SLOPE && prePeriods + postPeriods >= minTrendPeriods);
  const fit = brokenTrend({ t, r: rs, v: vs, post: isPost, slope });
  let observed = 0;
  let expected = 0;
  const t0 = t[isPost.indexOf(true)]!;
  for (let k = 0; k < t.length; k++) {
    if (!isPost[k]) continue;
    const s = t[k]!;
    observed += c.y[s]!;
    expected += (c.e[s]! + 0.5) * Math.exp(fit.alpha + fit.beta * (s - t0)) - 0.5;
  }
  const baseline = slope ? 'local_trend' : 'level';
  return { baseline, prePeriods, postPeriods, fit, observed, expected, workingRatio: ratio };
}

/** The pre window of a change at usable position i: the `cap` usable periods before it. */
export function preWindowBefore(c: PeerComparison, i: number, cap: number): readonly [number, number] {
  return [c.index[Math.max(0, i - cap)]!, c.index[i - 1]!];
}

/** The post window of a change at usable position i: up to `cap` usable periods from it. */
export function postWindowFrom(c: PeerComparison, i: number, cap: number): readonly [number, number] {
  return [c.index[i]!, c.index[Math.min(c.index.length - 1, i + cap - 1)]!];
}

/**
 * Correlations of neighbouring candidate steps: a change at every usable position with at least
 * `minSide` usable periods on each side, each with the windows the test uses. corr(δ̂_i, δ̂_{i+1}) =
 * Σ_t c_i(t) c_{i+1}(t) v_t / (SE_i SE_{i+1}), the contrasts of stats/broken-trend.ts.
 */
export function scanCorrelations(
  c: PeerComparison,
  windows: { preCap: number; postCap: number; minSide: number; minTrendPeriods: number },
): number[] {
  const { v } = logRatios(c);
  const n = c.index.length;
  // Contrasts by period position; `prev` holds the previous candidate's over [prevFrom, prevTo].
  let prev = new Float64Array(c.y.length);
  let cur = new Float64Array(c.y.length);
  let prevSe = 0;
  let prevFrom = -1;
  let prevTo = -1;
  const out: number[] = [];
  for (let i = windows.minSide; i <= n - windows.minSide; i++) {
    const pre = preWindowBefore(c, i, windows.preCap);
    const post = postWindowFrom(c, i, windows.postCap);
    const step = trendStep(c, pre, post, windows.minTrendPeriods);
    if (!step) continue;
    let k = 0;
    for (let s = pre[0]; s <= post[1]; s++) {
      cur[s] = 0;
      if (!Number.isNaN(v[s]!)) cur[s] = step.fit.contrast[k++]!;
    }
    if (prevFrom >= 0) {
      let cov = 0;
      const from = Math.max(prevFrom, pre[0]);
      const to = Math.min(prevTo, post[1]);
      for (let s = from; s <= to; s++) if (!Number.isNaN(v[s]!)) cov += cur[s]! * prev[s]! * v[s]!;
      out.push(cov / (step.fit.se * prevSe));
    }
    [prev, cur] = [cur, prev];
    prevSe = step.fit.se;
    prevFrom = pre[0];
    prevTo = post[1];
  }
  return out;
}
