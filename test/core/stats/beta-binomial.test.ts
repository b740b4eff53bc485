import { describe, expect, it } from 'vitest';
import {
  betaBinomialLogPmf,
  betaBinomialUpper,
  betaBinomialUpperMeanIcc,
  betaShapeFromMeanIcc,
  fitBetaBinomial,
  laneyPPrime,
} from '#core/stats/beta-binomial.ts';
import { binomialUpper } from '#core/stats/distributions.ts';
import { expectRelClose, goldenPy, goldenR } from './golden.ts';

const R = goldenR();

describe('fitBetaBinomial (fixture D3, 43 forces)', () => {
  const fit = fitBetaBinomial(R.D3.betabin.y, R.D3.betabin.n);

  it('matches VGAM vglm(cbind(y, n - y) ~ 1, betabinomial): μ = .0291, ρ = .00396 (1e-6 relative)', () => {
    expect(fit.converged).toBe(true);
    expect(fit.boundary).toBe(false);
    expectRelClose([fit.mu, fit.rho], [R.D3.betabin.mu, R.D3.betabin.rho], 1e-6);
  });

  it('matches the scipy betabinom Nelder–Mead MLE of oracle_py.py (1e-6 relative)', () => {
    const py = goldenPy().D3.betabin_py;
    expectRelClose([fit.mu, fit.rho], [py.mu, py.rho], 1e-6);
  });

  it('is a maximum: nudging μ or ρ lowers the log-likelihood', () => {
    const ll = (mu: number, rho: number): number => {
      const { a, b } = betaShapeFromMeanIcc(mu, rho);
      return R.D3.betabin.y.reduce(
        (s, y, i) => s + betaBinomialLogPmf(y, R.D3.betabin.n[i] as number, a, b),
        0,
      );
    };
    expect(ll(fit.mu, fit.rho)).toBeCloseTo(fit.logLik, 8);
    for (const [dm, dr] of [
      [1e-4, 0],
      [-1e-4, 0],
      [0, 1e-4],
      [0, -1e-4],
    ] as const) {
      expect(ll(fit.mu * (1 + dm), fit.rho * (1 + dr))).toBeLessThan(fit.logLik);
    }
  });

  it('reports the binomial boundary when there is no overdispersion', () => {
    const n = [1000, 2000, 1500, 1200, 1800, 900];
    const y = n.map((v) => v / 10);
    const r = fitBetaBinomial(y, n);
    expect(r.boundary).toBe(true);
    expect(r.rho).toBe(0);
    expect(r.mu).toBeCloseTo(0.1, 14);
  });
});

describe('betaBinomialUpper — P(Y ≥ y) under BetaBin(n, a, b)', () => {
  const brute = (y: number, n: number, a: number, b: number): number => {
    let s = 0;
    for (let k = y; k <= n; k++) s += Math.exp(betaBinomialLogPmf(k, n, a, b));
    return s;
  };

  it('equals the full log-pmf sum, above and below the mean, log-concave and U-shaped (1e-10 relative)', () => {
    for (const [y, n, a, b] of [
      [80, 1500, 7.3, 244],
      [30, 1500, 7.3, 244],
      [12, 40, 0.4, 0.7],
      [3, 40, 0.4, 0.7],
      [39, 40, 2, 3],
    ] as const) {
      expectRelClose([betaBinomialUpper(y, n, a, b)], [brute(y, n, a, b)], 1e-10);
    }
  });

  it('keeps relative accuracy in a far tail (p ≈ 1e-30)', () => {
    const { a, b } = betaShapeFromMeanIcc(0.03, 0.001);
    const p = betaBinomialUpper(200, 1500, a, b);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-20);
    expectRelClose([p], [brute(200, 1500, a, b)], 1e-10);
  });

  it('tends to the binomial tail as ρ → 0 and is heavier than it for ρ > 0', () => {
    const nearBinomial = betaShapeFromMeanIcc(0.03, 1e-9);
    expectRelClose(
      [betaBinomialUpper(60, 1500, nearBinomial.a, nearBinomial.b)],
      [binomialUpper(60, 1500, 0.03)],
      1e-5,
    );
    const over = betaShapeFromMeanIcc(0.03, 0.004);
    expect(betaBinomialUpper(60, 1500, over.a, over.b)).toBeGreaterThan(2 * binomialUpper(60, 1500, 0.03));
  });

  it('betaBinomialUpperMeanIcc uses the binomial at ρ = 0 and the shapes otherwise', () => {
    expect(betaBinomialUpperMeanIcc(60, 1500, 0.03, 0)).toBe(binomialUpper(60, 1500, 0.03));
    const { a, b } = betaShapeFromMeanIcc(0.03, 0.004);
    expect(betaBinomialUpperMeanIcc(60, 1500, 0.03, 0.004)).toBe(betaBinomialUpper(60, 1500, a, b));
  });

  it('handles the edges: y ≤ 0 → 1, y > n → 0', () => {
    expect(betaBinomialUpper(0, 10, 2, 3)).toBe(1);
    expect(betaBinomialUpper(11, 10, 2, 3)).toBe(0);
  });
});

describe('laneyPPrime', () => {
  it('computes z, σ_z = mean|Δz|/1.128 and p̄ ± 3σ_z√(p̄(1−p̄)/n) by hand', () => {
    const y = [30, 45, 36, 60];
    const n = [1000, 1500, 1200, 1000];
    const chart = laneyPPrime(y, n);
    const pBar = 171 / 4700;
    const sd = n.map((v) => Math.sqrt((pBar * (1 - pBar)) / v));
    const z = y.map((v, i) => (v / (n[i] as number) - pBar) / (sd[i] as number));
    const sigmaZ =
      (Math.abs((z[1] as number) - (z[0] as number)) +
        Math.abs((z[2] as number) - (z[1] as number)) +
        Math.abs((z[3] as number) - (z[2] as number))) /
      3 /
      1.128;
    expect(chart.pBar).toBeCloseTo(pBar, 15);
    expect(chart.sigmaZ).toBeCloseTo(sigmaZ, 12);
    expect(chart.upper[3]).toBeCloseTo(pBar + 3 * sigmaZ * (sd[3] as number), 12);
    expect(chart.lower[0]).toBeCloseTo(Math.max(0, pBar - 3 * sigmaZ * (sd[0] as number)), 12);
    expect(chart.aboveUpper).toEqual(y.map((v, i) => v / (n[i] as number) > (chart.upper[i] as number)));
  });

  it('flags the D3 rise in cancellations when limits come from the in-control months', () => {
    const base = laneyPPrime(R.D3.y.slice(0, 18), R.D3.n.slice(0, 18));
    const upper = R.D3.n.map(
      (v) => base.pBar + 3 * base.sigmaZ * Math.sqrt((base.pBar * (1 - base.pBar)) / v),
    );
    const flagged = R.D3.y.map((v, i) => v / (R.D3.n[i] as number) > (upper[i] as number));
    expect(flagged.slice(0, 18).some(Boolean)).toBe(false);
    expect(flagged.slice(18).every(Boolean)).toBe(true);
  });
});
