// The no_crime.spike check end to end through the engine: what it reports, at which level, with what
// evidence, and where it stays silent (no cancellation data, national rises, record-level edges).
import { describe, expect, it } from 'vitest';
import type { AuditInput } from '#core/checks/check.ts';
import { countsOf, momentFit, windowResult } from '#core/checks/no-crime/chart.ts';
import {
  createNoCrimeSpikeCheck,
  NO_CRIME_CHECKS,
  noCrimeCoverage,
  noCrimeSpikeCheck,
} from '#core/checks/no-crime/index.ts';
import { CheckRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import type { Finding } from '#core/model/findings.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { monthRange } from '#core/series/months.ts';
import { specRow as row } from '#test-support/rows.ts';
import { runCheck } from '#test-support/run-check.ts';
import { generateCancellations, type Injection, TEN_FORCES } from './generator.ts';

const FORCES = TEN_FORCES;
const CTX = { run_id: 'run-1', now: new Date('2024-06-01T00:00:00Z') };

function audit(rows: readonly ReturnRow[], forces: readonly string[] = FORCES): ReturnType<typeof runChecks> {
  const input: AuditInput = { current: rows, history: rows, notes: [], forces };
  return runChecks(new CheckRegistry().registerAll(NO_CRIME_CHECKS), input, CTX);
}

function data(injections: Injection[] = [], extra: { withoutCancellations?: string[] } = {}) {
  return generateCancellations({
    seed: 'check-test',
    forces: FORCES,
    codes: 14,
    start: '2016-04',
    end: '2020-02',
    rho: [0.0005, 0.003],
    injections,
    ...extra,
  });
}

// biome-ignore lint/suspicious/noExplicitAny: evidence is parsed JSON whose shape the assertions spell out
const evidenceOf = (f: Finding) => JSON.parse(f.evidence) as Record<string, any>;

describe('no_crime.spike on generated returns', () => {
  it('reports a force-wide tripling once, at the all-offences level, dated by the CUSUM', () => {
    const g = data([{ force: 'staffordshire', start: '2019-04', months: 3, ratio: 3 }]);
    const { findings, errors } = audit(g.rows);
    expect(errors).toEqual([]);
    expect(findings.map((f) => [f.force_code, f.period_start, f.period_end, f.offence_group])).toEqual([
      ['staffordshire', '2019-04', '2019-06', null],
    ]);
    const [f] = findings;
    expect(f!.signature).toBe('no_crime_spike');
    expect(f!.unit).toBe('rate');
    expect(f!.observed! / f!.expected!).toBeGreaterThan(2.4);
    expect(f!.severity).not.toBe('info');
    expect(f!.summary).toMatch(
      /^staffordshire cancelled \d+\.\d% \([\d,]+ of [\d,]+\) of the crimes it recorded in 2019-04 to 2019-06 against \d\.\d% expected from its previous \d+ months of returns; a CUSUM chart dates the rise from 2019-04; the rise requires explanation\.$/,
    );
    const e = evidenceOf(f!);
    expect(e.cusum.onset).toBe('2019-04');
    expect(e.cusum.alarm >= '2019-04' && e.cusum.alarm <= '2019-06').toBe(true);
    expect(e.gates.material).toBe(true);
    expect(e.peer.applied).toBe(true);
    expect(e.peers).toHaveLength(FORCES.length - 1);
    // The groups and codes sharing the rise are listed, not reported separately.
    expect(e.components.length).toBeGreaterThan(3);
    expect(e.baseline.end < '2019-01').toBe(true); // the 3-month guard band
  });

  it('lets an auditor recompute the p-value from the evidence', () => {
    const g = data([{ force: 'kent', start: '2019-07', months: 3, ratio: 2.5 }]);
    const [f] = audit(g.rows).findings;
    const e = evidenceOf(f!);
    const fit = momentFit(
      e.baseline_months.map((m: { cancelled: number }) => m.cancelled),
      e.baseline_months.map((m: { n: number }) => m.n),
    )!;
    expect(fit.mu).toBeCloseTo(e.fit.mu, 8);
    expect(fit.rho).toBeCloseTo(e.fit.rho, 8);
    const w = countsOf(
      e.window_months.map((m: { cancelled: number }) => m.cancelled),
      e.window_months.map((m: { n: number }) => m.n),
    );
    const own = windowResult(w, fit, e.fit.rho_floor).pValue;
    const peer = windowResult(w, fit, e.fit.rho_floor, {
      logShift: e.peer.centre,
      tau2: e.peer.tau2 + e.peer.centre_variance,
    }).pValue;
    expect(e.test.p_own).toBeCloseTo(own, 12);
    expect(e.peer.p_value).toBeCloseTo(peer, 12);
    // The scan's Bonferroni factor: K distinct windows of the block.
    expect(e.scan.windows).toBeGreaterThan(1);
    expect(f!.p_value).toBeCloseTo(Math.min(1, e.scan.windows * Math.max(e.test.p_own, e.peer.p_value)), 15);
    const months = e.window_months as Array<{ recorded: number; cancelled: number; n: number }>;
    expect(months.every((m) => m.recorded + m.cancelled === m.n)).toBe(true);
    expect(e.formula).toContain('BetaBin(N, mu, rho_eff');
    expect(e.ml_check.estimator).toContain('fitBetaBinomial');
  });

  it('reports a code on its own when its rise stands out from the rest of the force', () => {
    const g = data([{ force: 'essex', start: '2019-04', months: 3, ratio: 4, codes: ['8N'] }]);
    const found = audit(g.rows).findings.filter((f) => f.force_code === 'essex');
    expect(found.length).toBeGreaterThan(0);
    expect(
      found.some((f) => f.offence_code === '8N' || f.offence_group === 'Violence against the person'),
    ).toBe(true);
    expect(found.every((f) => f.period_start === '2019-04')).toBe(true);
  });

  it('does not report a rise every force shares (peer confirmation)', () => {
    const everyone = FORCES.map((force) => ({ force, start: '2019-04', months: 3, ratio: 2 }));
    const { findings } = audit(data(everyone).rows);
    expect(findings).toEqual([]);
    // The same rise in one force alone is reported.
    expect(audit(data([everyone[0]!]).rows).findings.length).toBeGreaterThan(0);
  });

  it('emits one draft per tested window with a p-value, and is deterministic', () => {
    const g = data([{ force: 'staffordshire', start: '2019-04', months: 3, ratio: 3 }]);
    const input: AuditInput = { current: g.rows, history: g.rows, notes: [], forces: FORCES };
    const a = runCheck(noCrimeSpikeCheck, input);
    const b = runCheck(createNoCrimeSpikeCheck(), { ...input, current: [...g.rows] });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.every((d) => d.p_value !== null && d.p_value >= 0 && d.p_value <= 1)).toBe(true);
    const ids = new Set(
      a.map((d) => `${d.force_code}|${d.offence_group}|${d.offence_code}|${d.discriminator}`),
    );
    expect(ids.size).toBe(a.length);
    // Material drafts still face BH in the engine; the spike is among them.
    const material = a.filter((d) => d.material === true);
    expect(material.some((d) => d.force_code === 'staffordshire' && d.period_start === '2019-04')).toBe(true);
    expect(material.length).toBeLessThan(5);
  });

  it('is silent, and says so, for a force without cancellation counts', () => {
    const g = data([{ force: 'kent', start: '2019-04', months: 3, ratio: 3 }], {
      withoutCancellations: ['kent'],
    });
    const input: AuditInput = { current: g.rows, history: g.rows, notes: [], forces: FORCES };
    expect(runCheck(noCrimeSpikeCheck, input).filter((d) => d.force_code === 'kent')).toEqual([]);
    expect(audit(g.rows).findings).toEqual([]);
    const kent = noCrimeCoverage(input).find((c) => c.force_code === 'kent')!;
    expect(kent.status).toBe('skipped');
    expect(kent.message).toBe('kent: no-crime checks skipped: no cancellation data');
  });

  it('emits nothing for Home Office quarterly group-level data (no cancellations)', () => {
    const rows = FORCES.flatMap((force) =>
      ['2018-04', '2018-07', '2018-10', '2019-01', '2019-04', '2019-07', '2019-10', '2020-01'].map((period) =>
        row({ force, period, grain: 'quarter', group: 'Robbery', recorded: 300 }),
      ),
    );
    const input: AuditInput = { current: rows, history: rows, notes: [], forces: FORCES };
    expect(runCheck(noCrimeSpikeCheck, input)).toEqual([]);
    expect(noCrimeCoverage(input).every((c) => c.reason === 'no cancellation data')).toBe(true);
  });
});

