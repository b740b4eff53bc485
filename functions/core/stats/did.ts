/**
 * Peer difference-in-differences on the log rate scale (signature 3B): did the focal force's
 * count fall relative to its most-similar-group peers between a pre and a post window?
 *
 * References: the 2 × 2 Poisson log-linear model (the interaction coefficient of
 * `glm(y ~ focal * post, family = poisson)` equals the closed form below; oracle E1 in
 * fixtures_r2.json); Abadie A, Diamond A, Hainmueller J (2010) JASA 105:493 for placebo-in-space
 * inference (each peer in turn treated as if it were the focal unit).
 * Assumptions: the four totals are independent Poisson counts, optionally over-dispersed by a
 * common factor φ̂ (quasi-Poisson); peers share the focal force's seasonality and national
 * changes, which the double difference removes.
 * Returns: ln RR = ln(Y_f,post/Y_f,pre) − ln(Y_P,post/Y_P,pre), SE = √(φ̂ Σ 1/Y), z = lnRR/SE with
 * normal one-sided p-values, and the placebo rank p-value.
 */
import { normalCdf } from './distributions.ts';

export interface DidCounts {
  focalPre: number;
  focalPost: number;
  peerPre: number;
  peerPost: number;
}

export interface DidResult {
  logRateRatio: number;
  se: number;
  z: number;
  /** Φ(z): evidence of a relative fall. */
  pLower: number;
  /** 1 − Φ(z): evidence of a relative rise. */
  pUpper: number;
}

export function peerDid(c: DidCounts, dispersion = 1): DidResult {
  const cells = [c.focalPre, c.focalPost, c.peerPre, c.peerPost];
  if (cells.some((v) => !(v > 0) || !Number.isFinite(v))) {
    throw new RangeError('all four totals must be positive (aggregate further, or use an exact test)');
  }
  if (!(dispersion > 0)) throw new RangeError('dispersion must be positive');
  const logRateRatio = Math.log(c.focalPost / c.focalPre) - Math.log(c.peerPost / c.peerPre);
  const se = Math.sqrt(dispersion * cells.reduce((s, v) => s + 1 / v, 0));
  const z = logRateRatio / se;
  return { logRateRatio, se, z, pLower: normalCdf(z), pUpper: normalCdf(-z) };
}

/**
 * Placebo-in-space p-value for a fall: (1 + #{placebo effects ≤ observed}) / (1 + #placebos),
 * i.e. the observed effect's rank among itself and the placebo effects (43 forces → /43).
 */
export function placeboInSpaceP(observed: number, placebos: readonly number[]): number {
  const atOrBelow = placebos.filter((p) => p <= observed).length;
  return (1 + atOrBelow) / (1 + placebos.length);
}
