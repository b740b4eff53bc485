import { describe, expect, it } from 'vitest';
import { createRng, hashString } from '#core/synthetic/rng.ts';

function moments(xs: readonly number[]): { mean: number; variance: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}

const draw = (n: number, f: () => number) => Array.from({ length: n }, f);

describe('createRng', () => {
  it('repeats its stream for the same seed and differs for another', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = draw(20, () => a.nextUint32());
    expect(draw(20, () => b.nextUint32())).toEqual(sa);
    expect(draw(20, () => c.nextUint32())).not.toEqual(sa);
    // Numeric and string seeds are different seeds.
    expect(createRng('42').nextUint32()).not.toBe(createRng(42).nextUint32());
  });

  it('pins the first outputs, so a change to the generator cannot pass unnoticed', () => {
    const rng = createRng(1);
    expect(draw(3, () => rng.nextUint32())).toEqual([3919592717, 3026210996, 466815915]);
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
  });

  it('derives sub-streams that depend on the label only, not on draws already made', () => {
    const a = createRng(7);
    a.uniform();
    a.uniform();
    const b = createRng(7);
    expect(a.derive('x').uniform()).toBe(b.derive('x').uniform());
    expect(b.derive('x').uniform()).not.toBe(b.derive('y').uniform());
  });

  it('draws uniforms in [0, 1) with mean one half', () => {
    const rng = createRng('u');
    const xs = draw(20_000, () => rng.uniform());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(moments(xs).mean).toBeCloseTo(0.5, 2);
  });

  it('draws integers covering both ends of the range', () => {
    const rng = createRng('int');
    const xs = draw(2_000, () => rng.int(3, 6));
    expect(new Set(xs)).toEqual(new Set([3, 4, 5, 6]));
  });

  it('draws normals with the requested mean and sd', () => {
    const rng = createRng('n');
    const { mean, variance } = moments(draw(40_000, () => rng.normal(10, 2)));
    expect(mean).toBeCloseTo(10, 1);
    expect(Math.sqrt(variance)).toBeCloseTo(2, 1);
  });

  it.each([0.5, 3, 50])('draws gammas of shape %s with mean kθ and variance kθ²', (shape) => {
    const rng = createRng(`g${shape}`);
    const { mean, variance } = moments(draw(40_000, () => rng.gamma(shape, 2)));
    expect(mean / (shape * 2)).toBeGreaterThan(0.97);
    expect(mean / (shape * 2)).toBeLessThan(1.03);
    expect(variance / (shape * 4)).toBeGreaterThan(0.92);
    expect(variance / (shape * 4)).toBeLessThan(1.08);
  });

  it.each([0.7, 12, 29.9, 30, 250, 8000])('draws Poisson(%s) with equal mean and variance', (lambda) => {
    const rng = createRng(`p${lambda}`);
    const xs = draw(40_000, () => rng.poisson(lambda));
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    const { mean, variance } = moments(xs);
    expect(Math.abs(mean - lambda)).toBeLessThan(4 * Math.sqrt(lambda / xs.length) + 1e-9);
    expect(variance / lambda).toBeGreaterThan(0.95);
    expect(variance / lambda).toBeLessThan(1.05);
  });

  it.each([
    [10, 0.3],
    [500, 0.03],
    [200, 0.8],
  ])('draws Binomial(%s, %s) within 0..n with mean np', (n, p) => {
    const rng = createRng(`b${n}-${p}`);
    const xs = draw(30_000, () => rng.binomial(n, p));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThanOrEqual(n);
    const { mean, variance } = moments(xs);
    expect(mean / (n * p)).toBeGreaterThan(0.98);
    expect(mean / (n * p)).toBeLessThan(1.02);
    expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.94);
    expect(variance / (n * p * (1 - p))).toBeLessThan(1.06);
  });

  it('handles the binomial edge cases exactly', () => {
    const rng = createRng('edge');
    expect(rng.binomial(0, 0.5)).toBe(0);
    expect(rng.binomial(17, 0)).toBe(0);
    expect(rng.binomial(17, 1)).toBe(17);
    expect(() => rng.binomial(2.5, 0.1)).toThrow(RangeError);
    expect(() => rng.binomial(3, 1.5)).toThrow(RangeError);
  });

  it('draws negative binomials with variance mean + mean²/size (over-dispersed)', () => {
    const rng = createRng('nb');
    const mean = 1000;
    const size = 50;
    const m = moments(draw(40_000, () => rng.negativeBinomial(mean, size)));
    expect(m.mean / mean).toBeGreaterThan(0.98);
    expect(m.mean / mean).toBeLessThan(1.02);
    const expectedVariance = mean + mean ** 2 / size;
    expect(m.variance / expectedVariance).toBeGreaterThan(0.93);
    expect(m.variance / expectedVariance).toBeLessThan(1.07);
    expect(rng.negativeBinomial(0, size)).toBe(0);
  });

  it('rejects invalid parameters', () => {
    const rng = createRng(0);
    expect(() => rng.poisson(-1)).toThrow(RangeError);
    expect(() => rng.gamma(0)).toThrow(RangeError);
    expect(() => rng.negativeBinomial(5, 0)).toThrow(RangeError);
    expect(() => rng.int(5, 4)).toThrow(RangeError);
  });
});
