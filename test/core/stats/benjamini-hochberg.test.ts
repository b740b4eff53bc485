import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, benjaminiYekutieli, holm } from '#core/stats/benjamini-hochberg.ts';
import { expectAbsClose, goldenPy, goldenR } from './golden.ts';

const R = goldenR();

describe('benjaminiHochberg (fixture D4)', () => {
  it('equals R p.adjust(p, "BH") to 1e-12 absolute', () => {
    expectAbsClose(benjaminiHochberg(R.D4.p), R.D4.bh, 1e-12);
  });

  it('equals statsmodels multipletests(p, method="fdr_bh") to 1e-12 absolute', () => {
    expectAbsClose(benjaminiHochberg(R.D4.p), goldenPy().D4.bh, 1e-12);
  });

  it('returns q-values in input order, whatever the order of the p-values', () => {
    const order = R.D4.p.map((_, i) => (i * 7) % R.D4.p.length);
    const shuffled = order.map((i) => R.D4.p[i] as number);
    const q = benjaminiHochberg(shuffled);
    expectAbsClose(
      q,
      order.map((i) => R.D4.bh[i] as number),
      1e-12,
    );
  });

  it('keeps NaN in place and excludes it from m (as R does)', () => {
    const q = benjaminiHochberg([0.01, Number.NaN, 0.04]);
    expect(Number.isNaN(q[1])).toBe(true);
    expect(q[0]).toBeCloseTo(0.02, 15);
    expect(q[2]).toBeCloseTo(0.04, 15);
  });

  it('rejects p-values outside [0, 1]', () => {
    expect(() => benjaminiHochberg([0.5, 1.2])).toThrow(RangeError);
  });
});

describe('other adjustments (fixture D4)', () => {
  it('benjaminiYekutieli equals R p.adjust(p, "BY") to 1e-12 absolute', () => {
    expectAbsClose(benjaminiYekutieli(R.D4.p), R.D4.by, 1e-12);
  });

  it('holm equals R p.adjust(p, "holm") to 1e-12 absolute', () => {
    expectAbsClose(holm(R.D4.p), R.D4.holm, 1e-12);
  });
});
