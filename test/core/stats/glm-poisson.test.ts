import { describe, expect, it } from 'vitest';
import { fitPoissonGlm } from '#core/stats/glm-poisson.ts';
import { fitNegativeBinomialGlm, thetaMl } from '#core/stats/negative-binomial.ts';
import { expectRelClose, goldenPy, goldenR, goldenR2 } from './golden.ts';

const D5 = goldenR().D5;
const PY = goldenPy().D5;

/** oracle_r.R D5 design: x ~ t + sin(2πt/12) + cos(2πt/12), t = 1..60. */
const design = Array.from({ length: 60 }, (_, i) => {
  const t = i + 1;
  return [1, t, Math.sin((2 * Math.PI * t) / 12), Math.cos((2 * Math.PI * t) / 12)];
});

describe('fitPoissonGlm / quasi-Poisson (fixture D5)', () => {
  const fit = fitPoissonGlm(D5.x, design);

  it('coefficients equal R glm(x ~ t + s1 + c1, family = quasipoisson) (1e-6 relative)', () => {
    expect(fit.converged).toBe(true);
    expectRelClose(fit.coefficients, D5.qp_coef, 1e-6);
    expectRelClose(fit.coefficients, PY.qp_coef, 1e-6);
  });

  it('φ̂ = Σ(y − μ)²/μ/(n − p) = 3.326: statsmodels fit(scale = "X2") to 1e-9, R summary()$dispersion to 1e-3', () => {
    // R's summary.glm uses the working weights of the last IRLS iteration (μ before its final
    // update), so it differs from the converged Pearson X²/df at ~1e-6; fitted dispersion tolerance 1e-3.
    expectRelClose([fit.dispersion], [PY.qp_dispersion], 1e-9);
    expectRelClose([fit.dispersion], [D5.qp_dispersion], 1e-3);
  });

  it('quasi-Poisson SEs are the Poisson SEs × √φ̂', () => {
    fit.quasiStandardErrors.forEach((s, j) => {
      expect(s).toBeCloseTo((fit.standardErrors[j] as number) * Math.sqrt(fit.dispersion), 14);
    });
  });

  it('an offset of log(exposure) enters with coefficient 1: doubling exposure halves the rate', () => {
    const y = [10, 12, 9, 30, 28, 33];
    const x = y.map((_, i) => [1, i < 3 ? 0 : 1]);
    const days = [1, 1, 1, 2, 2, 2];
    const withOffset = fitPoissonGlm(y, x, { offset: days.map(Math.log) });
    // Closed form for a saturated group model: log(Σy_group / Σexposure_group).
    expect(withOffset.coefficients[0]).toBeCloseTo(Math.log(31 / 3), 10);
    expect(withOffset.coefficients[1]).toBeCloseTo(Math.log(91 / 6) - Math.log(31 / 3), 10);
  });
});

describe('fitNegativeBinomialGlm (NB2, as MASS::glm.nb)', () => {
  it('D5: coefficients, θ̂ = 15.227 and SEs equal R glm.nb(x ~ t + s1 + c1) (1e-6 relative)', () => {
    const fit = fitNegativeBinomialGlm(D5.x, design);
    expect(fit.converged).toBe(true);
    expectRelClose(fit.coefficients, D5.nb_coef, 1e-6);
    expectRelClose([fit.theta], [D5.nb_theta], 1e-6);
    expectRelClose(fit.standardErrors, D5.nb_se, 1e-6);
    // statsmodels NegativeBinomial(loglike_method = "nb2"): 1e-6 relative.
    expectRelClose(fit.coefficients, PY.nb_coef, 1e-6);
    expectRelClose([fit.theta], [PY.nb_theta], 1e-6);
  });

  it('E3: FY-end dip coefficient −0.321 (SE 0.122, p 0.0082) and θ̂ = 80.3 equal R glm.nb (1e-6 relative)', () => {
    const E3 = goldenR2().E3;
    // oracle_r2.R: t = 1..60, moy = (t − 1) %% 12 + 1, two harmonic pairs, fyEnd = (moy == 12), fyEndPost = fyEnd × (t > 36).
    const x = E3.y.map((_, i) => {
      const t = i + 1;
      const moy = (i % 12) + 1;
      const fyEnd = moy === 12 ? 1 : 0;
      const w = (2 * Math.PI * moy) / 12;
      return [1, t, Math.sin(w), Math.cos(w), Math.sin(2 * w), Math.cos(2 * w), fyEnd, t > 36 ? fyEnd : 0];
    });
    const fit = fitNegativeBinomialGlm(E3.y, x);
    expectRelClose(
      [fit.coefficients[7] as number, fit.standardErrors[7] as number, fit.pValues[7] as number, fit.theta],
      [E3.fyEndPost_coef, E3.fyEndPost_se, E3.fyEndPost_p, E3.theta],
      1e-6,
    );
  });

  it('θ̂ is the ML root: the profile score is zero at the fitted means', () => {
    const fit = fitNegativeBinomialGlm(D5.x, design);
    const again = thetaMl(D5.x, fit.fitted, fit.theta * 2);
    expectRelClose([again.theta], [fit.theta], 1e-9);
  });

  it('flags θ → ∞ on under-dispersed data', () => {
    const y = [20, 21, 19, 20, 22, 18, 20, 21, 19, 20];
    const x = y.map(() => [1]);
    expect(fitNegativeBinomialGlm(y, x).thetaAtBoundary).toBe(true);
  });
});
