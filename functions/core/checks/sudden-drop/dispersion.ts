/**
 * Over-dispersion φ̂ of a count series against its exposure, estimated so that the level shifts the
 * check is looking for do not inflate it.
 *
 * The quasi-Poisson dispersion of a single-level fit, Σ(y − μ̂)²/μ̂ / (n − p), treats every level
 * shift as noise: one genuine 20% drop in a series of 2,000 a month makes φ̂ ≈ 20, which divides the
 * PELT cost by 20 and hides the very drop being sought. Here φ̂ is the quasi-Poisson dispersion under
 * a *locally* constant rate, read from consecutive periods: with y_t ~ qPoisson(ρE_t, φ),
 *
 *   d_t = y_t/E_t − y_s/E_s,  Var d_t = φρ(1/E_t + 1/E_s),  ρ̂ = (y_t + y_s)/(E_t + E_s),
 *   z_t² = d_t² / (ρ̂(1/E_t + 1/E_s)),  φ̂ = mean of the smallest 90% of z_t² / c,
 *   c = E[χ²₁ | χ²₁ ≤ q₀.₉] = P(χ²₃ ≤ q₀.₉)/0.9 ≈ 0.623  (so that φ̂ is unbiased for Gaussian z),
 *
 * floored at 1. A step affects one difference out of n − 1, and trimming the largest tenth ignores
 * it (Gasser, Sroka & Jennen-Steinmetz 1986, Biometrika 73:625, for difference-based variance
 * estimation). Trimming keeps most of the mean's efficiency: a median of z² would be robust too but
 * about twice as variable, and an underestimated φ̂ over-segments.
 * The estimator itself is shared (functions/core/stats/difference-dispersion.ts, with its tests);
 * `segmentedDispersion` gives the classical Pearson φ̂ once segments are known, for the evidence.
 */
import { differenceDispersion as rateDifferenceDispersion } from '#core/stats/difference-dispersion.ts';

/** φ̂ of counts y against exposure E (Poisson variance), by stats/difference-dispersion.ts. */
export function differenceDispersion(y: readonly number[], exposure: readonly number[]): number {
  return rateDifferenceDispersion(y, exposure, 'poisson').phi;
}

/**
 * Pearson φ̂ = Σ (y − μ̂)²/μ̂ / (n − k) with μ̂_t = rate_seg × E_t: the quasi-Poisson dispersion of
 * the piecewise-constant fit PELT chose (k segments).
 */
export function segmentedDispersion(
  y: readonly number[],
  exposure: readonly number[],
  segments: ReadonlyArray<{ start: number; end: number; rate: number }>,
): number {
  let x2 = 0;
  for (const s of segments) {
    for (let t = s.start - 1; t < s.end; t++) {
      const mu = s.rate * exposure[t]!;
      if (mu > 0) x2 += (y[t]! - mu) ** 2 / mu;
    }
  }
  const df = y.length - segments.length;
  return df > 0 ? x2 / df : Number.NaN;
}
