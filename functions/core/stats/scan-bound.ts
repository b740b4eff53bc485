/**
 * The p-value of the most extreme of a sequence of correlated z-tests (a changepoint scan), by the
 * improved Bonferroni inequality of Hunter D (1976) J Appl Probab 13:597 and Worsley KJ (1982)
 * Biometrika 69:297 along the chain of neighbouring tests:
 *
 *   P(min_i Z_i ≤ u) ≤ Φ(u) + Σ_{i≥2} P(Z_i ≤ u < Z_{i−1}) = Φ(u) + Σ_{i≥2} 2 T(u, √((1 − ρ_i)/(1 + ρ_i))),
 *
 * each Z_i standard normal under the null and ρ_i = corr(Z_{i−1}, Z_i). The term is Φ(u) − Φ₂(u, u; ρ)
 * written with Owen's T function (Owen DB 1956 Ann Math Stat 27:1075: Φ₂(h, h; ρ) = Φ(h) − 2 T(h, a)).
 * It holds whichever rule picked the reported test (PELT, the minimum, anything): the reported z is
 * one of the Z_i. Neighbours that are not positively correlated add the Bonferroni term Φ(u).
 * Returns a probability in [0, 1] that is never below Φ(u) (one test) nor above the Bonferroni sum.
 */
import { normalCdf } from './distributions.ts';

// 20-point Gauss–Legendre nodes and weights on [−1, 1] (Abramowitz & Stegun 1964, table 25.4).
const GL_X = [
  0.0765265211334973, 0.2277858511416451, 0.3737060887154195, 0.5108670019508271, 0.636053680726515,
  0.7463319064601508, 0.8391169718222188, 0.9122344282513259, 0.9639719272779138, 0.9931285991850949,
];
const GL_W = [
  0.1527533871307258, 0.1491729864726037, 0.142096109318382, 0.1316886384491766, 0.1181945319615184,
  0.1019301198172404, 0.0832767415767048, 0.0626720483341091, 0.0406014298003869, 0.0176140071391521,
];

/** Owen's T(h, a) = (1/2π) ∫₀^a exp(−h²(1 + x²)/2)/(1 + x²) dx, for 0 ≤ a ≤ 1 (Gauss–Legendre). */
export function owenT(h: number, a: number): number {
  if (!(a >= 0 && a <= 1)) throw new RangeError('owenT is implemented for 0 ≤ a ≤ 1');
  if (a === 0) return 0;
  const half = a / 2;
  let s = 0;
  for (let k = 0; k < GL_X.length; k++)
    s += GL_W[k]! * (owenIntegrand(h, half * (1 + GL_X[k]!)) + owenIntegrand(h, half * (1 - GL_X[k]!)));
  return (s * half) / (2 * Math.PI);
}

/** exp(−h²(1 + x²)/2)/(1 + x²), at module level: no closure per call on the scans' hot path. */
function owenIntegrand(h: number, x: number): number {
  return Math.exp((-h * h * (1 + x * x)) / 2) / (1 + x * x);
}

/** P(min Z_i ≤ u) bounded above, ρ_i the correlation of each test with the one before it. */
export function scanLowerTailBound(u: number, neighbourCorrelations: readonly number[]): number {
  const single = normalCdf(u);
  let p = single;
  for (const rho of neighbourCorrelations) {
    if (!(rho > 0)) p += single;
    else if (rho < 1) p += 2 * owenT(u, Math.sqrt((1 - rho) / (1 + rho)));
    if (p >= 1) return 1;
  }
  return p;
}
