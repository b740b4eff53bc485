/**
 * Difference-based over-dispersion of a monthly rate (or proportion), robust to the level shifts a
 * check is looking for, with the effective degrees of freedom to refer a quasi-likelihood statistic to.
 *
 * Method (Gasser, Sroka & Jennen-Steinmetz 1986, Biometrika 73:625, difference-based variance
 * estimation; von Neumann 1941 for the mean square successive difference): with y_t hits out of n_t,
 * a locally constant rate ρ and Var(y_t/n_t) = φ·v(ρ)/n_t, where v(ρ) = ρ (Poisson rate) or ρ(1−ρ)
 * (binomial proportion),
 *
 *   d_t = y_t/n_t − y_s/n_s (s the previous month with n > 0),  ρ̂ = (y_t + y_s)/(n_t + n_s),
 *   z_t² = d_t² / (v(ρ̂)(1/n_t + 1/n_s)),  φ̂ = mean of the smallest 90% of z_t² / c,  floored at 1,
 *   c = E[χ²₁ | χ²₁ ≤ q₀.₉] = P(χ²₃ ≤ q₀.₉)/0.9 ≈ 0.623 (so φ̂ is unbiased for Gaussian z).
 *
 * Why differences: a Pearson X² around one pooled rate counts any step inside the months as noise (a
 * campaign that began two months before the window makes φ̂ ≈ 40 and hides itself), and slow drift
 * too; a step moves one difference out of m, and trimming the largest tenth drops it.
 * Degrees of freedom: successive differences overlap (adjacent ones correlate −½), and trimming costs
 * a little more. Simulated Gaussian series (20,000 each) gave an effective χ² df of 2φ²/Var(φ̂) =
 * 0.58–0.59 × m for m = 11, 23 and 35 differences, so df = max(1, ⌊0.58·m⌋) (test: the simulation is
 * repeated in test/core/stats/difference-dispersion.test.ts). In the same simulation φ̂ came out 10–16% high
 * (the sample trimming point is not the population one): conservative, and left as it is.
 * Assumptions: months independent given the rate; the rate moves slowly next to month-to-month noise.
 * It measures month-to-month noise only: a slow drift of the rate hardly shows in successive
 * differences, so a contrast between periods months apart must allow for drift separately (the
 * record-level reclassification check tried this estimator and went back to Pearson X² around its
 * baseline year for that reason; sudden drop allows for drift through its calibrated τ²).
 */
import { chi2Upper, normalQuantile } from './distributions.ts';

/** Share of the z² kept (the largest are trimmed). */
export const DIFFERENCE_DISPERSION_KEEP = 0.9;
const Q_KEEP = normalQuantile(0.5 + DIFFERENCE_DISPERSION_KEEP / 2) ** 2;
/** E[χ²₁ | χ²₁ ≤ q]: x f₁(x) = f₃(x) for χ² densities, so E[X; X ≤ q] = P(χ²₃ ≤ q). */
export const TRIMMED_CHI2_1_MEAN = (1 - chi2Upper(Q_KEEP, 3)) / DIFFERENCE_DISPERSION_KEEP;
/** Effective χ² degrees of freedom per successive difference (simulation, see the header). */
export const DIFFERENCE_DF_PER_DIFFERENCE = 0.58;

export interface DifferenceDispersion {
  /** φ̂, at least 1. */
  phi: number;
  /** Successive differences used (months with n > 0, minus one). */
  differences: number;
  /** Effective degrees of freedom of φ̂. */
  df: number;
}

export function differenceDispersion(
  hits: readonly number[],
  trials: readonly number[],
  variance: 'poisson' | 'binomial',
): DifferenceDispersion {
  const z2: number[] = [];
  let prev = -1;
  for (let t = 0; t < hits.length; t++) {
    if (!(trials[t]! > 0)) continue;
    if (prev >= 0) {
      const yt = hits[t]!;
      const ys = hits[prev]!;
      const nt = trials[t]!;
      const ns = trials[prev]!;
      const rho = (yt + ys) / (nt + ns);
      const v = variance === 'poisson' ? rho : rho * (1 - rho);
      if (v > 0) {
        const d = yt / nt - ys / ns;
        z2.push((d * d) / (v * (1 / nt + 1 / ns)));
      }
    }
    prev = t;
  }
  const differences = z2.length;
  if (differences < 3)
    return { phi: 1, differences, df: Math.max(1, Math.floor(DIFFERENCE_DF_PER_DIFFERENCE * differences)) };
  z2.sort((a, b) => a - b);
  const keep = Math.max(1, Math.round(differences * DIFFERENCE_DISPERSION_KEEP));
  let total = 0;
  for (let i = 0; i < keep; i++) total += z2[i]!;
  return {
    phi: Math.max(1, total / keep / TRIMMED_CHI2_1_MEAN),
    differences,
    df: Math.max(1, Math.floor(DIFFERENCE_DF_PER_DIFFERENCE * differences)),
  };
}
