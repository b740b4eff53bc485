import { beforeAll, describe, expect, it } from 'vitest';
import {
  LEVEL_SHIFT_CHECK_ID,
  PERIOD_END_DIP_CHECK_ID,
  YEAR_END_DIP_CHECK_ID,
} from '#core/checks/sudden-drop/index.ts';
import { lowerSeverity } from '#core/engine/apply-annotations.ts';
import type { Finding, Severity } from '#core/model/findings.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { audit, financialYear, loadRealGroupTable, parseEvidence } from './helpers.ts';

/**
 * The published Home Office PFA table (43 forces, offence groups, quarterly, 2002/03–2023/24), read
 * through the ingest code. National changes — COVID-19 from March 2020, fraud moving to Action Fraud
 * (2011–2013) — must not turn into a finding for most forces; a force's own records-system change
 * (Greater Manchester's iOPS, July 2019) should show, with the migration cited.
 */
describe('sudden-drop checks on the real Home Office offence-group table', () => {
  let rows: ReturnRow[];
  let findings: Finding[];
  let forces: number;
  beforeAll(async () => {
    rows = await loadRealGroupTable();
    forces = new Set(rows.map((r) => r.force_code)).size;
    findings = audit(rows);
  });

  const flaggedIn = (fy: number): Set<string> =>
    new Set(findings.filter((f) => financialYear(f.period_start) === fy).map((f) => f.force_code));

  it('reads 43 forces of quarterly group-level cells', () => {
    expect(forces).toBe(43);
    expect(new Set(rows.map((r) => `${r.grain}|${r.level}`))).toEqual(new Set(['quarter|group']));
  });

  it('flags fewer than 10% of forces for drops starting in 2020/21 or 2021/22 (COVID-19 and after)', () => {
    expect(flaggedIn(2020).size / forces).toBeLessThan(0.1);
    expect(flaggedIn(2021).size / forces).toBeLessThan(0.1);
  });

  it('never reports police-recorded fraud, which moved to Action Fraud force by force (2011–2013)', () => {
    expect(findings.filter((f) => f.offence_group === 'Fraud offences')).toEqual([]);
    for (const fy of [2011, 2012, 2013]) expect(flaggedIn(fy).size / forces).toBeLessThan(0.2);
  });

  it('flags no more than a fifth of forces for level shifts in any one financial year', () => {
    const shifts = findings.filter((f) => f.check_id === LEVEL_SHIFT_CHECK_ID);
    for (let fy = 2002; fy <= 2023; fy++) {
      const n = new Set(shifts.filter((f) => financialYear(f.period_start) === fy).map((f) => f.force_code));
      expect(n.size / forces).toBeLessThanOrEqual(0.25);
    }
  });

  it('finds a one-off year-end dip in no more than a tenth of forces in any financial year (peers absorb national ones)', () => {
    const dips = findings.filter((f) => f.check_id === YEAR_END_DIP_CHECK_ID);
    for (let fy = 2002; fy <= 2023; fy++) {
      const n = new Set(dips.filter((f) => financialYear(f.period_start) === fy).map((f) => f.force_code));
      expect(n.size / forces).toBeLessThanOrEqual(0.1);
    }
    // The quarterly table shows the January–March quarter only: no March-alone window.
    for (const f of dips) expect([f.period_start.slice(5), f.period_end.slice(5)]).toEqual(['01', '03']);
  });

  it("shows Greater Manchester's fall at its records-system change (iOPS, July 2019), cited and one band lower", () => {
    const gmp = findings.find(
      (f) =>
        f.check_id === LEVEL_SHIFT_CHECK_ID &&
        f.force_code === 'greater-manchester' &&
        f.offence_group === null &&
        f.period_start === '2019-07',
    );
    expect(gmp).toBeDefined();
    expect(gmp!.effect_size!).toBeLessThan(Math.log(0.8));
    const ev = parseEvidence(gmp!) as {
      known_breaks: Array<{ id: string }>;
      severity_inputs: { band: Severity };
    };
    // The severity rule's band (a 30% fall whose scan-bounded p is 8e-5: clear, not overwhelming), one lower.
    expect(['high', 'medium']).toContain(ev.severity_inputs.band);
    expect(gmp!.severity).toBe(lowerSeverity(ev.severity_inputs.band));
    expect(ev.known_breaks.map((b) => b.id)).toContain('gmp-iops-2019');
  });

  it('runs no end-of-period dip test on quarterly data', () => {
    expect(findings.filter((f) => f.check_id === PERIOD_END_DIP_CHECK_ID)).toEqual([]);
  });
});
