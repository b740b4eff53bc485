import { describe, expect, it } from 'vitest';
import { peltPoisson } from '#core/stats/pelt-poisson.ts';
import { asArray, expectRelClose, goldenPy, goldenR } from './golden.ts';

const D1 = goldenR().D1;
const PY = goldenPy().pelt;
const n = D1.x.length;

/** Exhaustive optimal partitioning, written independently of the PELT code (oracle_py.py:op_poisson). */
function optimalPartitioning(
  x: readonly number[],
  pen: number,
  lengthTerm: boolean,
  minLen: number,
): number[] {
  const cs = [0];
  for (const v of x) cs.push((cs.at(-1) as number) + v);
  const N = x.length;
  const F = new Array<number>(N + 1).fill(Number.POSITIVE_INFINITY);
  const last = new Array<number>(N + 1).fill(0);
  F[0] = -pen;
  for (let t = minLen; t <= N; t++) {
    const cands = [0];
    for (let k = minLen; k <= t - minLen; k++) cands.push(k);
    for (const tau of cands) {
      const s = (cs[t] as number) - (cs[tau] as number);
      const len = t - tau;
      const c = (s === 0 ? 0 : 2 * s * (Math.log(len) - Math.log(s))) + (lengthTerm ? Math.log(len) : 0);
      const v = (F[tau] as number) + c + pen;
      if (v < (F[t] as number)) {
        F[t] = v;
        last[t] = tau;
      }
    }
  }
  const cps: number[] = [];
  for (let t = N; (last[t] as number) > 0; t = last[t] as number) cps.push(last[t] as number);
  return cps.reverse();
}

describe('peltPoisson (fixture D1: seasonal Poisson series, 20% drop from t = 37)', () => {
  it('raw counts, MBIC: R cpt.meanvar(x, "PELT", test.stat = "Poisson", penalty = "MBIC", minseglen = 2) → 35', () => {
    const r = peltPoisson(D1.x);
    expect(r.changepoints).toEqual(asArray(D1.changepoint.pelt_mbic_cpts));
    expect(r.changepoints).toEqual(PY.mbic);
    // pen.value(cp1) = 3 ln 48 = 11.6136 (1e-12 relative).
    expectRelClose([r.penalty], [D1.changepoint.pelt_mbic_pen], 1e-12);
    // param.est(cp1)$lambda: segment means (1e-12 relative).
    expectRelClose(
      r.segments.map((s) => s.mean),
      D1.changepoint.pelt_mbic_means,
      1e-12,
    );
  });

  it('manual penalty 2 ln n without the length term: R penalty = "Manual", pen.value = "2*log(n)" → 4, 23, 26, 35', () => {
    const r = peltPoisson(D1.x, { penalty: { value: 2 * Math.log(n) } });
    expect(r.changepoints).toEqual(asArray(D1.changepoint.pelt_manual2logn_cpts));
    expect(r.changepoints).toEqual(PY.manual_2logn);
  });

  it('deseasonalised counts, MBIC: R cpt.meanvar(x_deseason, ...) → 36', () => {
    const r = peltPoisson(D1.changepoint.x_deseason);
    expect(r.changepoints).toEqual(asArray(D1.changepoint.pelt_mbic_deseason_cpts));
    expect(r.changepoints).toEqual(PY.mbic_deseason);
  });

  it('raw counts with the seasonal exposure (the pre-drop shape of mu) → 36, the true change', () => {
    // Not an R fixture: METHODS.md 3A's seasonal-exposure cost. Exposure = mu for year 1, repeated,
    // i.e. the seasonal factor 1 + 0.1 cos(2π(t − 7)/12) of oracle_r.R without the 0.8 drop.
    const exposure = D1.mu.map((_, i) => D1.mu[i % 12] as number);
    const r = peltPoisson(D1.x, { exposure });
    expect(r.changepoints).toEqual([36]);
    const [before, after] = r.segments as [(typeof r.segments)[0], (typeof r.segments)[0]];
    // The level relative to the seasonal expectation falls by about the injected 20%.
    expect(after.rate / before.rate).toBeGreaterThan(0.75);
    expect(after.rate / before.rate).toBeLessThan(0.85);
  });

  it('an exposure that already contains the drop explains it away (no changepoint)', () => {
    expect(peltPoisson(D1.x, { exposure: D1.mu }).changepoints).toEqual([]);
  });

  it('reports the penalised cost F(n) = Σ segment costs + β × #changepoints', () => {
    const r = peltPoisson(D1.x);
    expect(r.penalisedCost).toBeCloseTo(r.segmentCost + r.penalty * r.changepoints.length, 8);
  });

  it('over-dispersion φ̂ shrinks the evidence: with φ̂ = 50 the D1 drop is no longer a changepoint', () => {
    expect(peltPoisson(D1.x, { dispersion: 50 }).changepoints).toEqual([]);
  });

  it('pruning never changes the answer: equals exhaustive optimal partitioning on 200 random series', () => {
    let seed = 12345;
    const rnd = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let rep = 0; rep < 200; rep++) {
      const len = 10 + Math.floor(rnd() * 70);
      let lambda = 5 + rnd() * 50;
      const xs: number[] = [];
      for (let i = 0; i < len; i++) {
        if (rnd() < 0.08) lambda = 1 + rnd() * 60;
        let k = 0;
        let p = Math.exp(-lambda);
        let cdf = p;
        const u = rnd();
        while (u > cdf) {
          k += 1;
          p *= lambda / k;
          cdf += p;
        }
        xs.push(k);
      }
      const minLen = 1 + (rep % 3);
      expect(peltPoisson(xs, { minSegmentLength: minLen }).changepoints).toEqual(
        optimalPartitioning(xs, 3 * Math.log(len), true, minLen),
      );
      expect(
        peltPoisson(xs, { penalty: { value: 2 * Math.log(len) }, minSegmentLength: minLen }).changepoints,
      ).toEqual(optimalPartitioning(xs, 2 * Math.log(len), false, minLen));
    }
  });

  it('rejects non-positive exposure and series shorter than one segment', () => {
    expect(() => peltPoisson([1, 2, 3], { exposure: [1, 0, 1] })).toThrow(RangeError);
    expect(() => peltPoisson([4])).toThrow(RangeError);
  });
});
