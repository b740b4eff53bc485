// The moderated (empirical-Bayes) dispersion: how much the other forces' baselines are pooled into a
// force's predictive p-value, and that a spike is no longer reported at a t-like tail 10²–10⁴ times
// its plug-in p-value when every force's series has the same dispersion.
import { describe, expect, it } from 'vitest';
import type { AuditInput } from '#core/checks/check.ts';
import { type MomentFit, momentFit } from '#core/checks/no-crime/chart.ts';
import {
  dispersionPrior,
  moderatedFit,
  NO_PRIOR,
  trigammaInverse,
} from '#core/checks/no-crime/dispersion-prior.ts';
import { NO_CRIME_CHECKS } from '#core/checks/no-crime/index.ts';
import { CheckRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import type { Finding } from '#core/model/findings.ts';
import { trigamma } from '#core/stats/polygamma.ts';
import { generateCancellations, TEN_FORCES } from './generator.ts';

/** A 36-month baseline of n a month whose Pearson dispersion X²/(k − 1) is exactly `phi` (alternating ±). */
function fitWithDispersion(phi: number, n = 400, mu = 0.05): MomentFit {
  const k = 36;
  const dev = Math.sqrt(phi * n * mu * (1 - mu) * ((k - 1) / k));
  const y = Array.from({ length: k }, (_, i) => n * mu + (i % 2 === 0 ? dev : -dev));
  return momentFit(y, new Array<number>(k).fill(n))!;
}

describe('trigammaInverse', () => {
  it('inverts ψ′ over the range the prior needs', () => {
    for (const x of [0.05, 0.5, 2, 17.5, 300]) expect(trigammaInverse(trigamma(x))).toBeCloseTo(x, 5);
  });
});

describe('dispersionPrior', () => {
  it('pools as much as the forces hold when their dispersions agree, little when they differ', () => {
    const alike = Array.from({ length: 20 }, () => fitWithDispersion(2));
    const same = dispersionPrior(alike, 0, 5);
    expect(same.forces).toBe(20);
    expect(same.df).toBeCloseTo(20 * alike[0]!.dfEffective, 6);
    // Dispersions from 1 to 30 times binomial: far more spread than 35 months' sampling explains.
    const unlike = Array.from({ length: 20 }, (_, i) => fitWithDispersion(1 + ((i * 29) / 19) ** 1.3));
    const apart = dispersionPrior(unlike, 0, 5);
    expect(apart.df).toBeGreaterThan(0);
    expect(apart.df).toBeLessThan(10);
  });

  it('does not pool with fewer forces than the peer test needs', () => {
    expect(dispersionPrior([fitWithDispersion(2), fitWithDispersion(2)], 0, 5)).toEqual(NO_PRIOR);
  });

  it('moves X² toward the prior and never lets a force borrow more than the others hold', () => {
    const fits = [...Array.from({ length: 9 }, () => fitWithDispersion(2)), fitWithDispersion(6)];
    const prior = dispersionPrior(fits, 0, 5);
    const own = fits[9]!;
    const m = moderatedFit(own, prior);
    expect(m.x2).toBeLessThan(own.x2);
    expect(m.x2).toBeGreaterThan(fits[0]!.x2);
    expect(m.dfEffective - own.dfEffective).toBeLessThanOrEqual(prior.totalDf - own.dfEffective + 1e-9);
    expect(m.mu).toBe(own.mu);
    expect(m.rho).toBe(own.rho);
    expect(moderatedFit(own, NO_PRIOR)).toBe(own);
  });
});

// biome-ignore lint/suspicious/noExplicitAny: evidence is parsed JSON whose shape the assertions spell out
const evidenceOf = (f: Finding) => JSON.parse(f.evidence) as Record<string, any>;

describe('a spike against forces with one common dispersion', () => {
  it('is reported close to its plug-in p-value, with the pooling in the evidence', () => {
    const forces = [...TEN_FORCES, 'cumbria', 'lincolnshire'];
    const g = generateCancellations({
      seed: 'dispersion-prior',
      forces,
      codes: 14,
      start: '2016-04',
      end: '2020-02',
      rho: [0.002, 0.002],
      injections: [
        { force: 'essex', start: '2019-07', months: 3, ratio: 2.5, groups: ['Violence against the person'] },
      ],
    });
    const input: AuditInput = { current: g.rows, history: g.rows, notes: [], forces };
    const { findings, errors } = runChecks(new CheckRegistry().registerAll(NO_CRIME_CHECKS), input, {
      run_id: 'run-1',
      now: new Date('2024-06-01T00:00:00Z'),
    });
    expect(errors).toEqual([]);
    const hit = findings.find(
      (f) => f.force_code === 'essex' && f.offence_group === 'Violence against the person',
    );
    expect(hit).toBeDefined();
    const ev = evidenceOf(hit!);
    expect(ev.fit.prior_forces).toBe(forces.length);
    expect(ev.fit.prior_df).toBeGreaterThan(50);
    // Own dispersion alone (rule 1.0.0) put the predictive p ~9,000 times above the plug-in here
    // (1.3e-15 against 1.5e-19); pooled over 12 forces' baselines, ~80 times (1.2e-17). Rule 2.0.0 tests
    // the block's window against a baseline 4 months earlier, further out in the tail: 1.7e-17 against
    // 4.5e-21 (the own dispersion alone would be far above).
    expect(ev.test.p_own).toBeLessThan(1e4 * ev.test.p_plug_in);
    expect(hit!.p_value!).toBeGreaterThanOrEqual(ev.test.p_plug_in);
  });
});
