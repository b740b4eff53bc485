import { beforeAll, describe, expect, it } from 'vitest';
import { auditContext } from '#core/checks/audit-context.ts';
import { DEFAULT_SUDDEN_DROP_CONFIG } from '#core/checks/sudden-drop/config.ts';
import { PERIOD_END_DIP_CHECK_ID } from '#core/checks/sudden-drop/period-end-dip.ts';
import { YEAR_END_DIP_CHECK_ID } from '#core/checks/sudden-drop/year-end-dip.ts';
import { analyseYearEnd } from '#core/checks/sudden-drop/year-end-dip-analyse.ts';
import { cleanReturns } from './clean-returns.ts';
import { audit, auditInput } from './helpers.ts';

/** Kolmogorov–Smirnov distance of a sample from U(0, 1). */
function ksUniform(ps: readonly number[]): number {
  const s = [...ps].sort((a, b) => a - b);
  let d = 0;
  s.forEach((p, i) => {
    d = Math.max(d, (i + 1) / s.length - p, p - i / s.length);
  });
  return d;
}

const share = (ps: readonly number[], a: number) => ps.filter((p) => p < a).length / ps.length;

// Clean data: negative-binomial noise, per-code and per-force trends (±5% and ±1.5% a year),
// seasonality that differs by code (so by force, through the offence mix) and a national AR(1) shock.
describe('sudden_drop.year_end_dip on clean data', () => {
  const windowP: number[] = [];
  const draftP: number[] = [];
  let flags = 0;
  let forceYears = 0;
  beforeAll(() => {
    for (const seed of [61, 62, 63]) {
      const g = cleanReturns({ seed, start: '2014-04', months: 120, maxCodes: 40 });
      const input = auditInput(g.rows);
      const run = analyseYearEnd(
        auditContext(input),
        DEFAULT_SUDDEN_DROP_CONFIG,
        'month',
        new Set(input.forces),
      )!;
      for (const d of run.dips) {
        draftP.push(d.p);
        for (const t of d.tests) windowP.push(t.p);
      }
      if (seed === 61) {
        const findings = audit(g.rows);
        flags = findings.filter(
          (f) =>
            (f.check_id === YEAR_END_DIP_CHECK_ID || f.check_id === PERIOD_END_DIP_CHECK_ID) &&
            f.severity !== 'info',
        ).length;
        forceYears = g.forces.length * 10;
      }
    }
  });

  it('gives uniform p-values for every year and window tested (tolerance: binomial ± 4 SE, KS D < 0.04)', () => {
    expect(windowP.length).toBeGreaterThan(10_000);
    const se = (a: number) => Math.sqrt((a * (1 - a)) / windowP.length);
    // Measured (seeds 61–63, 64,974 tests): P(p < .05) = .036, P(p < .01) = .0064, P(p < .001) = .0006,
    // KS D = .029 — slightly conservative; drafts (4,641): P(p < .05) = .030; 0 flags in 440 force-years.
    expect(share(windowP, 0.05)).toBeLessThan(0.05 + 4 * se(0.05));
    expect(share(windowP, 0.05)).toBeGreaterThan(0.025);
    expect(share(windowP, 0.01)).toBeLessThan(0.01 + 4 * se(0.01));
    expect(share(windowP, 0.001)).toBeLessThan(0.001 + 4 * se(0.001));
    expect(ksUniform(windowP)).toBeLessThan(0.04);
  });

  it('keeps the drafts’ Šidák p-values at or below nominal (conservative: quarter and March overlap)', () => {
    const se = (a: number) => Math.sqrt((a * (1 - a)) / draftP.length);
    expect(share(draftP, 0.05)).toBeLessThan(0.05 + 3 * se(0.05));
    expect(share(draftP, 0.01)).toBeLessThan(0.01 + 3 * se(0.01));
  });

  it('raises at most 0.05 false flags per force-year across both dip checks, after BH and the gates', () => {
    expect(flags / forceYears).toBeLessThanOrEqual(0.05);
  });
});
