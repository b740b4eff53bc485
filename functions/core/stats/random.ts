/**
 * Seeded pseudo-random numbers and the variates the null simulations need (normal, gamma,
 * beta, binomial, beta-binomial). `functions/core` must not use Math.random: every
 * simulation receives an `Rng` built here (or any other `() => number` in [0, 1)).
 *
 * References: Blackman D, Vigna S (2021) Scrambled linear pseudorandom number generators,
 * ACM TOMS 47(4):36 (xoshiro128**, seeded with splitmix32); Marsaglia G, Tsang W W (2000)
 * A simple method for generating gamma variables, ACM TOMS 26:363 (gamma; beta as a gamma
 * ratio); Box G E P, Muller M E (1958) Ann. Math. Stat. 29:610 (normal). Binomial variates
 * are exact inversion, searching outward from the mode (O(√(np)) pmf evaluations).
 * Assumptions: not for cryptography; sequences are reproducible for a given seed on any platform.
 * Returns: plain numbers.
 */
import { binomialLogPmf } from './distributions.ts';

/** A uniform generator on [0, 1). */
export type Rng = () => number;

/** The generator state behind a createRng generator, for the batch fills below. */
const STATE = Symbol('xoshiro128** state');
type Seeded = Rng & { [STATE]?: Int32Array };

/** xoshiro128** seeded through splitmix32; each call combines two outputs into 53 random bits. */
export function createRng(seed: number): Rng {
  let z = seed >>> 0;
  const splitmix = (): number => {
    z = (z + 0x9e3779b9) >>> 0;
    let t = z;
    t = Math.imul(t ^ (t >>> 16), 0x85ebca6b);
    t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35);
    return (t ^ (t >>> 16)) >>> 0;
  };
  // Held as int32: every operation on the state is a 32-bit one, so the bits are those of uint32s.
  const state = Int32Array.of(splitmix(), splitmix(), splitmix(), splitmix());
  const rng: Seeded = () => {
    const hi = step(state);
    return ((hi >>> 5) * 67108864 + (step(state) >>> 6)) / 9007199254740992;
  };
  rng[STATE] = state;
  return rng;
}

/** One xoshiro128** output (as int32 bits), advancing the state. */
function step(s: Int32Array): number {
  const s0 = s[0]!;
  const s1 = s[1]!;
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
  const t = s1 << 9;
  const s2 = s[2]! ^ s0;
  const s3 = s[3]! ^ s1;
  s[1] = s1 ^ s2;
  s[0] = s0 ^ s3;
  s[2] = s2 ^ t;
  s[3] = rotl(s3, 11);
  return result;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Standard normal variate (Box–Muller; one of the pair is discarded for simplicity). */
export function randomNormal(rng: Rng): number {
  let u = rng();
  while (u === 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/**
 * Fills `out` with standard normals: the same draws, in the same order, as `out.length` calls of
 * randomNormal, leaving the generator where they would. A createRng generator is stepped here in
 * local variables, a loop of the simulations' hot path (10⁷ variates a national audit) with no call
 * or boxed number per draw; any other generator is called.
 */
export function fillNormals(rng: Rng, out: Float64Array): void {
  const state = (rng as Seeded)[STATE];
  if (state === undefined) {
    for (let i = 0; i < out.length; i++) out[i] = randomNormal(rng);
    return;
  }
  let s0 = state[0]!;
  let s1 = state[1]!;
  let s2 = state[2]!;
  let s3 = state[3]!;
  // createRng's step inlined (a closure over the state would keep it in memory, not in registers):
  // each uniform is two outputs, as in step(), making 53 bits; u is redrawn while 0, then v is drawn.
  for (let i = 0; i < out.length; i++) {
    let u = 0;
    let v = -1;
    while (v < 0) {
      let x = 0;
      for (let k = 0; k < 2; k++) {
        const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = rotl(s3, 11);
        x = k === 0 ? (r >>> 5) * 67108864 : (x + (r >>> 6)) / 9007199254740992;
      }
      if (u === 0) u = x;
      else v = x;
    }
    out[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
}

/** Gamma(shape, 1) variate, Marsaglia–Tsang; shape < 1 via the U^{1/shape} boost. */
export function randomGamma(rng: Rng, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be positive, got ${shape}`);
  if (shape < 1) {
    let u = rng();
    while (u === 0) u = rng();
    return randomGamma(rng, shape + 1) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = randomNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (u > 0 && Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(a, b) variate as G_a / (G_a + G_b). */
export function randomBeta(rng: Rng, a: number, b: number): number {
  const x = randomGamma(rng, a);
  const y = randomGamma(rng, b);
  return x / (x + y);
}

/** Bin(n, p) variate by exact inversion, visiting outcomes outward from the mode. */
export function randomBinomial(rng: Rng, n: number, p: number): number {
  if (p <= 0 || n === 0) return 0;
  if (p >= 1) return n;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const u = rng();
  const pMode = Math.exp(binomialLogPmf(mode, n, p));
  let cum = pMode;
  if (u < cum) return mode;
  const odds = p / (1 - p);
  let lo = mode;
  let hi = mode;
  let pLo = pMode;
  let pHi = pMode;
  // Alternate sides, always taking the more probable next outcome; stops when u is covered.
  while (lo > 0 || hi < n) {
    const nextLo = lo > 0 ? (pLo * lo) / ((n - lo + 1) * odds) : 0;
    const nextHi = hi < n ? (pHi * (n - hi) * odds) / (hi + 1) : 0;
    if (nextHi >= nextLo) {
      hi += 1;
      pHi = nextHi;
      cum += nextHi;
      if (u < cum) return hi;
    } else {
      lo -= 1;
      pLo = nextLo;
      cum += nextLo;
      if (u < cum) return lo;
    }
    if (nextHi === 0 && nextLo === 0) break;
  }
  // Rounding left u above the accumulated mass (≤ 1e-15): return the mode.
  return mode;
}

/** BetaBin(n, a, b): p ~ Beta(a, b), then Bin(n, p). */
export function randomBetaBinomial(rng: Rng, n: number, a: number, b: number): number {
  return randomBinomial(rng, n, randomBeta(rng, a, b));
}
