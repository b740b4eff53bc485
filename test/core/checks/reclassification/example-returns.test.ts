import { beforeAll, describe, expect, it } from 'vitest';
import { RECLASSIFICATION_CHECKS } from '#core/checks/reclassification/index.ts';
import { reclassificationMixShiftCheck } from '#core/checks/reclassification/mix-shift-check.ts';
import { CheckRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import type { Finding } from '#core/model/findings.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { addMonths, calendarMonth } from '#core/series/months.ts';
import { generateMonthlyReturns } from '#core/synthetic/monthly-returns.ts';
import { loadPrcSubset } from '#test-support/check-inputs.ts';
import { runCheck } from '#test-support/run-check.ts';
import { auditInput, exampleReturns } from './example-data.ts';

const CTX = { run_id: 'r1', now: new Date('2025-01-01T00:00:00Z') };
const registry = () => new CheckRegistry().registerAll(RECLASSIFICATION_CHECKS);

/** Crimes the example generator actually moved from 8N to 105A in Hertfordshire between two months. */
function plantedMoves(from: string, to: string): number {
  const planted = generateMonthlyReturns({ forces: ['hertfordshire'] }).rows;
  const clean = generateMonthlyReturns({ forces: ['hertfordshire'], inject: false }).rows;
  const count = (rows: typeof planted, month: string) =>
    rows.find((r) => r.month === month && r.offence_code === '8N')!.recorded;
  let moved = 0;
  for (const r of planted) {
    if (r.offence_code === '8N' && r.month >= from && r.month <= to)
      moved += count(clean, r.month) - r.recorded;
  }
  return moved;
}

/** The example's monthly code-level returns re-cut into financial quarters, as the Home Office code table is. */
function toQuarters(rows: readonly ReturnRow[]): ReturnRow[] {
  const cells = new Map<string, ReturnRow>();
  for (const r of rows) {
    if (!Number.isInteger(r.recorded) || r.recorded < 0) continue;
    const start = addMonths(r.period_start, -((calendarMonth(r.period_start) - 1) % 3));
    const key = `${r.force_code}|${start}|${r.offence_code}`;
    const cell = cells.get(key);
    if (cell) cell.recorded += r.recorded;
    else
      cells.set(key, {
        ...r,
        period_start: start,
        period_end: addMonths(start, 2),
        grain: 'quarter',
        source_format: 'home_office_pfa',
        cancelled: null,
      });
  }
  return [...cells.values()];
}

describe('reclassification on the bundled example returns', () => {
  let rows: ReturnRow[];
  let findings: Finding[];

  beforeAll(async () => {
    rows = await exampleReturns();
    const result = runChecks(registry(), auditInput(rows), CTX);
    expect(result.errors).toEqual([]);
    findings = result.findings.filter((f) => f.signature === 'reclassification');
  }, 60_000);

  // The downgrade was planted from October 2022 to March 2023: the rolling window starting October 2022
  // holds all of it against a clean baseline, so it is the one reported.
  const herts = () => {
    const own = findings.filter(
      (x) => x.force_code === 'hertfordshire' && JSON.parse(x.evidence).family.id === 'violence-injury',
    );
    expect(own).toHaveLength(1);
    return own[0]!;
  };

  it('flags hertfordshire’s planted 8N → 105A downgrade once, in the window that holds it, with the right pair', () => {
    const f = herts();
    expect(f).toMatchObject({
      check_id: 'reclassification.mix_shift',
      period_start: '2022-10',
      period_end: '2023-09',
      offence_group: 'Violence against the person',
      offence_subgroup: 'Violence with injury',
      offence_code: '8N',
      related_offence_code: '105A',
      unit: 'crimes',
      // severityOf (rule 2.0.0): ~1,200 crimes × weight 6 and a 21% shortfall are HIGH-sized, but the
      // calibrated z (the year-on-year drift of forces' mixes in the variance) is below 5.
      severity: 'medium',
    });
    expect(f!.q_value!).toBeLessThan(0.001);
    expect(f!.effect_size!).toBeLessThan(-0.1);
    expect(f!.summary).toMatch(
      /^In the 12 months to 2023-09 hertfordshire recorded [\d,]+ fewer assaults with injury/,
    );
    expect(f!.summary).toMatch(/requires explanation\.$/);
    expect(f!.summary).not.toMatch(/manipulat|fraud|mis-?record/i);
  });

  it('estimates the displaced count near the crimes actually moved', () => {
    const f = herts();
    const e = JSON.parse(f.evidence);
    // The downgrade runs from October 2022 to the end of the data: every month of the window holds it.
    const truth = plantedMoves(f.period_start, f.period_end);
    expect(truth).toBeGreaterThan(400);
    const displaced = e.expected.displaced as number;
    expect(displaced).toBeCloseTo((f.expected as number) - (f.observed as number), 9);
    // The estimate's own uncertainty: T·π(1−π)·√(SE² + τ²) crimes per unit of δ.
    const total = e.table.serious.window + e.table.lesser.window;
    const pi = e.expected.serious_share_expected;
    const sd = total * pi * (1 - pi) * Math.sqrt(e.statistic.se2 + e.statistic.tau2);
    expect(Math.abs(displaced - truth)).toBeLessThan(3 * sd);
    expect(Math.abs(displaced - truth) / truth).toBeLessThan(0.4);
  });

  it('gives an auditor every input needed to recompute the statistic', () => {
    const f = herts();
    const e = JSON.parse(f.evidence);
    const { serious, lesser } = e.table;
    const delta = Math.log(
      ((serious.window + 0.5) * (lesser.baseline + 0.5)) / ((lesser.window + 0.5) * (serious.baseline + 0.5)),
    );
    expect(e.statistic.log_odds_ratio).toBeCloseTo(delta, 12);
    const se2 = [serious.window, serious.baseline, lesser.window, lesser.baseline].reduce(
      (s: number, v: number) => s + 1 / (v + 0.5),
      0,
    );
    expect(e.statistic.se2).toBeCloseTo(se2, 12);
    const z = (delta - e.statistic.national_median) / Math.sqrt(se2 + e.statistic.tau2);
    expect(e.statistic.z).toBeCloseTo(z, 12);
    expect(f.p_value).toBeCloseTo(e.statistic.p_value, 15);
    expect(f.observed).toBe(serious.window);
    expect(e.baseline).toEqual(expect.objectContaining({ start: '2021-10', end: '2022-09' }));
    expect(e.statistic.forces_in_cross_section).toBe(44);
    expect(e.statistic.tau2).toBe(Math.max(e.statistic.tau2_window, e.statistic.tau2_pooled));
    expect(e.peers.length).toBeGreaterThan(0);
    expect(e.peer_comparison.p_value).toBeLessThan(0.01);
    expect(e.compensation.kappa).toBeGreaterThan(0.5);
    expect(e.series).toHaveLength(24);
    expect(e.series_lesser).toHaveLength(24);
    expect(e.series[12]).toEqual(expect.objectContaining({ period: '2022-10' }));
    const tested = runCheck(reclassificationMixShiftCheck, auditInput(rows)).find(
      (d) => d.force_code === f.force_code && d.period_start === f.period_start && d.p_value === f.p_value,
    )!;
    expect(tested.material).toBe(true);
    expect(e.codes.map((c: { code: string }) => c.code)).toEqual(['5D', '8N', '105A']);
  });

  it('raises no assault-with-injury finding for any force but the one with the planted downgrade', () => {
    const violence = findings.filter((f) => JSON.parse(f.evidence).family.id === 'violence-injury');
    expect(new Set(violence.map((f) => f.force_code))).toEqual(new Set(['hertfordshire']));
    // Northamptonshire's violence fell 25% on every code at once: a drop, not a reclassification.
    expect(findings.some((f) => f.force_code === 'northamptonshire')).toBe(false);
  });

  it('emits one tested draft per force, family and window, immaterial ones marked', () => {
    const drafts = runCheck(reclassificationMixShiftCheck, auditInput(rows));
    const keys = drafts.map((d) => `${d.force_code}|${d.period_start}|${d.discriminator}`);
    expect(new Set(keys).size).toBe(drafts.length);
    // 44 forces × 5 pairs present in the example (4 families and the 5D → 8N ladder step) × 14
    // windows: 4 financial years, the 12 months ending June, September and December after each of the
    // first 3, and the 12 months to 2020-12.
    const scans = drafts.filter((d) => d.discriminator?.includes('|scan|'));
    expect(drafts.length - scans.length).toBe(44 * 5 * 14);
    // And one whole-run step scan per force and pair with monthly data long enough to place a change.
    expect(new Set(scans.map((d) => `${d.force_code}|${d.discriminator}`)).size).toBe(scans.length);
    expect(scans.length).toBeGreaterThanOrEqual(44 * 5);
    expect(drafts.every((d) => typeof d.p_value === 'number')).toBe(true);
    expect(drafts.filter((d) => d.material === true).length).toBeLessThan(drafts.length / 4);
  });

  it('calibrates a single force’s own audit against the family’s measured drift, uncentred', () => {
    const own = rows.filter((r) => r.force_code === 'hertfordshire');
    const drafts = runCheck(reclassificationMixShiftCheck, auditInput(own)).filter(
      (d) => (d.evidence.family as { id: string }).id === 'violence-injury',
    );
    const years = drafts.filter((d) => (d.evidence.window as { kind: string }).kind === 'financial_year');
    expect(years.map((d) => d.period_start)).toEqual(['2020-04', '2021-04', '2022-04', '2023-04']);
    for (const d of drafts) {
      expect(d.evidence.statistic).toMatchObject({ calibration: 'fallback', national_median: 0 });
      expect((d.evidence.statistic as { tau2: number }).tau2).toBeCloseTo(0.088 ** 2, 12);
    }
    // Without other forces the drift allowed is the real one (τ = 0.088), so the half-year 20% downgrade
    // is only suggestive on its own (p ≈ 0.004, one of 16 tests): national runs are the stronger test.
    const fy2022 = drafts.find((d) => d.period_start === '2022-04')!;
    expect(fy2022.p_value!).toBeLessThan(0.01);
    expect(fy2022.evidence.peers).toEqual([]);
  });

  it('finds the same downgrade in quarterly code-level returns (the Home Office code table)', () => {
    const quarterly = toQuarters(rows);
    const result = runChecks(registry(), auditInput(quarterly), CTX);
    const f = result.findings.find((x) => x.force_code === 'hertfordshire');
    expect(f).toMatchObject({
      offence_code: '8N',
      related_offence_code: '105A',
      period_start: '2022-10',
      period_end: '2023-09',
    });
    expect(result.findings.filter((x) => x.force_code !== 'hertfordshire')).toEqual([]);
  });
});

describe('reclassification on offence-group data', () => {
  it('does nothing, and says so in its description', () => {
    const rows = loadPrcSubset();
    expect(rows.length).toBeGreaterThan(100);
    for (const check of RECLASSIFICATION_CHECKS) expect(runCheck(check, auditInput(rows))).toEqual([]);
    expect(reclassificationMixShiftCheck.description).toMatch(/offence-group data/);
  });
});
