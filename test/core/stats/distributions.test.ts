import { describe, expect, it } from 'vitest';
import {
  binomialLower,
  binomialPmf,
  binomialUpper,
  chi2Upper,
  negativeBinomialLower,
  negativeBinomialUpper,
  normalCdf,
  normalQuantile,
  normalTwoSided,
  normalUpper,
  poissonLower,
  poissonUpper,
} from '#core/stats/distributions.ts';
import { expectRelClose, goldenR } from './golden.ts';

describe('distribution wrappers', () => {
  it('chi2Upper equals R pchisq(45.30353, 1, lower.tail = FALSE) = 1.687e-11 (fixture D2, 1e-9 relative)', () => {
    const R = goldenR();
    expectRelClose([chi2Upper(R.D2.chisq_stat, 1)], [R.D2.chisq_p], 1e-9);
  });

  it('chi2Upper with 2 df is exp(−x/2) exactly in closed form (1e-13 relative, far tail)', () => {
    for (const x of [0.5, 10, 60, 120]) expectRelClose([chi2Upper(x, 2)], [Math.exp(-x / 2)], 1e-13);
  });

  it('negativeBinomialLower equals R pnbinom(20, size = 15, mu = 40) (fixture D5, 1e-9 relative)', () => {
    expectRelClose([negativeBinomialLower(20, 15, 40)], [goldenR().D5.nb_lowtail_p_example], 1e-9);
  });

  it('NB lower + upper(x + 1) = 1', () => {
    expect(negativeBinomialLower(33, 4.5, 30) + negativeBinomialUpper(34, 4.5, 30)).toBeCloseTo(1, 13);
  });

  it('normal: Φ(1.959963984540054) = 0.975, quantile inverts, upper tail keeps relative accuracy at z = 10', () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    // 1 − Φ(10): Python math.erfc(10 / math.sqrt(2)) / 2 = 7.619853024160593e-24.
    expectRelClose([normalUpper(10)], [7.619853024160593e-24], 1e-10);
    expect(normalTwoSided(-1.959963984540054)).toBeCloseTo(0.05, 14);
  });

  it('binomial tails agree with summed pmf and stay complementary', () => {
    let upper = 0;
    for (let k = 9; k <= 40; k++) upper += binomialPmf(k, 40, 0.1);
    expectRelClose([binomialUpper(9, 40, 0.1)], [upper], 1e-12);
    expect(binomialLower(8, 40, 0.1) + binomialUpper(9, 40, 0.1)).toBeCloseTo(1, 14);
    expect(binomialUpper(0, 10, 0.5)).toBe(1);
    expect(binomialUpper(11, 10, 0.5)).toBe(0);
  });

  it('poisson tails agree with summed pmf', () => {
    let lower = 0;
    let term = Math.exp(-12);
    for (let k = 0; k <= 5; k++) {
      lower += term;
      term *= 12 / (k + 1);
    }
    expectRelClose([poissonLower(5, 12)], [lower], 1e-12);
    expect(poissonLower(5, 12) + poissonUpper(6, 12)).toBeCloseTo(1, 14);
  });
});
