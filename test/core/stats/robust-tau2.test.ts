import { describe, expect, it } from 'vitest';
import { normalQuantile } from '#core/stats/distributions.ts';
import {
  derSimonianLaird,
  proportionFunnel,
  robustTau2,
  spiegelhalterOverdispersion,
} from '#core/stats/robust-tau2.ts';
import { expectAbsClose, expectRelClose, goldenR2 } from './golden.ts';

const E2 = goldenR2().E2;

describe('proportionFunnel — Spiegelhalter (2005) winsorised overdispersion (fixture E2, oracle_r2.R)', () => {
  // oracle_r2.R: theta0 = sum(y)/sum(n); s = sqrt(theta0(1-theta0)/n); z = (y/n - theta0)/s;
  // winsorise z at quantile(z, c(.1, .9), type = 7); phi = mean(zw^2);
  // tau2 = max(0, (I*phi - (I-1)) / (sum(w) - sum(w^2)/sum(w))), w = 1/s^2; zD = (y/n - theta0)/sqrt(s^2 + tau2).
  const r = proportionFunnel(E2.y, E2.n);

  it('θ₀, φ̂ = 5.911 and τ̂² = 3.598e-5 match R (1e-9 relative)', () => {
    expectRelClose([r.target, r.phi, r.tau2], [E2.theta0, E2.phi, E2.tau2], 1e-9);
  });

  it('naive z and adjusted zD match R for all 20 forces (1e-9 absolute)', () => {
    expectAbsClose(r.z, E2.z, 1e-9);
    expectAbsClose(r.zD, E2.zD, 1e-9);
  });

  it('upper-tail p = pnorm(zD, lower.tail = FALSE) matches R (1e-9 absolute)', () => {
    expectAbsClose(r.pUpper, E2.pD_upper, 1e-9);
  });

  it('gives τ̂² = 0 when the z-scores are under-dispersed', () => {
    const se = [0.1, 0.1, 0.1, 0.1, 0.1];
    const theta = [0.01, -0.02, 0.015, -0.01, 0];
    expect(spiegelhalterOverdispersion(theta, se, 0).tau2).toBe(0);
  });
});

describe('derSimonianLaird (fixture E2)', () => {
  it('equals metafor rma(yi = y/n, sei = s, method = "DL"): τ² = 6.90e-5, μ = 0.03309 (1e-9 relative)', () => {
    const r = proportionFunnel(E2.y, E2.n);
    const rates = E2.y.map((y, i) => y / (E2.n[i] as number));
    const dl = derSimonianLaird(rates, r.se);
    expectRelClose([dl.tau2, dl.mu], [E2.DL_tau2, E2.DL_mu], 1e-9);
  });
});

describe('robustTau2 — median|θ̂ − m|/√(s² + τ²) = Φ⁻¹(0.75)', () => {
  it('with equal SEs equals the closed form (MAD/0.6745)² − s² (1e-10 relative)', () => {
    const theta = [0.31, -0.22, 0.05, 0.4, -0.6, 0.12, -0.08, 0.27, -0.35];
    const s = 0.1;
    const m = [...theta].sort((a, b) => a - b)[4] as number;
    const absDev = theta.map((t) => Math.abs(t - m)).sort((a, b) => a - b);
    const mad = absDev[4] as number;
    const expected = (mad / normalQuantile(0.75)) ** 2 - s * s;
    const r = robustTau2(
      theta,
      theta.map(() => s),
    );
    expect(r.centre).toBe(m);
    expectRelClose([r.tau2], [expected], 1e-10);
  });

  it('solves the defining equation with unequal SEs', () => {
    const theta = [0.2, -0.1, 0.05, 0.33, -0.41, 0.02, 0.15, -0.22];
    const se = [0.05, 0.12, 0.03, 0.2, 0.08, 0.06, 0.1, 0.04];
    const { tau2, centre } = robustTau2(theta, se);
    const ratios = theta.map((t, i) => Math.abs(t - centre) / Math.sqrt((se[i] as number) ** 2 + tau2));
    const sorted = [...ratios].sort((a, b) => a - b);
    const med = ((sorted[3] as number) + (sorted[4] as number)) / 2;
    expect(med).toBeCloseTo(normalQuantile(0.75), 10);
  });

  it('is 0 when deviations are already within sampling error', () => {
    expect(robustTau2([0.01, -0.01, 0.02, 0], [0.1, 0.1, 0.1, 0.1]).tau2).toBe(0);
  });

  it('barely moves when two units are grossly manipulated, unlike DerSimonian–Laird', () => {
    const theta = [0.05, -0.03, 0.02, -0.06, 0.04, 0.01, -0.02, 0.03, -0.05, 0.06];
    const se = theta.map(() => 0.02);
    const spoiled = [...theta];
    spoiled[0] = 1.5;
    spoiled[1] = -1.5;
    const robustRatio = robustTau2(spoiled, se).tau2 / robustTau2(theta, se).tau2;
    const dlRatio = derSimonianLaird(spoiled, se).tau2 / derSimonianLaird(theta, se).tau2;
    expect(robustRatio).toBeLessThan(2);
    expect(dlRatio).toBeGreaterThan(100);
  });
});