describe('no_crime.spike on record-level extracts', () => {
  it('never tests the tail of late decisions or uses the lead-in', () => {
    const g = data();
    // Kent's returns from 2017-01 come from a record-level extract (same counts), whose last month
    // holds only decisions taken after the recording period: 40 cancelled, 0 recorded.
    const rows = g.rows.map((r) =>
      r.force_code === 'kent' && r.period_start >= '2017-01'
        ? { ...r, source_format: 'record_level' as const }
        : r,
    );
    rows.push({
      ...rows.find((r) => r.force_code === 'kent' && r.offence_code === '8N')!,
      period_start: '2020-03',
      period_end: '2020-03',
      recorded: 0,
      cancelled: 40,
      source_format: 'record_level',
    });
    const input: AuditInput = { current: rows, history: rows, notes: [], forces: FORCES };
    const kent = runCheck(noCrimeSpikeCheck, input).filter((d) => d.force_code === 'kent');
    expect(kent.length).toBeGreaterThan(0);
    expect(kent.some((d) => d.period_end >= '2020-03')).toBe(false);
    expect(audit(rows).findings.filter((f) => f.force_code === 'kent')).toEqual([]);
    // Windows are only tested once 6 record-level months (after the 3-month lead-in) and the guard band
    // precede them (peer-relative until 18 months are available).
    expect(kent.every((d) => d.period_start >= '2018-01' || d.period_end < '2017-01')).toBe(true);
    const cov = noCrimeCoverage(input).find((c) => c.force_code === 'kent')!;
    expect(cov.lead_in_months).toEqual(monthRange('2017-01', '2017-03'));
    expect(cov.tail_months).toEqual(['2020-03']);
  });
});
