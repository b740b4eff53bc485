import { describe, expect, it } from 'vitest';
import { binomialPmf } from '#core/stats/distributions.ts';
import { binomialTest, caliperTest, poissonRateTest } from '#core/stats/exact-tests.ts';
import { expectRelClose, goldenPy, goldenR, goldenR2 } from './golden.ts';

const R = goldenR();
const P = goldenPy();

/** Brute-force two-sided p: sum of pmf over outcomes no more likely than observed (R's rule). */
function bruteTwoSided(x: number, n: number, p: number): number {
  const d = binomialPmf(x, n, p) * (1 + 1e-7);
  let s = 0;
  for (let k = 0; k <= n; k++) {
    const pk = binomialPmf(k, n, p);
    if (pk <= d) s += pk;
  }
  return Math.min(1, s);
}

describe('binomialTest (fixture D3)', () => {
  const n = R.D3.n.at(-1) as number;
  const y = R.D3.y.at(-1) as number;

  it(`one-sided: R binom.test(${y}, ${n}, 0.03, alternative = "greater") (1e-9 relative)`, () => {
    expectRelClose([binomialTest(y, n, 0.03, 'greater').pValue], [R.D3.binom_greater_p], 1e-9);
    expectRelClose([binomialTest(y, n, 0.03, 'greater').pValue], [P.D3.binom_greater_p], 1e-9);
  });

  it(`two-sided: R binom.test(${y}, ${n}, 0.03) (1e-9 relative)`, () => {
    expectRelClose([binomialTest(y, n, 0.03).pValue], [R.D3.binom_twosided_p], 1e-9);
    expectRelClose([binomialTest(y, n, 0.03).pValue], [P.D3.binom_twosided_p], 1e-9);
  });

  it('two-sided agrees with brute-force enumeration on both sides of the mean (1e-10 relative)', () => {
    for (const [x, m, p] of [
      [3, 40, 0.2],
      [15, 40, 0.2],
      [8, 40, 0.2],
      [0, 10, 0.3],
      [10, 10, 0.3],
      [50, 100, 0.5],
      [1, 200, 0.03],
    ] as const) {
      expectRelClose([binomialTest(x, m, p).pValue], [bruteTwoSided(x, m, p)], 1e-10);
    }
  });

  it('less + greater tails overlap exactly at the observed value', () => {
    const less = binomialTest(7, 30, 0.2, 'less').pValue;
    const greater = binomialTest(7, 30, 0.2, 'greater').pValue;
    expect(less + greater - binomialPmf(7, 30, 0.2)).toBeCloseTo(1, 12);
  });

  it('rejects x > n', () => {
    expect(() => binomialTest(5, 4)).toThrow(RangeError);
  });
});

describe('poissonRateTest (fixture D5)', () => {
  it('R poisson.test(c(800, 1000), c(1, 1)) → p = 2.665e-6 (1e-9 relative)', () => {
    const r = poissonRateTest(800, 1000);
    expectRelClose([r.pValue], [R.D5.poisson_test_p], 1e-9);
    expectRelClose([r.pValue], [P.D5.poisson_test_p], 1e-9);
    expect(r.estimate).toBeCloseTo(0.8, 15);
  });

  it('unequal exposures shift the null share: equal rates give a large p', () => {
    expect(poissonRateTest(200, 100, 2, 1).pValue).toBeGreaterThan(0.9);
    expect(poissonRateTest(200, 100, 1, 1).pValue).toBeLessThan(1e-8);
  });
});

describe('caliperTest (fixture E4)', () => {
  it('R binom.test(31, 45, 0.5, alternative = "greater") → p = 0.00805 (1e-9 relative)', () => {
    const e4 = goldenR2().E4;
    expectRelClose([caliperTest(e4.below, e4.above).pValue], [e4.p_one_sided], 1e-9);
  });
});
