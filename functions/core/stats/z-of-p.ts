import { normalQuantile } from './distributions.ts';

/**
 * The one-sided normal score Φ⁻¹(1 − p) of a p-value. Below 10⁻¹⁶ (where the quantile function gives
 * up) the leading Mills-ratio term z² ≈ −2 ln p − ln(−2 ln p) − ln 2π (Abramowitz & Stegun 26.2.23's
 * asymptote; within 2% at 10⁻¹⁶ and closer beyond); p = 0 gives 40.
 */
export function zOfP(p: number): number {
  if (!(p < 1)) return 0;
  if (!(p > 0)) return 40;
  if (p >= 1e-16) return -normalQuantile(p);
  const l = -2 * Math.log(p);
  return Math.min(40, Math.sqrt(l - Math.log(l) - Math.log(2 * Math.PI)));
}
