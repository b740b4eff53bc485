// The no-crime check's beta-binomial p-chart: the moment fit, the window test against a hand-computed
// case, and the calibration of the reported (predictive) p-value under an overdispersed null.
import { describe, expect, it } from 'vitest';
import {
  countsOf,
  momentFit,
  predictivePValue,
  SCREEN_P,
  testWindow,
  windowResult,
} from '#core/checks/no-crime/chart.ts';
import { betaShapeFromMeanIcc } from '#core/stats/beta-binomial.ts';
import { createRng, randomBetaBinomial } from '#core/stats/random.ts';

/** P(Y = k) for Y ~ BetaBin(n, a, b) from rising factorials: independent of the betaln route. */
function bbPmf(k: number, n: number, a: number, b: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  let num = 1;
  for (let i = 0; i < k; i++) num *= a + i;
  for (let j = 0; j < n - k; j++) num *= b + j;
  let den = 1;
  for (let m = 0; m < n; m++) den *= a + b + m;
  return (c * num) / den;
}

describe('momentFit', () => {
  it('gives the pooled rate and the Pearson-moment ICC', () => {
    // μ = 9/150 = 0.06; X² = (4 + 0 + 4)/(50 · 0.06 · 0.94) = 2.8369; D = 3 · 49 · (1 − 1/3) = 98.
    const fit = momentFit([1, 3, 5], [50, 50, 50])!;
    expect(fit.mu).toBeCloseTo(0.06, 12);
    expect(fit.x2).toBeCloseTo(8 / (50 * 0.06 * 0.94), 10);
    expect(fit.d).toBeCloseTo(98, 10);
    expect(fit.rho).toBeCloseTo((8 / (50 * 0.06 * 0.94) - 2) / 98, 10);
    expect(fit.df).toBe(2);
  });

  it('puts ρ at 0 when the months vary less than binomially, and refuses all-zero data', () => {
    expect(momentFit([2, 2], [100, 100])!.rho).toBe(0);
    expect(momentFit([0, 0, 0], [40, 50, 60])).toBeNull();
  });
});

describe('testWindow and the reported p-value', () => {
  it('matches a hand-computed beta-binomial tail', () => {
    // Baseline 2/100, 2/100: μ = 0.02, ρ̂ = 0. Window 3 of 10:
    // V = μ(1−μ)[10 + 10² · 200/200²] = μ(1−μ) · 10.5, ρ_eff = (10.5/10 − 1)/9 = 1/180,
    // a = 0.02 · 179 = 3.58, b = 0.98 · 179 = 175.42, P(Y ≥ 3) = 1 − Σ_{k<3} P(Y = k).
    const fit = momentFit([2, 2], [100, 100])!;
    const t = testWindow(countsOf([3], [10]), fit);
    expect(t.rhoEff).toBeCloseTo(1 / 180, 14);
    expect(t.expected).toBeCloseTo(0.2, 14);
    const byHand = 1 - bbPmf(0, 10, 3.58, 175.42) - bbPmf(1, 10, 3.58, 175.42) - bbPmf(2, 10, 3.58, 175.42);
    expect(byHand).toBeCloseTo(0.0015585952892856, 13);
    expect(t.pValue).toBeCloseTo(byHand, 12);
    // X² = 0: every quadrature point has ρ = 0, so the predictive p is the plug-in one.
    const r = windowResult(countsOf([3], [10]), fit);
    expect(r.predictive).toBeCloseTo(byHand, 12);
    expect(r.pValue).toBeCloseTo(byHand, 12);
  });

  it('reports the plug-in p alone when it is not below the screen', () => {
    const fit = momentFit([5, 6, 4, 5], [100, 100, 100, 100])!;
    const r = windowResult(countsOf([5], [100]), fit);
    expect(r.plugIn.pValue).toBeGreaterThanOrEqual(SCREEN_P);
    expect(r.predictive).toBeNull();
    expect(r.pValue).toBe(r.plugIn.pValue);
  });

  it('widens the tail for the uncertainty of ρ̂ and honours the ρ floor', () => {
    const y = [30, 22, 41, 25, 35, 19, 28, 44, 26, 31, 24, 38, 27, 33, 21, 36, 29, 40];
    const n = y.map(() => 1000);
    const fit = momentFit(y, n)!;
    expect(fit.rho).toBeGreaterThan(0);
    const w = countsOf([70, 66, 72], [1000, 1000, 1000]);
    const plug = testWindow(w, fit).pValue;
    const pred = predictivePValue(w, fit);
    expect(pred).toBeGreaterThan(plug);
    const floored = windowResult(w, fit, 0.01);
    expect(floored.plugIn.pValue).toBeGreaterThan(plug);
    expect(floored.pValue).toBeGreaterThan(pred);
  });

  it('gives the log-ratio contrast and its SE for the peer comparison', () => {
    const fit = momentFit([10, 10], [500, 500])!;
    const t = testWindow(countsOf([30], [500]), fit);
    expect(t.rateRatio).toBeCloseTo(3, 12);
    expect(t.logRatio).toBeCloseTo(Math.log(30.5 / 10.5), 12);
    expect(t.logRatioSe).toBeCloseTo(Math.sqrt(t.variance) / 10.5, 12);
  });
});

describe('calibration of the reported p-value under a beta-binomial null', () => {
  // 26 baseline months and a 3-month window, n ≈ 800 a month, μ = 3%, ρ = 0.005 (monthly rate CV ≈ 40%).
  it('rejects at about the nominal rate (seeded)', () => {
    const rng = createRng(20240601);
    const { a, b } = betaShapeFromMeanIcc(0.03, 0.005);
    const draw = (m: number) => {
      const n = Array.from({ length: m }, () => 700 + Math.floor(200 * rng()));
      return { n, y: n.map((ni) => randomBetaBinomial(rng, ni, a, b)) };
    };
    let below01 = 0;
    let below001 = 0;
    const reps = 4000;
    for (let r = 0; r < reps; r++) {
      const base = draw(26);
      const win = draw(3);
      const p = windowResult(countsOf(win.y, win.n), momentFit(base.y, base.n)!).pValue;
      if (p < 0.01) below01++;
      if (p < 0.001) below001++;
    }
    // Nominal: 40 and 4. The plug-in p alone gives about twice as many (see chart.ts).
    expect(below01 / reps).toBeLessThan(0.015);
    expect(below001 / reps).toBeLessThan(0.0025);
    expect(below01).toBeGreaterThan(10); // not degenerate: the test does reject sometimes
  });
});
