// The z of a p-value (z-of-p.ts) against Φ⁻¹ golden values.
import { describe, expect, it } from 'vitest';
import { zOfP } from '#core/stats/z-of-p.ts';

describe('zOfP', () => {
  // Φ⁻¹(1 − p) by bisection on erfc(z/√2)/2 = p in mpmath at 50 digits: 1e-2 → 2.326348, 1e-8 → 5.612001,
  // 1e-20 → 9.262340, 1e-100 → 21.27345. Below 1e-16 the asymptote is used (tolerance 1%).
  it.each([
    [1e-2, 2.326348, 1e-5],
    [1e-8, 5.612001, 1e-5],
    [1e-20, 9.26234, 0.01 * 9.26234],
    [1e-100, 21.27345, 0.01 * 21.27345],
  ])('gives Φ⁻¹(1 − %s) = %s', (p, z, tol) => {
    expect(Math.abs(zOfP(p) - z)).toBeLessThanOrEqual(tol);
  });

  it('is 0 at p = 1 and finite at p = 0', () => {
    expect(zOfP(1)).toBe(0);
    expect(zOfP(0)).toBe(40);
  });
});
