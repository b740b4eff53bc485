import { describe, expect, it } from 'vitest';
import { addMonths } from '#core/series/months.ts';
import { cellOf, generateBenchmarkPanel } from '#core/synthetic/benchmark/generator.ts';
import { applyInjections, type InjectionSpec } from '#core/synthetic/benchmark/injections.ts';
import { oracleMove, oracleSum } from '#core/synthetic/benchmark/oracle.ts';
import { SYNTHETIC_FORCES } from '#core/synthetic/force-sizes.ts';

const CODES = ['8N', '5D', '105A', '19C', '20A', '28E', '58A', '34B', '39', '46'];
const panel = generateBenchmarkPanel({ seed: 'test-oracle', codes: CODES });
const STARTS = ['2015-01', '2016-07', '2018-01', '2019-07', '2021-01', '2022-07'];

const meanSd = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
  return { mean: m, sd: Math.sqrt(v) };
};

/**
 * On clean data z should be N(0, 1): the force's random paths move inside the window (their
 * innovations are in the data), and the oracle predicts them from the months before. 44 forces × 6
 * windows = 264 draws per statistic: the sample mean has SE ≈ .06 and the sample SD ≈ .045 (the
 * windows start 18 months apart, so windows of ≤ 18 months share no innovation), so the tolerances
 * are ±.2 on the mean and [.85, 1.15] on the SD (about 3 SE).
 */
describe('oracle z on clean data', () => {
  const cases: Array<[string, (force: string, from: string) => number]> = [
    [
      'recorded violence with injury and without (one family: jitter covaries)',
      (f, from) =>
        oracleSum(
          panel,
          ['8N', '5D', '105A'].map((code) => ({ force: f, code, quantity: 'recorded' as const })),
          from,
          12,
        ).z,
    ],
    [
      'recorded violence without injury, 18 months (the paths dominate the variance)',
      (f, from) => oracleSum(panel, [{ force: f, code: '105A', quantity: 'recorded' }], from, 18).z,
    ],
    [
      'recorded residential burglary, 3 months',
      (f, from) => oracleSum(panel, [{ force: f, code: '28E', quantity: 'recorded' }], from, 3).z,
    ],
    [
      'cancelled rape and sexual assault',
      (f, from) =>
        oracleSum(
          panel,
          ['19C', '20A'].map((code) => ({ force: f, code, quantity: 'cancelled' as const })),
          from,
          6,
        ).z,
    ],
    [
      'the downgrade contrast 8N → 105A',
      (f, from) =>
        oracleMove(
          panel,
          { force: f, code: '8N', quantity: 'recorded' },
          { force: f, code: '105A', quantity: 'recorded' },
          from,
          12,
        ).z,
    ],
    [
      'the ladder contrast 5D → 8N (both serious: jitter cancels)',
      (f, from) =>
        oracleMove(
          panel,
          { force: f, code: '5D', quantity: 'recorded' },
          { force: f, code: '8N', quantity: 'recorded' },
          from,
          12,
        ).z,
    ],
  ];
  for (const [name, z] of cases) {
    it(`is about N(0, 1): ${name}`, () => {
      const zs = SYNTHETIC_FORCES.flatMap((f) => STARTS.map((from) => z(f, from)));
      const { mean, sd } = meanSd(zs);
      expect(Math.abs(mean)).toBeLessThan(0.2);
      expect(sd).toBeGreaterThan(0.85);
      expect(sd).toBeLessThan(1.15);
    });
  }

  it('would be overdispersed without the paths: noise-only z of 105A over 18 months has SD > 1.4', () => {
    // The test above can fail: leaving the forward innovations out of the variance (the old oracle's
    // variance with the new mean) gives a z whose SD is ≈ 1.9 on this panel.
    const zs = SYNTHETIC_FORCES.flatMap((f) =>
      STARTS.map((from) => {
        const o = oracleSum(panel, [{ force: f, code: '105A', quantity: 'recorded' }], from, 18);
        return (o.observed - o.expected) / Math.sqrt(o.variance_parts.noise);
      }),
    );
    expect(meanSd(zs).sd).toBeGreaterThan(1.4);
  });

  it('is the 2 × 2 GLS contrast, with the shared paths as the covariance of the two codes', () => {
    // 28E and 39 share no family but share the force's shock and cancellation drift: Cov(s, l) is
    // (Var(s + l) − Var s − Var l)/2 from the sums, and the contrast is dᵀΣ⁻¹r/√(dᵀΣ⁻¹d) by hand.
    const f = 'kent';
    const term = (code: string) => ({ force: f, code, quantity: 'recorded' as const });
    const s = oracleSum(panel, [term('28E')], '2018-04', 12);
    const l = oracleSum(panel, [term('39')], '2018-04', 12);
    const both = oracleSum(panel, [term('28E'), term('39')], '2018-04', 12);
    const move = oracleMove(panel, term('28E'), term('39'), '2018-04', 12);
    const a = s.variance;
    const d = l.variance;
    const b = (both.variance - a - d) / 2;
    expect(b).toBeGreaterThan(0);
    const det = a * d - b * b;
    const [ws, wl] = [(-d - b) / det, (b + a) / det];
    const hand = (ws * (s.observed - s.expected) + wl * (l.observed - l.expected)) / Math.sqrt(wl - ws);
    expect(move.z).toBeCloseTo(hand, 8);
    expect(move.variance_parts.noise + move.variance_parts.paths).toBeCloseTo(move.variance, 10);
  });

  it('splits the variance into noise and paths, the paths larger for a longer window', () => {
    const t = [{ force: 'kent', code: '105A', quantity: 'recorded' as const }];
    const short = oracleSum(panel, t, '2018-04', 3);
    const long = oracleSum(panel, t, '2018-04', 18);
    for (const o of [short, long]) {
      expect(o.variance_parts.noise + o.variance_parts.paths).toBeCloseTo(o.variance, 8);
      expect(o.variance_parts.paths).toBeGreaterThan(0);
    }
    const share = (o: typeof short) => o.variance_parts.paths / o.variance;
    expect(share(long)).toBeGreaterThan(share(short));
  });

  it('predicts from the month before the window: the same counts, a later origin, another mean', () => {
    // The window 2018-07..2018-09 read as the tail of a window from 2018-04 is forecast from 2018-03;
    // on its own it is forecast from 2018-06. Only the paths' state differs, so the means differ.
    const t = [{ force: 'kent', code: '105A', quantity: 'recorded' as const }];
    const long = oracleSum(panel, t, '2018-04', 6);
    const head = oracleSum(panel, t, '2018-04', 3);
    const tail = oracleSum(panel, t, '2018-07', 3);
    expect(tail.observed).toBeCloseTo(long.observed - head.observed, 10);
    expect(Math.abs(tail.expected - (long.expected - head.expected))).toBeGreaterThan(1e-6);
  });
});

