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
 * `segmentedDispersion` gives the classical Pearson φ̂ once segments are known, for the evidence.
 */
import { chi2Upper, normalQuantile } from '../../stats/distributions.ts';

/** Share of the z² kept (the largest are trimmed). */
export const DISPERSION_KEEP = 0.9;
const Q_KEEP = normalQuantile(0.5 + DISPERSION_KEEP / 2) ** 2;
/** E[χ²₁ | χ²₁ ≤ q]: x f₁(x) = f₃(x) for χ² densities, so E[X; X ≤ q] = P(χ²₃ ≤ q). */
export const TRIMMED_CHI2_1_MEAN = (1 - chi2Upper(Q_KEEP, 3)) / DISPERSION_KEEP;

export function differenceDispersion(y: readonly number[], exposure: readonly number[]): number {
  const z2: number[] = [];
  for (let t = 1; t < y.length; t++) {
    const yt = y[t]!;
    const ys = y[t - 1]!;
    const et = exposure[t]!;
    const es = exposure[t - 1]!;
    const rho = (yt + ys) / (et + es);
    if (!(rho > 0)) continue;
    const d = yt / et - ys / es;
    z2.push((d * d) / (rho * (1 / et + 1 / es)));
  }
  if (z2.length < 3) return 1;
  z2.sort((a, b) => a - b);
  const keep = Math.max(1, Math.round(z2.length * DISPERSION_KEEP));
  let total = 0;
  for (let i = 0; i < keep; i++) total += z2[i]!;
  return Math.max(1, total / keep / TRIMMED_CHI2_1_MEAN);
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
