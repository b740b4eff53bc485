// Issue 9 items 5 and 6 through the engine (small-series-arms.ts): false flags on clean data with
// force × code trends and a national shock, the p-values' calibration there, and recall on small-series
// spikes and on spikes in the year after the shock. The full measurement (more runs, printed) is
//   npx tsx test/core/checks/no-crime/small-series-measure.ts 3
import { describe, expect, it } from 'vitest';
import type { AuditInput } from '#core/checks/check.ts';
import { noCrimeSpikeCheck } from '#core/checks/no-crime/index.ts';
import { runCheck } from '#test-support/run-check.ts';
import { COVID_LIKE, generateCancellations } from './generator.ts';
import { cleanRun, injectedRun, recall, TREND_SD } from './small-series-arms.ts';

describe('clean data with trends and a national shock', () => {
  it('flags at most 0.05 per force-year, five- and ten-year histories', () => {
    for (const years of [5, 10] as const) {
      const r = cleanRun(`clean-test-${years}`, years);
      expect(r.forceYears).toBeGreaterThan(150);
      expect(r.findings.length / r.forceYears).toBeLessThanOrEqual(0.05);
    }
  }, 300_000);

  it('gives p-values no smaller than nominal (the scan bound is conservative, not anti-conservative)', () => {
    const g = generateCancellations({
      seed: 'clean-pvalues',
      codes: 30,
      start: '2019-04',
      end: '2024-03',
      trendSd: TREND_SD,
      shock: COVID_LIKE,
    });
    const input: AuditInput = { current: g.rows, history: g.rows, notes: [], forces: g.forces };
    const p = runCheck(noCrimeSpikeCheck, input).map((d) => d.p_value!);
    expect(p.length).toBeGreaterThan(5000);
    for (const a of [0.001, 0.01, 0.05]) {
      const share = p.filter((x) => x <= a).length / p.length;
      // Three binomial SEs of slack over the nominal rate.
      expect(share).toBeLessThanOrEqual(a + 3 * Math.sqrt((a * (1 - a)) / p.length));
    }
  }, 300_000);
});

describe('recall on spikes the held-out benchmark missed', () => {
  // Target 0.9 on detectable (oracle z ≥ 5) injections; rule 2.0.0 measured 20/30 (small) and 13/28
  // (post-shock) over three seeds (README), 3/10 and 1/9 on these single seeds: the bounds guard what it
  // reaches (before rule 2.0.0 the post-shock windows were not tested at all), not the target.
  it('finds small-series spikes (2–6 a month, ×2.8–3.8, 3–5 months; rape and others)', () => {
    const r = recall(injectedRun('small-test', 'small', 12));
    expect(r.detectable).toBeGreaterThanOrEqual(6);
    expect(r.found / r.detectable).toBeGreaterThanOrEqual(0.25);
  }, 300_000);

  it('tests spikes in the year after a national shock against a peer-relative baseline', () => {
    const outcomes = injectedRun('post-shock-test', 'post_shock', 12);
    const r = recall(outcomes);
    expect(r.detectable).toBeGreaterThanOrEqual(6);
    expect(r.found).toBeGreaterThanOrEqual(1);
  }, 300_000);
});