/**
 * With an injection of known size the oracle's z is centred on its closed form (E over the injection's
 * binomial draws and the clean noise): the mean of z − E z over 44 forces is within ±.3 of 0 (SE ≈ .15).
 */
describe('oracle z of an injection of known size', () => {
  const inject = (make: (force: string) => InjectionSpec) => {
    const specs = SYNTHETIC_FORCES.map(make);
    return applyInjections(panel, specs).labels;
  };
  const months = (t0: string, n: number) => Array.from({ length: n }, (_, i) => addMonths(t0, i));
  const ts = (t0: string, n: number) => months(t0, n).map((m) => panel.months.indexOf(m));

  it('S3: a 20% drop of recorded burglary for 12 months, E z = −Δ·ΣE[rec]/√ΣVar', () => {
    const labels = inject((force) => ({
      kind: 'sudden_drop',
      forces: [force],
      codes: ['28E'],
      t0: '2018-04',
      duration: 12,
      size: 0.2,
    }));
    const gaps = labels.map((l) => {
      const o = l.oracle!;
      expect(o.from).toBe('2018-04');
      expect(o.to).toBe('2019-03');
      const closed = (-0.2 * o.expected) / Math.sqrt(o.variance);
      return o.z - closed;
    });
    expect(Math.abs(meanSd(gaps).mean)).toBeLessThan(0.3);
    expect(labels.filter((l) => l.oracle!.z < 0).length).toBeGreaterThan(40);
  });

  it('S2: cancellations ×2.5 for 6 months, E z = Σ(R − 1)·p·E[gross]·(1 − p)/(1 − p)/√ΣVar', () => {
    const labels = inject((force) => ({
      kind: 'no_crime_spike',
      forces: [force],
      codes: ['8N'],
      t0: '2019-01',
      duration: 6,
      size: 2.5,
    }));
    const gaps = labels.map((l) => {
      const cell = cellOf(panel, l.forces[0]!, '8N');
      const extra = ts('2019-01', 6).reduce(
        (s, t) => s + 1.5 * cell.cancelProbability[t]! * cell.expected[t]!,
        0,
      );
      return l.oracle!.z - extra / Math.sqrt(l.oracle!.variance);
    });
    expect(Math.abs(meanSd(gaps).mean)).toBeLessThan(0.3);
  });

  it('S1: 20% of 8N moved to 105A for 12 months, E z = δ·ΣE[rec 8N]·√(dᵀΣ⁻¹d)', () => {
    const labels = inject((force) => ({
      kind: 'reclassification',
      forces: [force],
      codes: ['8N'],
      to_code: '105A',
      t0: '2017-10',
      duration: 12,
      size: 0.2,
    }));
    const gaps = labels.map((l) => {
      const cell = cellOf(panel, l.forces[0]!, '8N');
      const moved = ts('2017-10', 12).reduce(
        (s, t) => s + 0.2 * (1 - cell.cancelProbability[t]!) * cell.expected[t]!,
        0,
      );
      return l.oracle!.z - moved * Math.sqrt(l.oracle!.variance);
    });
    expect(Math.abs(meanSd(gaps).mean)).toBeLessThan(0.3);
  });
});
