import { describe, expect, it } from 'vitest';
import { adjustedResiduals, expectedCounts, gTest, pearsonChiSquare } from '#core/stats/contingency.ts';
import { expectAbsClose, expectRelClose, goldenPy, goldenR } from './golden.ts';

const R = goldenR();
const P = goldenPy();

describe('pearsonChiSquare (fixture D2)', () => {
  it('2×2: R chisq.test(tab, correct = FALSE) → X² = 45.30, p = 1.687e-11 (1e-9 relative)', () => {
    const r = pearsonChiSquare(R.D2.tab);
    expect(r.df).toBe(1);
    expectRelClose([r.statistic, r.pValue], [R.D2.chisq_stat, R.D2.chisq_p], 1e-9);
    expectRelClose([r.statistic, r.pValue], P.D2.chisq, 1e-9);
  });

  it('expected counts equal R chisq.test()$expected', () => {
    expectAbsClose(expectedCounts(R.D2.tab).flat(), R.D2.expected.flat(), 1e-9);
  });

  it('3×3: R chisq.test(tab3) → X² = 31.01 on 4 df (1e-9 relative)', () => {
    const r = pearsonChiSquare(R.D2.tab3);
    expect(r.df).toBe(4);
    expectRelClose([r.statistic, r.pValue], [R.D2.chisq3_stat, R.D2.chisq3_p], 1e-9);
    expectRelClose([r.statistic, r.pValue], P.D2.chisq3, 1e-9);
  });

  it('Yates correction shrinks a 2×2 statistic and is ignored for larger tables', () => {
    const plain = pearsonChiSquare(R.D2.tab).statistic;
    const corrected = pearsonChiSquare(R.D2.tab, { yates: true }).statistic;
    // |O − E| = 125 in every cell; (125 − 0.5)² / E summed.
    const expected = R.D2.expected.flat().reduce((s, e) => s + 124.5 ** 2 / e, 0);
    expect(corrected).toBeLessThan(plain);
    expect(corrected).toBeCloseTo(expected, 10);
    expect(pearsonChiSquare(R.D2.tab3, { yates: true }).statistic).toBe(
      pearsonChiSquare(R.D2.tab3).statistic,
    );
  });

  it('rejects a table with an empty row', () => {
    expect(() =>
      pearsonChiSquare([
        [0, 0],
        [3, 4],
      ]),
    ).toThrow(RangeError);
  });
});

describe('gTest (fixture D2)', () => {
  it('R 2*sum(tab*log(tab/E)), pchisq(G, 1, lower.tail=FALSE) → G = 45.38, p = 1.622e-11 (1e-9 relative)', () => {
    const r = gTest(R.D2.tab);
    expectRelClose([r.statistic, r.pValue], [R.D2.G_stat, R.D2.G_p], 1e-9);
    expectRelClose([r.statistic, r.pValue], P.D2.G, 1e-9);
  });

  it('treats empty cells as contributing 0', () => {
    const r = gTest([
      [0, 10],
      [5, 5],
    ]);
    // Margins 10, 10 / 5, 15, N = 20: E = [[2.5, 7.5], [2.5, 7.5]]; the 0 cell adds nothing.
    const g = 2 * (10 * Math.log(10 / 7.5) + 5 * Math.log(5 / 2.5) + 5 * Math.log(5 / 7.5));
    expect(r.statistic).toBeCloseTo(g, 12);
  });
});

describe('adjustedResiduals', () => {
  it('equal the numpy Haberman residuals of oracle_py.py (1e-9 absolute)', () => {
    expectAbsClose(adjustedResiduals(R.D2.tab).flat(), P.D2.adj_resid.flat(), 1e-9);
  });

  it('square to Pearson X² for a 2×2 table', () => {
    const r = adjustedResiduals(R.D2.tab);
    expect((r[0]?.[0] as number) ** 2).toBeCloseTo(R.D2.chisq_stat, 9);
  });
});
