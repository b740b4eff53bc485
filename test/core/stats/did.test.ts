import { describe, expect, it } from 'vitest';
import { peerDid, placeboInSpaceP } from '#core/stats/did.ts';
import { expectRelClose, goldenR2 } from './golden.ts';

const E1 = goldenR2().E1;

describe('peerDid (fixture E1: focal 1000 → 820, peers 5200 → 5050)', () => {
  const [focalPre, focalPost, peerPre, peerPost] = E1.y as [number, number, number, number];
  const r = peerDid({ focalPre, focalPost, peerPre, peerPost });

  it('log RR equals the focal:post coefficient of R glm(y ~ focal * post, poisson) (1e-12 absolute)', () => {
    expect(Math.abs(r.logRateRatio - E1.logRR)).toBeLessThan(1e-12);
  });

  it('SE equals sqrt(sum(1/y)) (1e-12 relative) and R vcov SE (1e-6 relative: glm stops at its tolerance)', () => {
    expectRelClose([r.se], [E1.se_formula], 1e-12);
    expectRelClose([r.se], [E1.se_poisson], 1e-6);
  });

  it('z = −3.31 and p_lower = pnorm(z) match R (1e-6 relative)', () => {
    expectRelClose([r.z, r.pLower], [E1.z, E1.p_lower], 1e-6);
  });

  it('quasi-Poisson φ̂ scales the SE by √φ̂', () => {
    const q = peerDid({ focalPre, focalPost, peerPre, peerPost }, 4);
    expect(q.se).toBeCloseTo(2 * r.se, 14);
    expect(q.z).toBeCloseTo(r.z / 2, 12);
  });

  it('rejects a zero total', () => {
    expect(() => peerDid({ focalPre: 0, focalPost: 5, peerPre: 10, peerPost: 10 })).toThrow(RangeError);
  });
});

describe('placeboInSpaceP', () => {
  it('is the rank of the observed effect among itself and the placebos', () => {
    const placebos = Array.from({ length: 42 }, (_, i) => -0.1 + i * 0.005);
    expect(placeboInSpaceP(-0.2, placebos)).toBeCloseTo(1 / 43, 15);
    expect(placeboInSpaceP(-0.1, placebos)).toBeCloseTo(2 / 43, 15);
    expect(placeboInSpaceP(1, placebos)).toBe(1);
  });
});
