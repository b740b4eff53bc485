import { describe, expect, it } from 'vitest';
import { cancelledExceedsRecordedCheck } from '#core/checks/data-quality/cancelled-exceeds-recorded.ts';
import { invalidCountCheck, isUsableCount } from '#core/checks/data-quality/invalid-count.ts';
import { zeroRunCheck } from '#core/checks/data-quality/zero-run.ts';
import { input, row, series } from '#test-support/check-inputs.ts';
import { runCheck } from '#test-support/run-check.ts';

describe('dq.invalid_count', () => {
  it('flags negative, fractional and non-finite counts, sized by the crimes they get wrong', () => {
    const rows = [
      row({ period_start: '2019-01', recorded: -3, source_line: 5 }),
      row({ period_start: '2019-02', recorded: 4, cancelled: 1.5, source_line: 6 }),
      row({ period_start: '2019-03', recorded: Number.NaN, cancelled: -1, source_line: 7 }),
      row({ period_start: '2019-04', recorded: 0, cancelled: null }),
    ];
    const drafts = runCheck(invalidCountCheck, input(rows));
    // 8N weighs 6: −3 is 18 weighted crimes (low); NaN has no size (medium); the cancelled column goes
    // wrong in two consecutive months (½ + 1 crimes), one finding.
    expect(
      drafts.map((d) => [d.period_start, d.period_end, d.evidence.field, d.observed, d.severity]),
    ).toEqual([
      ['2019-02', '2019-03', 'cancelled', null, 'low'],
      ['2019-01', '2019-01', 'recorded', -3, 'low'],
      ['2019-03', '2019-03', 'recorded', null, 'medium'],
    ]);
    expect(drafts[1]!.summary).toBe(
      'The recorded count for offence code 8N (Violence against the person) for kent in 2019-01 is -3 (kent.csv, line 5), which is negative; it has been left out of the statistical checks, please confirm the figure.',
    );
    expect(drafts[2]!.evidence.value).toBe('NaN');
    expect(drafts[0]!.evidence.periods).toEqual([
      { period: '2019-02', value: '1.5', problem: 'not a whole number' },
      { period: '2019-03', value: '-1', problem: 'negative' },
    ]);
  });

  it('sizes a large negative count as high and a single small one as low', () => {
    const sev = (recorded: number, code = '8N') =>
      runCheck(invalidCountCheck, input([row({ period_start: '2019-01', recorded, offence_code: code })]))[0]!
        .severity;
    // 8N weighs 6: −200 is 1,200 weighted crimes.
    expect([sev(-7), sev(-40), sev(-200)]).toEqual(['low', 'medium', 'high']);
  });

  it('exports the predicate the statistical checks use', () => {
    expect(isUsableCount(3)).toBe(true);
    expect(isUsableCount(-3)).toBe(false);
  });
});

