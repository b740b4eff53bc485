// no_crime.spike on record-level extracts with cancellation cohorts (METHODS §3 "use cohorts"):
// cohorts still filling are not assessed (right-censoring), a cohort-rate spike is found and says it is
// one, forces without cohorts behave as before, and peers mix cohort and monthly-return forces.

import { describe, expect, it } from 'vitest';
import { auditContext } from '#core/checks/audit-context.ts';
import type { AuditInput } from '#core/checks/check.ts';
import { analyse } from '#core/checks/no-crime/analysis.ts';
import { countsOf, momentFit, windowResult } from '#core/checks/no-crime/chart.ts';
import { DEFAULT_NO_CRIME_CONFIG } from '#core/checks/no-crime/config.ts';
import { NO_CRIME_CHECKS, noCrimeCoverage, noCrimeSpikeCheck } from '#core/checks/no-crime/index.ts';
import { CheckRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import type { Finding } from '#core/model/findings.ts';
import type { CancellationCohort } from '#core/model/ingest.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { runCheck } from '#test-support/run-check.ts';
import { generateCancellations, type Injection, TEN_FORCES } from './generator.ts';

const FORCES = TEN_FORCES;
const CTX = { run_id: 'run-1', now: new Date('2024-06-01T00:00:00Z') };
/** The extract starts here; its last three months' cohorts have not had 90 days yet. */
const EXTRACT_START = '2017-01';
const INCOMPLETE = ['2019-12', '2020-01', '2020-02'];

function data(injections: Injection[] = []) {
  return generateCancellations({
    seed: 'cohort-test',
    forces: FORCES,
    codes: 14,
    start: '2016-04',
    end: '2020-02',
    rho: [0.0005, 0.003],
    injections,
  });
}

/** Share of a month's eventual cancellations already made when the extract was taken. */
const madeBy = (month: string): number => ({ '2019-12': 0.8, '2020-01': 0.55, '2020-02': 0.25 })[month] ?? 1;

/**
 * `forces`' months from EXTRACT_START as a record-level extract: the rows (decision months) from `rows`,
 * where the last months lack the cancellations not made yet, and cohorts from `cohortRows`' counts, the
 * last three still filling. Without `cohortRows` no cohorts (a submission stored before them).
 */
function extract(
  rows: readonly ReturnRow[],
  forces: readonly string[],
  cohortRows?: readonly ReturnRow[],
): { rows: ReturnRow[]; cohorts: CancellationCohort[] } {
  const inExtract = (r: ReturnRow): boolean =>
    forces.includes(r.force_code) && r.period_start >= EXTRACT_START;
  const out = rows.map((r): ReturnRow => {
    if (!inExtract(r)) return r;
    const cancelled = Math.round(r.cancelled! * madeBy(r.period_start));
    return {
      ...r,
      source_format: 'record_level',
      recorded: r.recorded + r.cancelled! - cancelled,
      cancelled,
    };
  });
  const cohorts = (cohortRows ?? []).filter(inExtract).map(
    (r): CancellationCohort => ({
      force_code: r.force_code,
      month: r.period_start,
      offence_code: r.offence_code!,
      crimes: r.recorded + r.cancelled!,
      cancelled_within: Math.round(r.cancelled! * madeBy(r.period_start)),
      follow_up_days: 90,
      complete: !INCOMPLETE.includes(r.period_start),
    }),
  );
  return { rows: out, cohorts };
}

function inputOf(x: { rows: ReturnRow[]; cohorts?: CancellationCohort[] }): AuditInput {
  return { current: x.rows, history: x.rows, notes: [], forces: FORCES, cohorts: x.cohorts };
}

function audit(input: AuditInput): Finding[] {
  const { findings, errors } = runChecks(new CheckRegistry().registerAll(NO_CRIME_CHECKS), input, CTX);
  expect(errors).toEqual([]);
  return findings;
}

// biome-ignore lint/suspicious/noExplicitAny: evidence is parsed JSON whose shape the assertions spell out
const evidenceOf = (f: Finding) => JSON.parse(f.evidence) as Record<string, any>;

describe('no_crime.spike with cancellation cohorts', () => {
  it('does not assess cohorts still filling (right-censoring) and lists them in the coverage', () => {
    const g = data();
    const withCohorts = inputOf(extract(g.rows, ['kent'], g.rows));
    const kent = runCheck(noCrimeSpikeCheck, withCohorts).filter((d) => d.force_code === 'kent');
    expect(kent.length).toBeGreaterThan(0);
    expect(kent.every((d) => d.period_end < INCOMPLETE[0]!)).toBe(true);
    expect(audit(withCohorts).filter((f) => f.force_code === 'kent')).toEqual([]);
    const cov = noCrimeCoverage(withCohorts).find((c) => c.force_code === 'kent')!;
    expect(cov.incomplete_cohort_months).toEqual(INCOMPLETE);
    expect(cov.cohort_months).toBe(38);
    expect(cov.lead_in_months).toEqual([]);
    expect(cov.message).toContain(
      '3 months not assessed yet, their 90-day cohorts still incomplete (2019-12 to 2020-02)',
    );

    // No lead-in: the first cohort window is tested as soon as 6 cohort months precede its guard band
    // and the scan's longest window (peer-relative until 18 months do).
    const tested = analyse(
      auditContext(withCohorts),
      DEFAULT_NO_CRIME_CONFIG,
      withCohorts.cohorts,
    ).tested.filter((t) => t.force.force_code === 'kent' && t.family === 'record_level_cohort');
    expect(tested.map((t) => t.windowStart).sort()[0]).toBe('2017-12');
    expect(
      tested
        .filter((t) => t.baselineKind === 'own')
        .map((t) => t.windowStart)
        .sort()[0]! >= '2018-10',
    ).toBe(true);

    // The same extract without cohorts tests its decision-month rates in those last months.
    const decisionMonths = inputOf(extract(g.rows, ['kent']));
    const old = runCheck(noCrimeSpikeCheck, decisionMonths).filter((d) => d.force_code === 'kent');
    expect(old.some((d) => d.period_end >= INCOMPLETE[0]!)).toBe(true);
    expect(
      noCrimeCoverage(decisionMonths).find((c) => c.force_code === 'kent')!.incomplete_cohort_months,
    ).toEqual([]);
  });

  it('finds a cohort-rate spike and says the rate is a cohort rate', () => {
    const clean = data();
    // Only the cohorts carry the spike: the decision-month rows are the clean ones.
    const spiked = data([{ force: 'kent', start: '2019-04', months: 3, ratio: 2.5 }]);
    const input = inputOf(extract(clean.rows, ['kent'], spiked.rows));
    const found = audit(input).filter((f) => f.force_code === 'kent');
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.period_start >= '2019-04' && f.period_end <= '2019-06')).toBe(true);
    const f = found.find((x) => x.offence_group === null)!;
    expect([f.period_start, f.period_end]).toEqual(['2019-04', '2019-06']);
    expect(f.summary).toMatch(
      /^kent cancelled within 90 days \d+\.\d% \([\d,]+ of [\d,]+\) of the crimes it recorded in 2019-04 to 2019-06 against \d\.\d% expected from the cohorts of its previous \d+ months/,
    );
    const e = evidenceOf(f);
    expect(e.parameters.source_family).toBe('record_level_cohort');
    expect(e.cohort.rate).toBe('cohort');
    expect(e.cohort.follow_up_days).toBe(90);
    expect(e.cohort.incomplete_excluded).toEqual(INCOMPLETE);
    expect(e.record_level).toBeUndefined();
    expect(e.rate_base).toMatch(/^cohort rate: cancelled within 90 days/);
    expect(e.series_value).toBe('cohort_cancellation_rate');
    expect(e.formula).toMatch(/^rate p_t = cancelled_within_t \/ crimes_t/);
    expect(e.baseline.description).toContain('record-level cohorts with a complete 90-day follow-up only');
    expect(e.baseline.start >= EXTRACT_START).toBe(true);
    expect(e.fit.months).toBeGreaterThanOrEqual(18);
    // The window's counts are the cohorts': crimes recorded in the month, cancelled within 90 days.
    const april = spiked.rows.filter((r) => r.force_code === 'kent' && r.period_start === '2019-04');
    expect(e.window_months[0]).toMatchObject({
      period: '2019-04',
      cancelled: april.reduce((s, r) => s + r.cancelled!, 0),
      crimes: april.reduce((s, r) => s + r.recorded + r.cancelled!, 0),
    });
    // Recomputable from the evidence, as for monthly returns.
    const fit = momentFit(
      e.baseline_months.map((m: { cancelled: number }) => m.cancelled),
      e.baseline_months.map((m: { n: number }) => m.n),
    )!;
    const w = countsOf(
      e.window_months.map((m: { cancelled: number }) => m.cancelled),
      e.window_months.map((m: { n: number }) => m.n),
    );
    expect(e.test.p_own).toBeCloseTo(windowResult(w, fit, e.fit.rho_floor).pValue, 12);
    // Peers: the other nine forces send monthly returns; their windows are compared all the same.
    expect(e.peer.applied).toBe(true);
    expect(e.peers).toHaveLength(FORCES.length - 1);

    // The decision-month rows alone show nothing.
    const withoutCohorts = inputOf(extract(clean.rows, ['kent']));
    expect(audit(withoutCohorts).filter((x) => x.force_code === 'kent')).toEqual([]);
  });

  it('leaves a record-level force without cohorts exactly as it was', () => {
    const g = data();
    const plain = extract(g.rows, ['kent']);
    const baseline = JSON.stringify(runCheck(noCrimeSpikeCheck, inputOf(plain)));
    // No cohorts, cohorts of a force not in the returns, and cohorts of monthly-return months.
    const elsewhere: CancellationCohort[] = [
      {
        force_code: 'nowhere',
        month: '2019-01',
        offence_code: '8N',
        crimes: 10,
        cancelled_within: 9,
        follow_up_days: 90,
        complete: true,
      },
      {
        force_code: 'kent',
        month: '2016-06',
        offence_code: '8N',
        crimes: 10,
        cancelled_within: 9,
        follow_up_days: 90,
        complete: true,
      },
    ];
    for (const cohorts of [undefined, [], elsewhere]) {
      expect(JSON.stringify(runCheck(noCrimeSpikeCheck, inputOf({ rows: plain.rows, cohorts })))).toBe(
        baseline,
      );
    }
  });
});

