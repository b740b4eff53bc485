import { describe, expect, it } from 'vitest';
import { DEFAULT_SUDDEN_DROP_CONFIG } from '#core/checks/sudden-drop/config.ts';
import { createSuddenDropChecks } from '#core/checks/sudden-drop/index.ts';
import { LEVEL_SHIFT_CHECK_ID } from '#core/checks/sudden-drop/level-shift.ts';
import type { Finding } from '#core/model/findings.ts';
import { monthsBetween } from '#core/series/months.ts';
import { runCheck } from '#test-support/run-check.ts';
import { cleanReturns } from './clean-returns.ts';
import { audit, parseEvidence } from './helpers.ts';

/**
 * Rule 2.0.0 on clean data whose forces drift apart offence by offence (a log-linear trend of SD
 * 3%/yr per force × code, on top of per-code and per-force trends, seasonality, a national AR(1)
 * shock and NB noise): a drift is not a drop, and lasting cliffs are still found.
 */
const TRENDS = { start: '2014-04', months: 120, maxCodes: 60, forceOffenceTrendSd: 0.03 } as const;
// Residential burglary at roughly its national volume, so that 28E stands alone in a large force.
const BURGLARY = { '28E': 200_000 } as const;
const aboveInfo = (fs: Finding[]) =>
  fs.filter((f) => f.check_id === LEVEL_SHIFT_CHECK_ID && f.severity !== 'info');

describe('sudden_drop.level_shift on clean data with force × offence trends', () => {
  it('raises at most 0.05 findings above info per force-year (3 seeds, 1,320 force-years)', () => {
    let flags = 0;
    let forceYears = 0;
    for (const seed of [41, 42, 43]) {
      const g = cleanReturns({ ...TRENDS, seed });
      flags += aboveInfo(audit(g.rows)).length;
      forceYears += (g.forces.length * g.months.length) / 12;
    }
    expect(forceYears).toBe(1320);
    expect(flags / forceYears).toBeLessThanOrEqual(0.05);
  });

  it('still finds a lasting 25–30% cliff in residential burglary (28E) of a large force, at its month', () => {
    for (const [seed, factor] of [
      [51, 0.75],
      [52, 0.72],
    ] as const) {
      const g = cleanReturns({
        ...TRENDS,
        seed,
        codeAnnual: BURGLARY,
        injections: [{ force: 'west-yorkshire', codes: ['28E'], from: '2021-10', factor }],
      });
      const hit = aboveInfo(audit(g.rows)).find(
        (f) =>
          f.force_code === 'west-yorkshire' &&
          (f.offence_code === '28E' || f.offence_group === 'Theft offences') &&
          Math.abs(monthsBetween('2021-10', f.period_start)) <= 1,
      );
      expect(hit, `seed ${seed}`).toBeDefined();
    }
  });

  it('still finds a lasting 20% cliff in a group of the median force', () => {
    const g = cleanReturns({
      ...TRENDS,
      seed: 53,
      injections: [
        { force: 'hertfordshire', groups: ['Violence against the person'], from: '2022-04', factor: 0.8 },
      ],
    });
    const hit = aboveInfo(audit(g.rows)).find(
      (f) => f.force_code === 'hertfordshire' && Math.abs(monthsBetween('2022-04', f.period_start)) <= 1,
    );
    expect(hit).toBeDefined();
  });
});

describe('sudden_drop.level_shift after a national shock (item 6: the months after COVID-19)', () => {
  // A dip of 30% (each force's depth varying by 10%) over the known break's months, 2020-03..2021-06.
  const covid = { from: '2020-03', to: '2021-06', factor: 0.7, forceSd: 0.1 };

  it('finds a burglary cliff that starts in 2021-06, against a peer-relative baseline across the shock', () => {
    const g = cleanReturns({
      ...TRENDS,
      seed: 61,
      codeAnnual: BURGLARY,
      nationalDip: covid,
      injections: [{ force: 'west-yorkshire', codes: ['28E'], from: '2021-06', factor: 0.72 }],
    });
    const hit = aboveInfo(audit(g.rows)).find(
      (f) =>
        f.force_code === 'west-yorkshire' &&
        (f.offence_code === '28E' || f.offence_group === 'Theft offences') &&
        f.period_start >= '2021-06' &&
        f.period_start <= '2021-08',
    );
    expect(hit).toBeDefined();
    const baseline = parseEvidence(hit!).baseline as { kind: string; spans_excluded_shock: boolean };
    expect(baseline.kind).toMatch(/^peer_relative_/);
    expect(baseline.spans_excluded_shock).toBe(true);
  });

  it('does not flag forces for the shock itself or their recovery from it', () => {
    const g = cleanReturns({ ...TRENDS, seed: 62, nationalDip: covid });
    const after = aboveInfo(audit(g.rows)).filter(
      (f) => f.period_start >= '2020-01' && f.period_start <= '2022-06',
    );
    expect(after.length).toBeLessThanOrEqual(2);
  });
});

describe('sudden_drop.level_shift near the start of the data (rule 2.1.0)', () => {
  // Five years with drifting forces: a change placed a few months in has too short a pre window to
  // fit a trend alone, so it shares the post window's slope instead of being compared as a level.
  const g = cleanReturns({ start: '2019-04', months: 60, maxCodes: 40, forceOffenceTrendSd: 0.03, seed: 44 });
  const input = { current: g.rows, history: g.rows, notes: [], forces: g.forces };
  const check = createSuddenDropChecks(DEFAULT_SUDDEN_DROP_CONFIG).find(
    (c) => c.id === LEVEL_SHIFT_CHECK_ID,
  )!;
  const drafts = runCheck(check, input).filter((d) => d.p_value !== 1);
  const early = drafts.filter((d) => monthsBetween('2019-04', d.period_start) < 12);

  it('tests every early change with 3+ months before it and 12 in both windows against the shared trend', () => {
    const windows = (d: (typeof early)[number]) =>
      (d.evidence as unknown as { did: { broken_trend?: { pre_periods: number; post_periods: number } } }).did
        .broken_trend;
    const shared = early.filter((d) => {
      const w = windows(d);
      return (
        w !== undefined && w.pre_periods >= 3 && w.pre_periods < 12 && w.pre_periods + w.post_periods >= 12
      );
    });
    expect(shared.length).toBeGreaterThan(0);
    for (const d of shared) {
      const baseline = (d.evidence as unknown as { baseline: { kind: string; description: string } })
        .baseline;
      expect(baseline.kind).toBe('peer_relative_local_trend');
      expect(baseline.description).toMatch(/shares with the months after/);
    }
  });

  it('raises no early finding above info on clean drifting data', () => {
    const flagged = audit(g.rows).filter(
      (f) =>
        f.check_id === LEVEL_SHIFT_CHECK_ID &&
        f.severity !== 'info' &&
        monthsBetween('2019-04', f.period_start) < 12,
    );
    expect(flagged).toEqual([]);
  });
});
