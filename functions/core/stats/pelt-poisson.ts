/**
 * Changepoints in a monthly count series (signature 3A: sudden drops near targets) by PELT
 * with a Poisson cost that allows a seasonal×trend exposure and the MBIC penalty.
 *
 * References: Killick R, Fearnhead P, Eckley I A (2012) Optimal detection of changepoints with
 * a linear computational cost, JASA 107:1590 (PELT); Zhang N R, Siegmund D O (2007) A modified
 * Bayes information criterion with applications to the analysis of comparative genomic
 * hybridization data, Biometrics 63:22 (MBIC).
 * Segment cost for (a, b]: C = 2S(1 − ln(S/E))/φ̂ [+ ln(b − a) under MBIC], S = Σy, E = Σ exposure;
 * this is the minimised Poisson −2·log-likelihood up to terms that add across segments.
 * Recurrence F(0) = −β, F(b) = min_a [F(a) + C(a, b] + β], β = 3 ln n for MBIC.
 * With unit exposure this reproduces R changepoint 2.3 `cpt.meanvar(x, method = "PELT",
 * test.stat = "Poisson", penalty = "MBIC", minseglen = 2)`, whose cost 2S(ln n − ln S) differs by
 * the constant 2Σy (fixture D1; `oracle_py.py:op_poisson`).
 * Pruning: τ is dropped once F(τ) + C(τ, t] + K > F(t), with K = −ln n under MBIC (the length
 * term is the only non-superadditive part and ln(1/x + 1/y) > −ln n), 0 otherwise, and only for
 * future ends s ≥ t + minSegmentLength, so the result equals exhaustive optimal partitioning.
 * Assumptions: counts are Poisson (over-dispersion φ̂ supplied, e.g. the quasi-Poisson φ̂ of
 * glm-poisson.ts); the exposure carries the expected seasonal/trend shape, so that a change is a
 * shift in the level relative to it.
 * Returns: changepoints as R does (1-based index of the last period of each segment but the
 * final one), per-segment totals, mean count and rate S/E, and the penalised cost F(n).
 */

export interface PeltPoissonOptions {
  /** Expected intensity per period (seasonal × trend), any positive scale; default all 1. */
  exposure?: readonly number[];
  /** 'MBIC' (default): β = 3 ln n and + ln(segment length) per segment. Otherwise a manual β. */
  penalty?: 'MBIC' | { value: number; lengthTerm?: boolean };
  /** Over-dispersion φ̂ dividing the Poisson part of the cost; default 1. */
  dispersion?: number;
  /** Minimum segment length; default 2 (as changepoint's minseglen for meanvar). */
  minSegmentLength?: number;
}

export interface PoissonSegment {
  /** 1-based first and last period. */
  start: number;
  end: number;
  total: number;
  exposure: number;
  /** Mean count per period, Σy / length (R `param.est(cp)$lambda` with unit exposure). */
  mean: number;
  /** Level relative to the exposure, S / E. */
  rate: number;
}

export interface PeltPoissonResult {
  changepoints: number[];
  segments: PoissonSegment[];
  penalty: number;
  /** F(n) = Σ segment costs + β × (number of changepoints). */
  penalisedCost: number;
  segmentCost: number;
}

export function peltPoisson(y: readonly number[], options: PeltPoissonOptions = {}): PeltPoissonResult {
  const n = y.length;
  const minLen = options.minSegmentLength ?? 2;
  const phi = options.dispersion ?? 1;
  const exposure = options.exposure ?? y.map(() => 1);
  if (exposure.length !== n) throw new RangeError('exposure and counts differ in length');
  if (!Number.isInteger(minLen) || minLen < 1)
    throw new RangeError('minSegmentLength must be a positive integer');
  if (n < minLen) throw new RangeError(`series of length ${n} is shorter than one segment`);
  if (!(phi > 0)) throw new RangeError('dispersion must be positive');
  y.forEach((v, i) => {
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`invalid count ${v} at ${i + 1}`);
    if (!((exposure[i] as number) > 0)) throw new RangeError(`exposure must be positive at ${i + 1}`);
  });
  const spec = options.penalty ?? 'MBIC';
  const beta = spec === 'MBIC' ? 3 * Math.log(n) : spec.value;
  const lengthTerm = spec === 'MBIC' ? true : (spec.lengthTerm ?? false);
  const pruneSlack = lengthTerm ? -Math.log(n) : 0;

  const cy = new Float64Array(n + 1);
  const ce = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    cy[i + 1] = (cy[i] as number) + (y[i] as number);
    ce[i + 1] = (ce[i] as number) + (exposure[i] as number);
  }
  const cost = (a: number, b: number): number => {
    const s = (cy[b] as number) - (cy[a] as number);
    const e = (ce[b] as number) - (ce[a] as number);
    const poisson = s > 0 ? (2 * s * (1 - Math.log(s / e))) / phi : 0;
    return poisson + (lengthTerm ? Math.log(b - a) : 0);
  };

  const F = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
  const last = new Int32Array(n + 1).fill(-1);
  F[0] = -beta;
  let active: number[] = [0];
  // Time from which a pruned τ is no longer a candidate.
  const retiredFrom = new Map<number, number>();
  for (let t = minLen; t <= n; t++) {
    active = active.filter((tau) => (retiredFrom.get(tau) ?? Number.POSITIVE_INFINITY) > t);
    const eligible = active.filter((tau) => t - tau >= minLen);
    const values = eligible.map((tau) => (F[tau] as number) + cost(tau, t));
    let best = Number.POSITIVE_INFINITY;
    let arg = -1;
    values.forEach((v, k) => {
      if (v + beta < best) {
        best = v + beta;
        arg = eligible[k] as number;
      }
    });
    F[t] = best;
    last[t] = arg;
    values.forEach((v, k) => {
      const tau = eligible[k] as number;
      if (v + pruneSlack > best && !retiredFrom.has(tau)) retiredFrom.set(tau, t + minLen);
    });
    if (Number.isFinite(best)) active.push(t);
  }

  const changepoints: number[] = [];
  for (let t = n; (last[t] as number) > 0; t = last[t] as number) changepoints.push(last[t] as number);
  changepoints.reverse();
  const bounds = [0, ...changepoints, n];
  const segments: PoissonSegment[] = [];
  let segmentCost = 0;
  for (let k = 0; k + 1 < bounds.length; k++) {
    const a = bounds[k] as number;
    const b = bounds[k + 1] as number;
    const total = (cy[b] as number) - (cy[a] as number);
    const exp = (ce[b] as number) - (ce[a] as number);
    segments.push({ start: a + 1, end: b, total, exposure: exp, mean: total / (b - a), rate: total / exp });
    segmentCost += cost(a, b);
  }
  return { changepoints, segments, penalty: beta, penalisedCost: F[n] as number, segmentCost };
}
