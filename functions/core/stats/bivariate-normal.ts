/**
 * The bivariate standard normal CDF at equal limits, P(X ≤ h, Y ≤ h) with corr(X, Y) = ρ, for the
 * Hunter–Worsley bound of a changepoint scan (step-scan.ts).
 *
 * Method: Plackett's identity ∂Φ₂(h, k; ρ)/∂ρ = φ₂(h, k; ρ) (Plackett 1954, Biometrika 41:351),
 * integrated from ρ = 0 (where Φ₂ = Φ(h)²) with the substitution r = sin θ that removes the
 * singularity at |ρ| → 1 (Drezner & Wesolowsky 1990, J Stat Comput Simul 35:101):
 * Φ₂(h, h; ρ) = Φ(h)² + (1/2π) ∫₀^{asin ρ} exp(−h²/(1 + sin θ)) dθ, by composite Simpson on 256
 * intervals (the integrand is smooth and bounded by 1). Golden values: at h = 0 the closed form
 * 1/4 + asin(ρ)/(2π) (Sheppard 1898); ρ = 0 gives Φ(h)²; ρ = 1 gives Φ(h).
 */
import { normalCdf } from './distributions.ts';

export function bivariateNormalEqual(h: number, rho: number): number {
  if (!(rho >= -1 && rho <= 1)) throw new RangeError('rho must lie in [-1, 1]');
  const top = Math.asin(rho);
  const n = 256;
  const step = top / n;
  const f = (theta: number) => Math.exp((-h * h) / (1 + Math.sin(theta)));
  let sum = f(0) + (rho === -1 ? 0 : f(top));
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * f(i * step);
  const p = normalCdf(h) ** 2 + ((step / 3) * sum) / (2 * Math.PI);
  return Math.min(1, Math.max(0, p));
}
