/**
 * A small seeded pseudo-random generator for the example-data generator (sfc32 core, seeded through
 * a string hash and splitmix32), with the samplers the synthetic returns need: uniform, normal,
 * gamma, Poisson, binomial and negative binomial.
 *
 * Why our own: core code may use randomness only from an explicit seed, and example files must be
 * identical byte for byte on every machine and Node version, so nothing here touches Math.random.
 * `derive()` gives independent sub-streams keyed by a label, so adding a force or an offence code
 * changes only that series and not every number generated after it.
 */
import gammaln from '@stdlib/math-base-special-gammaln';

export interface Rng {
  /** The next raw 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Uniform integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number;
  normal(mean?: number, sd?: number): number;
  /** Gamma with the given shape (k > 0) and scale (θ > 0): mean kθ. */
  gamma(shape: number, scale?: number): number;
  poisson(lambda: number): number;
  binomial(n: number, p: number): number;
  /** Negative binomial as a gamma–Poisson mixture: mean `mean`, variance mean + mean²/size. */
  negativeBinomial(mean: number, size: number): number;
  /** An independent generator whose stream depends only on this generator's seed and the label. */
  derive(label: string): Rng;
}

/** 32-bit FNV-1a over the UTF-16 code units of a string: a stable way to turn labels into seeds. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** splitmix32: spreads one 32-bit seed into well-mixed state words (a zero state would be degenerate). */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRng(seed: number | string): Rng {
  const seedText = typeof seed === 'number' ? `n:${seed}` : `s:${seed}`;
  const mix = splitmix32(hashString(seedText));
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix() | 1;
  // Cached second Box–Muller deviate: deterministic because the order of calls is.
  let spareNormal: number | null = null;

  const nextUint32 = (): number => {
    // sfc32 (Chris Doty-Humphrey's small fast chaotic generator), 32-bit lanes.
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Discard the first outputs: sfc32 mixes its seed over its first few rounds.
  for (let i = 0; i < 12; i++) nextUint32();

  const uniform = (): number => nextUint32() / 4294967296;
  /** Uniform on (0, 1): for logarithms. */
  const openUniform = (): number => (nextUint32() + 0.5) / 4294967296;

  const standardNormal = (): number => {
    if (spareNormal !== null) {
      const z = spareNormal;
      spareNormal = null;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(openUniform()));
    const theta = 2 * Math.PI * uniform();
    spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  };

  const gamma = (shape: number, scale = 1): number => {
    if (!(shape > 0) || !(scale > 0))
      throw new RangeError(`gamma needs shape > 0 and scale > 0 (got ${shape}, ${scale})`);
    if (shape < 1) {
      // Boost a shape below one: Gamma(k) = Gamma(k + 1) · U^(1/k).
      return gamma(shape + 1, scale) * openUniform() ** (1 / shape);
    }
    // Marsaglia & Tsang (2000) squeeze-and-reject method.
    const dd = shape - 1 / 3;
    const cc = 1 / Math.sqrt(9 * dd);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = standardNormal();
        v = 1 + cc * x;
      } while (v <= 0);
      v = v * v * v;
      const u = openUniform();
      if (u < 1 - 0.0331 * x * x * x * x) return dd * v * scale;
      if (Math.log(u) < 0.5 * x * x + dd * (1 - v + Math.log(v))) return dd * v * scale;
    }
  };

  const poisson = (lambda: number): number => {
    if (!(lambda >= 0) || !Number.isFinite(lambda))
      throw new RangeError(`poisson needs a finite lambda ≥ 0 (got ${lambda})`);
    if (lambda === 0) return 0;
    if (lambda < 30) {
      // Knuth's product of uniforms: exact, and cheap for small means.
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = uniform();
      while (p > limit) {
        k++;
        p *= uniform();
      }
      return k;
    }
    // Hörmann (1993) transformed rejection with squeeze (PTRS), valid for lambda ≥ 10.
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const bb = 0.931 + 2.53 * slam;
    const aa = -0.059 + 0.02483 * bb;
    const invAlpha = 1.1239 + 1.1328 / (bb - 3.4);
    const vr = 0.9277 - 3.6224 / (bb - 2);
    for (;;) {
      const u = uniform() - 0.5;
      const v = uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * aa) / us + bb) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      const lhs = Math.log(v) + Math.log(invAlpha) - Math.log(aa / (us * us) + bb);
      if (lhs <= -lambda + k * loglam - gammaln(k + 1)) return k;
    }
  };

  const binomial = (n: number, p: number): number => {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomial needs an integer n ≥ 0 (got ${n})`);
    if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial needs 0 ≤ p ≤ 1 (got ${p})`);
    if (n === 0 || p === 0) return 0;
    if (p === 1) return n;
    if (p > 0.5) return n - binomial(n, 1 - p);
    // Geometric waiting times between successes: exact, expected n·p + 1 steps, which is small for
    // the rates used here (cancellation fractions, reclassification shares).
    const logq = Math.log1p(-p);
    let successes = 0;
    let position = 0;
    for (;;) {
      position += Math.floor(Math.log(openUniform()) / logq) + 1;
      if (position > n) return successes;
      successes++;
    }
  };

  const rng: Rng = {
    nextUint32,
    uniform,
    int(lo, hi) {
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo)
        throw new RangeError(`int needs integers lo ≤ hi`);
      return lo + Math.floor(uniform() * (hi - lo + 1));
    },
    normal: (mean = 0, sd = 1) => mean + sd * standardNormal(),
    gamma,
    poisson,
    binomial,
    negativeBinomial(mean, size) {
      if (!(mean >= 0) || !(size > 0)) throw new RangeError(`negativeBinomial needs mean ≥ 0 and size > 0`);
      if (mean === 0) return 0;
      return poisson(gamma(size, mean / size));
    },
    derive: (label) => createRng(`${seedText}/${label}`),
  };
  return rng;
}
