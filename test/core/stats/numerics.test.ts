/**
 * The numerical building blocks under the statistics: polygamma functions, the seeded RNG and
 * its variates, the Cholesky solver and the type-7 quantile.
 */
import { describe, expect, it } from 'vitest';
import { median, quantileType7 } from '#core/stats/descriptive.ts';
import { cholesky, choleskySolve, spdInverse } from '#core/stats/linear-algebra.ts';
import { digamma, trigamma } from '#core/stats/polygamma.ts';
import {
  createRng,
  randomBeta,
  randomBetaBinomial,
  randomBinomial,
  randomGamma,
} from '#core/stats/random.ts';
import { expectRelClose } from './golden.ts';

const EULER_GAMMA = 0.5772156649015329;

describe('digamma / trigamma', () => {
  it('hit the closed forms ψ(1) = −γ, ψ(½) = −γ − 2 ln 2, ψ′(1) = π²/6, ψ′(½) = π²/2 (1e-14 relative)', () => {
    expectRelClose([digamma(1), digamma(0.5)], [-EULER_GAMMA, -EULER_GAMMA - 2 * Math.LN2], 1e-14);
    expectRelClose([trigamma(1), trigamma(0.5)], [Math.PI ** 2 / 6, Math.PI ** 2 / 2], 1e-14);
  });

  it('satisfy the recurrences across the switch to the asymptotic series (1e-14 / 1e-13 relative)', () => {
    for (const x of [9.5, 19.5, 123.4, 1e6]) {
      expectRelClose([digamma(x + 1)], [digamma(x) + 1 / x], 1e-14);
      expectRelClose([trigamma(x + 1)], [trigamma(x) - 1 / (x * x)], 1e-13);
    }
    // Near 0 the check itself cancels (ψ(0.003) ≈ −333.9 + 1/0.003): compare on the scale of the terms.
    expect(Math.abs(digamma(1.003) - (digamma(0.003) + 1 / 0.003))).toBeLessThan(1e-14 * 334);
  });
});

describe('seeded random variates', () => {
  it('createRng is deterministic per seed, in [0, 1), and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(c()).not.toBe(xs[0]);
    const m = xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(Math.abs(m - 0.5)).toBeLessThan(0.03);
  });

  it('gamma, beta, binomial and beta-binomial variates have the right first two moments', () => {
    const rng = createRng(2024);
    const draws = 40_000;
    const moments = (f: () => number): [number, number] => {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < draws; i++) {
        const v = f();
        s += v;
        s2 += v * v;
      }
      const mean = s / draws;
      return [mean, s2 / draws - mean * mean];
    };
    const [gm, gv] = moments(() => randomGamma(rng, 0.7));
    expect(gm).toBeCloseTo(0.7, 1);
    expect(gv).toBeCloseTo(0.7, 1);
    const [bm, bv] = moments(() => randomBeta(rng, 2, 5));
    expect(bm).toBeCloseTo(2 / 7, 2);
    expect(bv).toBeCloseTo((2 * 5) / (49 * 8), 3);
    const [nm, nv] = moments(() => randomBinomial(rng, 1500, 0.03));
    expect(Math.abs(nm - 45) / 45).toBeLessThan(0.01);
    expect(Math.abs(nv - 43.65) / 43.65).toBeLessThan(0.05);
    // BetaBin(n, μ = .03, ρ = .01): Var = nμ(1 − μ)[1 + (n − 1)ρ] = 43.65 × 15.99.
    const s = 99;
    const [bbm, bbv] = moments(() => randomBetaBinomial(rng, 1500, 0.03 * s, 0.97 * s));
    expect(Math.abs(bbm - 45) / 45).toBeLessThan(0.02);
    expect(Math.abs(bbv - 43.65 * 15.99) / (43.65 * 15.99)).toBeLessThan(0.06);
  });

  it('binomial edge cases', () => {
    const rng = createRng(1);
    expect(randomBinomial(rng, 10, 0)).toBe(0);
    expect(randomBinomial(rng, 10, 1)).toBe(10);
    expect(randomBinomial(rng, 0, 0.5)).toBe(0);
  });
});

describe('linear algebra', () => {
  const a = [
    [4, 2, 0.6],
    [2, 5, 1],
    [0.6, 1, 3],
  ];

  it('solves A x = b and inverts an SPD matrix', () => {
    const x = choleskySolve(cholesky(a), [1, 2, 3]);
    const back = a.map((row) => row.reduce((s, v, j) => s + v * (x[j] as number), 0));
    expectRelClose(back, [1, 2, 3], 1e-13);
    const inv = spdInverse(a);
    const id = a.map((row, i) =>
      a.map(
        (_, j) => row.reduce((s, v, k) => s + v * ((inv[k] as number[])[j] as number), 0) - (i === j ? 1 : 0),
      ),
    );
    expect(Math.max(...id.flat().map(Math.abs))).toBeLessThan(1e-14);
  });

  it('rejects a singular matrix (rank-deficient design)', () => {
    expect(() =>
      cholesky([
        [1, 2],
        [2, 4],
      ]),
    ).toThrow(RangeError);
  });
});

describe('quantileType7', () => {
  it('equals R quantile(c(3, 1, 4, 1, 5, 9, 2, 6), c(.1, .5, .9), type = 7) = 1, 3.5, 6.9', () => {
    const x = [3, 1, 4, 1, 5, 9, 2, 6];
    expect(quantileType7(x, 0.1)).toBeCloseTo(1, 14);
    expect(median(x)).toBeCloseTo(3.5, 14);
    expect(quantileType7(x, 0.9)).toBeCloseTo(6.9, 14);
  });
});
