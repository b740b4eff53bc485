import { describe, expect, it } from 'vitest';
import { missingOffenceCheck } from '#core/checks/data-quality/missing-offence.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { input, series } from '#test-support/check-inputs.ts';
import { runCheck } from '#test-support/run-check.ts';

const twelve = (v: number) => Array<number>(12).fill(v);

/** A quarterly group-level force: an always-present anchor group plus `values` for "Fraud offences". */
function groupForce(force: string, values: ReadonlyArray<number | null>): ReturnRow[] {
  const p = { force_code: force, grain: 'quarter', level: 'group' } as const;
  return [
    ...series('2010-04', Array(values.length).fill(900), { ...p, offence_group: 'Robbery' }),
    ...series('2010-04', values, { ...p, offence_group: 'Fraud offences' }),
  ];
}

describe('dq.missing_offence (formats that list their zeros)', () => {
  const anchor = series('2019-01', Array(16).fill(100));

  it('flags a code reported every month that is absent from a reported month', () => {
    const rows = [...anchor, ...series('2019-01', [...twelve(3), null, 3, 3, 3], { offence_code: '9A' })];
    const drafts = runCheck(missingOffenceCheck, input(rows));
    expect(drafts).toHaveLength(1);
    const d = drafts[0]!;
    expect([d.offence_code, d.period_start, d.period_end, d.severity]).toEqual([
      '9A',
      '2020-01',
      '2020-01',
      'low',
    ]);
    expect([d.observed, d.expected, d.effect_size]).toEqual([0, 3, -1]);
    expect(d.summary).toMatch(
      /reported no offence code 9A .* 2020-01 .*12 of the previous 12.*please confirm/,
    );
  });

  it('makes a code that stops for good one finding to the last reported period', () => {
    const rows = [
      ...anchor,
      ...series('2019-01', [...twelve(40), null, null, null, null], { offence_code: '9A' }),
    ];
    const drafts = runCheck(missingOffenceCheck, input(rows));
    expect(drafts.map((d) => [d.period_start, d.period_end, d.expected, d.severity])).toEqual([
      ['2020-01', '2020-04', 160, 'medium'],
    ]);
  });

  it('needs the code in at least 10 of the previous 12 periods', () => {
    const sparse = [3, 3, null, 3, 3, null, 3, 3, null, 3, 3, 3, null, 3, 3, 3];
    const rows = [...anchor, ...series('2019-01', sparse, { offence_code: '9A' })];
    expect(runCheck(missingOffenceCheck, input(rows))).toEqual([]);
  });

  it('does not count an explicit zero as missing, nor a period the force did not report', () => {
    const rows = [
      ...series('2019-01', [...twelve(100), null, 100]),
      ...series('2019-01', [...twelve(5), null, 0], { offence_code: '9A' }),
    ];
    expect(runCheck(missingOffenceCheck, input(rows))).toEqual([]);
  });
});

describe('dq.missing_offence (formats where an absent cell is zero)', () => {
  it('does not flag one absent quarter when a zero is plausible (mean 10: P(0) ≈ 4.5e-5)', () => {
    expect(runCheck(missingOffenceCheck, input(groupForce('kent', [...twelve(10), null, 10])))).toEqual([]);
  });

  it('flags two absent quarters at that level (P = (12/14)^120.5 ≈ 8.6e-9) and one absent quarter at mean 20', () => {
    const two = runCheck(missingOffenceCheck, input(groupForce('kent', [...twelve(10), null, null, 10])));
    expect(two.map((d) => [d.period_start, d.period_end, d.expected])).toEqual([['2013-04', '2013-09', 20]]);
    // Rule 1.1.0: the predictive probability after 120 crimes in 12 quarters (the plug-in gave e^-20).
    expect(two[0]!.evidence.zero_probability).toBeCloseTo((12 / 14) ** 120.5, 20);
    expect(two[0]!.evidence.trailing_crimes).toBe(120);
    const one = runCheck(missingOffenceCheck, input(groupForce('kent', [...twelve(20), null, 20])));
    expect(one).toHaveLength(1);
    expect(one[0]!.summary).toContain('true zero implausible');
  });
});

describe('dq.missing_offence: the rate is estimated, not known (rule 1.1.0)', () => {
  it('does not flag one absent quarter after a trailing mean of 14, which the plug-in exp(-14) < 1e-6 did', () => {
    // 168 crimes in 12 quarters: plug-in P(0) = e^-14 ≈ 8.3e-7, predictive (12/13)^168.5 ≈ 1.4e-6.
    expect(Math.exp(-14)).toBeLessThan(1e-6);
    expect((12 / 13) ** 168.5).toBeGreaterThan(1e-6);
    expect(runCheck(missingOffenceCheck, input(groupForce('kent', [...twelve(14), null, 14])))).toEqual([]);
  });
});

describe('dq.missing_offence: national changes', () => {
  const present = twelve(400);
  const gone = (n: number) => Array<null>(n).fill(null);

  it('suppresses an offence that most forces stop reporting together (fraud → Action Fraud)', () => {
    const forces = ['a', 'b', 'c', 'd', 'e'];
    const rows = forces.flatMap((f) => groupForce(f, [...present, ...gone(6)]));
    expect(runCheck(missingOffenceCheck, input(rows))).toEqual([]);
  });

  it('suppresses forces that stop a quarter or two apart, as forces moved over adjacent quarters', () => {
    const rows = [
      ...groupForce('a', [...present, ...gone(6)]),
      ...groupForce('b', [...present, ...gone(6)]),
      ...groupForce('c', [...present, 15, ...gone(5)]),
      ...groupForce('d', [...present, 15, 2, ...gone(4)]),
      ...groupForce('e', [...present, 400, 400, 400, ...gone(3)]),
    ];
    const drafts = runCheck(missingOffenceCheck, input(rows));
    // e stops three quarters after a and b, when most forces had long stopped: still national.
    expect(drafts).toEqual([]);
  });

  it('still flags one force that stops while its peers carry on', () => {
    const rows = [
      ...groupForce('a', [...present, ...gone(6)]),
      ...['b', 'c', 'd', 'e'].flatMap((f) => groupForce(f, [...present, ...twelve(400).slice(0, 6)])),
    ];
    const drafts = runCheck(missingOffenceCheck, input(rows));
    expect(drafts.map((d) => [d.force_code, d.period_start, d.period_end])).toEqual([
      ['a', '2013-04', '2014-09'],
    ]);
    expect(drafts[0]!.evidence.national_check).toEqual({
      forces_reporting_before: 5,
      forces_no_longer_reporting: 1,
    });
  });

  it('never takes a single-force upload for a national change', () => {
    const drafts = runCheck(missingOffenceCheck, input(groupForce('a', [...present, ...gone(6)])));
    expect(drafts).toHaveLength(1);
  });

  it('uses peers that are not audited as national context', () => {
    const rows = ['a', 'b', 'c', 'd'].flatMap((f) => groupForce(f, [...present, ...gone(6)]));
    expect(runCheck(missingOffenceCheck, input(rows, { forces: ['a'] }))).toEqual([]);
  });
});