describe('dq.zero_run', () => {
  it('flags three zeros after a trailing mean that makes them implausible, as one finding', () => {
    const rows = series('2019-01', [...Array(12).fill(50), 0, 0, 0, 0, 0, 50]);
    const drafts = runCheck(zeroRunCheck, input(rows));
    expect(drafts).toHaveLength(1);
    const d = drafts[0]!;
    expect([d.period_start, d.period_end, d.observed, d.expected, d.severity]).toEqual([
      '2020-01',
      '2020-05',
      0,
      250,
      'high',
    ]);
    // 600 crimes in 12 months, then 5 zero months: (12/17)^(600.5).
    expect(d.evidence.zero_probability).toBeCloseTo((12 / 17) ** 600.5, 300);
    expect(d.evidence.zero_probability as number).toBeLessThan(1e-80);
    expect(d.summary).toMatch(
      /returned 0 for offence code 8N .* in each of 5 reported months \(2020-01 to 2020-05\) after averaging 50 a month; the run of zeros requires explanation\./,
    );
  });

  it('does not flag zeros that are plausible at the trailing level (mean 2: e^-6 ≈ 0.0025)', () => {
    expect(runCheck(zeroRunCheck, input(series('2019-01', [...Array(12).fill(2), 0, 0, 0])))).toEqual([]);
  });

  it('does not flag a quiet spell after a chance clump in a sparse code (posterior predictive, not the plug-in mean)', () => {
    // 30 crimes in a year (mean 2.5) then 3 zeros: the plug-in e^-7.5 ≈ 5.5e-4 and the predictive
    // (12/15)^30.5 ≈ 1.1e-3 both stay above 1e-6; 70 crimes make the predictive 1.5e-7, flagged.
    expect(
      runCheck(zeroRunCheck, input(series('2019-01', [...Array(6).fill(0), ...Array(6).fill(5), 0, 0, 0]))),
    ).toEqual([]);
    expect(
      runCheck(zeroRunCheck, input(series('2019-01', [...Array(2).fill(5), ...Array(10).fill(6), 0, 0, 0]))),
    ).toHaveLength(1);
  });

  it('needs at least three zero periods in a row', () => {
    expect(runCheck(zeroRunCheck, input(series('2019-01', [...Array(12).fill(50), 0, 0, 50, 0, 0])))).toEqual(
      [],
    );
  });

  it('does not count a missing row as a zero', () => {
    const rows = [
      ...series('2019-01', Array(16).fill(30), { offence_code: '9A' }),
      ...series('2019-01', [...Array(12).fill(50), 0, null, 0, 0]),
    ];
    expect(runCheck(zeroRunCheck, input(rows))).toEqual([]);
  });

  it('needs a baseline of at least six usable periods', () => {
    expect(runCheck(zeroRunCheck, input(series('2019-01', [50, 50, 50, 50, 50, 0, 0, 0])))).toEqual([]);
    expect(runCheck(zeroRunCheck, input(series('2019-01', [50, 50, 50, 50, 50, 50, 0, 0, 0])))).toHaveLength(
      1,
    );
  });
});

describe('dq.cancelled_exceeds_recorded', () => {
  it('flags cancellations above recordings with at least 20 cancelled; consecutive months form one finding', () => {
    const rows = [
      row({ period_start: '2019-01', recorded: 100, cancelled: 5 }),
      row({ period_start: '2019-02', recorded: 10, cancelled: 25 }),
      row({ period_start: '2019-03', recorded: 0, cancelled: 40 }),
      row({ period_start: '2019-04', recorded: 100, cancelled: 5 }),
    ];
    const drafts = runCheck(cancelledExceedsRecordedCheck, input(rows));
    expect(drafts).toHaveLength(1);
    const d = drafts[0]!;
    expect([d.period_start, d.period_end, d.observed, d.expected, d.severity]).toEqual([
      '2019-02',
      '2019-03',
      65,
      10,
      'medium',
    ]);
    expect(d.effect_size).toBe(6.5);
    expect(d.evidence.lines).toHaveLength(2);
    expect(d.summary).toBe(
      'For kent, offence code 8N (Violence against the person) had 65 crimes cancelled against 10 recorded in 2019-02 to 2019-03; cancelling more than was recorded requires explanation.',
    );
  });

  it('leaves small codes, equal counts and returns without cancellations alone', () => {
    const rows = [
      row({ period_start: '2019-01', recorded: 1, cancelled: 5 }),
      row({ period_start: '2019-02', recorded: 30, cancelled: 30 }),
      row({ period_start: '2019-03', recorded: 10, cancelled: null }),
      row({ period_start: '2019-04', recorded: -10, cancelled: 30 }),
    ];
    expect(runCheck(cancelledExceedsRecordedCheck, input(rows))).toEqual([]);
  });

  it('grades severity by the excess of cancelled over recorded', () => {
    const sev = (recorded: number, cancelled: number) =>
      runCheck(
        cancelledExceedsRecordedCheck,
        input([row({ period_start: '2019-01', recorded, cancelled })]),
      )[0]!.severity;
    // 8N weighs 6: excesses of 5, 40 and 190 crimes are 30, 240 and 1,140 weighted crimes.
    expect([sev(15, 20), sev(10, 50), sev(10, 200)]).toEqual(['low', 'medium', 'high']);
  });
});
