import { describe, expect, it } from 'vitest';
import { pearsonChiSquare } from '#core/stats/contingency.ts';
import {
  dirichletMultinomialLogLik,
  dmAdjustedChiSquare,
  fitDirichletMultinomial,
} from '#core/stats/dirichlet-multinomial.ts';
import { chi2Upper } from '#core/stats/distributions.ts';
import { expectRelClose, goldenPy, goldenR } from './golden.ts';

const DM = goldenR().D2.dirmult;

describe('fitDirichletMultinomial (fixture D2: 8 peer forces × 3 sexual-offence codes)', () => {
  const fit = fitDirichletMultinomial(DM.peers);

  it('θ̂ = 0.00109148 equals R dirmult(peers)$theta (1e-6 relative; brief tolerance 1e-3)', () => {
    expect(fit.converged).toBe(true);
    expectRelClose([fit.theta], [DM.theta], 1e-6);
  });

  it('α̂ and π̂ equal dirmult $gamma and $pi (1e-6 relative)', () => {
    expectRelClose(fit.alpha, DM.gamma, 1e-6);
    expectRelClose(fit.pi, DM.pi, 1e-6);
  });

  it('log-likelihood equals dirmult $loglik (1e-9 relative) and the scipy MLE agrees (1e-5 relative)', () => {
    expectRelClose([fit.logLik], [DM.loglik], 1e-9);
    expectRelClose([fit.theta], [goldenPy().D2.dirmult_py.theta], 1e-5);
  });

  it('is a maximum of the likelihood', () => {
    for (const scale of [1.01, 0.99]) {
      expect(
        dirichletMultinomialLogLik(
          DM.peers,
          fit.alpha.map((a) => a * scale),
        ),
      ).toBeLessThan(fit.logLik);
    }
  });

  it('reports the multinomial boundary when clusters vary less than multinomially', () => {
    const even = Array.from({ length: 6 }, () => [100, 300, 600]);
    const r = fitDirichletMultinomial(even);
    expect(r.boundary).toBe(true);
    expect(r.theta).toBe(0);
    expect(r.pi).toEqual([0.1, 0.3, 0.6]);
  });
});

describe('dmAdjustedChiSquare (Brier 1980)', () => {
  const tab3 = goldenR().D2.tab3;

  it('with θ = 0 is the plain Pearson test', () => {
    const r = dmAdjustedChiSquare(tab3, 0, 500);
    const plain = pearsonChiSquare(tab3);
    expect(r.inflation).toBe(1);
    expect(r.statistic).toBe(plain.statistic);
    expect(r.pValue).toBe(plain.pValue);
  });

  it('divides X² by C = 1 + (n̄ − 1)θ and refers it to χ² on the same df', () => {
    const r = dmAdjustedChiSquare(tab3, DM.theta, 85);
    const c = 1 + 84 * DM.theta;
    expect(r.inflation).toBeCloseTo(c, 15);
    expect(r.statistic).toBeCloseTo(pearsonChiSquare(tab3).statistic / c, 12);
    expect(r.df).toBe(4);
    expect(r.pValue).toBeCloseTo(chi2Upper(r.statistic, 4), 15);
    expect(r.pValue).toBeGreaterThan(pearsonChiSquare(tab3).pValue);
  });

  it('rejects θ outside [0, 1)', () => {
    expect(() => dmAdjustedChiSquare(tab3, 1, 10)).toThrow(RangeError);
  });
});