describe('peers across cohort and monthly-return forces', () => {
  const cohortForces = ['kent', 'essex', 'dorset', 'surrey'];

  it('does not report a rise every force shares, whichever rate each force sends', () => {
    const everyone = FORCES.map((force) => ({ force, start: '2019-04', months: 3, ratio: 2 }));
    const g = data(everyone);
    const input = inputOf(extract(g.rows, cohortForces, g.rows));
    const t = analyse(auditContext(input), DEFAULT_NO_CRIME_CONFIG, input.cohorts).tested;
    expect(t.some((x) => x.family === 'record_level_cohort' && x.windowStart === '2019-04')).toBe(true);
    expect(t.some((x) => x.family === 'aggregate' && x.windowStart === '2019-04')).toBe(true);
    expect(audit(input)).toEqual([]);
  });

  it('compares a monthly-return force with cohort forces, and a cohort force with monthly-return ones', () => {
    const g = data([
      { force: 'staffordshire', start: '2019-04', months: 3, ratio: 3 },
      { force: 'kent', start: '2019-04', months: 3, ratio: 3 },
    ]);
    const found = audit(inputOf(extract(g.rows, cohortForces, g.rows)));
    for (const force of ['staffordshire', 'kent']) {
      const f = found.find((x) => x.force_code === force && x.offence_group === null)!;
      expect(f.period_start).toBe('2019-04');
      const e = evidenceOf(f);
      expect(e.peer.applied).toBe(true);
      expect(e.peers).toHaveLength(FORCES.length - 1);
    }
    const staffs = evidenceOf(found.find((x) => x.force_code === 'staffordshire')!);
    expect(staffs.parameters.source_family).toBe('aggregate');
    expect(staffs.peers).toEqual(expect.arrayContaining(cohortForces));
  });
});
