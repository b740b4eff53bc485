/**
 * Pools what the other forces' baselines say about a series' dispersion into each force's
 * predictive p-value: an empirical-Bayes (moderated) dispersion, after Smyth G K 2004, Stat. Appl.
 * Genet. Mol. Biol. 3:3 (limma's moderated t), on the scale of the Pearson dispersion φ = X²/(k − 1).
 *
 * Why. The reported p-value averages the window's tail over the uncertainty of ρ̂ (chart.ts), and
 * with 18–36 baseline months that uncertainty dominates the far tail: a ×2 window that is 10⁻¹⁵
 * against the fitted ρ̂ was reported at 10⁻⁶–10⁻⁹, because the own X² alone cannot rule out a ρ five
 * to ten times larger. At a national audit's multiplicity (~5·10⁴ hypotheses) a lone finding needs
 * p ≲ 10⁻⁶, so this t-like tail decided whether a 2.5× three-month spike in one offence group of a
 * median force was found (3 of 24 benchmark targets missed at q 0.06–0.11 with plug-in p 10⁻⁸–10⁻¹¹).
 * Yet the other forces' baselines of the same series and window carry ~40 × 35 degrees of freedom
 * about that dispersion, and the check already trusted them one way only (the ρ floor raises ρ to
 * their median, never the other way). Moderation uses them both ways, in proportion to how alike
 * the forces' dispersions are — estimated from the data, so forces that differ get little pooling.
 *
 * Model. Force f's baseline gives φ̂_f = X²_f/(k_f − 1) ~ φ_f χ²_ν/ν (ν = the fit's dfEffective).
 * Forces differ in size, and with a common ρ the dispersion grows with it: φ = 1 + a_f ρ with
 * a_f = D_f/(k_f − 1) (chart.ts). So the prior is on the size-free ratio r_f = φ_f / (1 + a_f ρ₀),
 * ρ₀ the median ρ̂ of the forces: 1/r_f ~ χ²_{d₀}/(d₀ s₀²). d₀ and s₀² by Smyth's moments on
 * e_f = ln(φ̂_f/(1 + a_f ρ₀)) − ψ(ν_f/2) + ln(ν_f/2): ψ′(d₀/2) = var(e) − mean ψ′(ν_f/2),
 * ln s₀² = mean(e) + ψ(d₀/2) − ln(d₀/2). The posterior φ̃_f = (d₀ s₀²(1 + a_f ρ₀) + ν_f φ̂_f)/(d₀ + ν_f)
 * with d₀ + ν_f degrees of freedom replaces (X², ν) in the predictive integral; the plug-in p-value
 * (own ρ̂, floored) is unchanged and the reported p is still the larger of the two, so pooling can
 * shorten the tail only down to the plug-in. d₀ is capped at the other forces' total ν (no more
 * information than they hold) and is 0 — no pooling — with fewer than `minForces` forces or when the
 * forces' dispersions vary more than sampling explains by a wide margin (ψ′ has no root: d₀ ≈ 0).
 */
import { digamma, trigamma } from '#core/stats/polygamma.ts';
import type { MomentFit } from './chart.ts';

export interface DispersionPrior {
  /** Prior degrees of freedom d₀ (0: no pooling). */
  df: number;
  /** s₀²: the prior's scale of the size-free ratio φ/(1 + aρ₀). */
  scale: number;
  /** ρ₀: the median ρ̂ the size adjustment uses. */
  rho0: number;
  /** Forces whose baselines informed the prior. */
  forces: number;
  /** Σ ν over those forces: a force borrows at most Σ ν minus its own. */
  totalDf: number;
}

export const NO_PRIOR: DispersionPrior = { df: 0, scale: 1, rho0: 0, forces: 0, totalDf: 0 };

/** a_f = D/(k − 1): the dispersion added per unit ρ (φ = 1 + a ρ). */
function sizeFactor(fit: MomentFit): number {
  return fit.df > 0 ? Math.max(0, fit.d) / fit.df : 0;
}

/** ψ′⁻¹(y) by Newton's method on 1/x (Smyth 2004, limma trigammaInverse). */
export function trigammaInverse(y: number): number {
  if (!(y > 0)) return Number.POSITIVE_INFINITY;
  if (y > 1e7) return 1 / Math.sqrt(y);
  if (y < 1e-6) return 1 / y;
  let x = 0.5 + 1 / y;
  for (let i = 0; i < 50; i++) {
    const t = trigamma(x);
    const step = (t * (1 - t / y)) / tetragammaApprox(x);
    x += step;
    if (-step / x < 1e-8) break;
  }
  return x;
}

/** ψ″(x) by a central difference of ψ′ (only Newton's step size depends on it). */
function tetragammaApprox(x: number): number {
  const h = 1e-4 * Math.max(1, x);
  return (trigamma(x + h) - trigamma(x - h)) / (2 * h);
}

/**
 * The prior of one series and window from the fits of every force tested there (one per force).
 * `rho0` is the forces' median ρ̂; `minForces` as for the peer test.
 */
export function dispersionPrior(
  fits: readonly MomentFit[],
  rho0: number,
  minForces: number,
): DispersionPrior {
  const usable = fits.filter((f) => f.df >= 2 && f.x2 > 0 && f.dfEffective > 0);
  const G = usable.length;
  if (G < Math.max(minForces, 3)) return NO_PRIOR;
  const e: number[] = [];
  let meanTrigamma = 0;
  for (const f of usable) {
    const nu = f.dfEffective;
    e.push(Math.log(f.x2 / f.df / (1 + sizeFactor(f) * rho0)) - digamma(nu / 2) + Math.log(nu / 2));
    meanTrigamma += trigamma(nu / 2) / G;
  }
  const mean = e.reduce((s, x) => s + x, 0) / G;
  const variance = e.reduce((s, x) => s + (x - mean) ** 2, 0) / (G - 1);
  const excess = variance - meanTrigamma;
  const totalDf = usable.reduce((s, f) => s + f.dfEffective, 0);
  // Dispersions no more varied than sampling explains: as much pooling as the forces hold.
  const df = Math.min(totalDf, excess > 0 ? 2 * trigammaInverse(excess) : totalDf);
  const scale = Math.exp(mean + digamma(df / 2) - Math.log(df / 2));
  return { df, scale, rho0, forces: G, totalDf };
}

/**
 * The fit the predictive p-value integrates over: X² and ν replaced by the posterior (X̃² = (k − 1)φ̃,
 * ν + d₀), capped so that no force borrows more than the other forces hold. μ̂, ρ̂ and D stay the
 * fit's own (the plug-in test and the evidence use them).
 */
export function moderatedFit(fit: MomentFit, prior: DispersionPrior): MomentFit {
  if (prior.df <= 0 || fit.df < 1 || !(fit.x2 > 0)) return fit;
  const nu = fit.dfEffective;
  const d0 = Math.min(prior.df, Math.max(0, prior.totalDf - nu));
  if (d0 <= 0) return fit;
  const phiHat = fit.x2 / fit.df;
  const prior0 = prior.scale * (1 + sizeFactor(fit) * prior.rho0);
  const phi = (d0 * prior0 + nu * phiHat) / (d0 + nu);
  return { ...fit, x2: fit.df * phi, dfEffective: nu + d0 };
}
