import { describe, expect, it } from 'vitest';
import { totalsMismatchCheck } from '#core/checks/data-quality/totals-mismatch.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { input, row, SHA_B } from '#test-support/check-inputs.ts';
import { runCheck } from '#test-support/run-check.ts';

const Q = '2019-04';
const code = (c: string, group: string, recorded: number): ReturnRow =>
  row({
    period_start: Q,
    grain: 'quarter',
    offence_code: c,
    offence_group: group,
    recorded,
    source_format: 'home_office_pfa',
  });
const group = (name: string, recorded: number): ReturnRow =>
  row({
    period_start: Q,
    grain: 'quarter',
    level: 'group',
    offence_group: name,
    recorded,
    input_sha256: SHA_B,
    source_file: 'groups.csv',
  });

describe('dq.totals_mismatch', () => {
  it('accepts groups whose codes add up exactly, whatever the spelling of the group', () => {
    const rows = [
      code('8N', 'Violence against the person', 30),
      code('9A', 'Violence against the person', 20),
      group('Violence Against the Person', 50),
      code('34A', 'Robbery', 0),
    ];
    expect(runCheck(totalsMismatchCheck, input(rows))).toEqual([]);
  });

  it('flags a difference of any size, with both sides in the evidence', () => {
    const rows = [
      code('8N', 'Violence against the person', 30),
      code('9A', 'Violence against the person', 20),
      group('Violence against the person', 45),
    ];
    const [d] = runCheck(totalsMismatchCheck, input(rows));
    expect([d!.offence_group, d!.observed, d!.expected, d!.severity]).toEqual([
      'Violence against the person',
      45,
      50,
      'low',
    ]);
    expect(d!.effect_size).toBeCloseTo(-0.1, 12);
    expect(d!.evidence.codes).toEqual([
      { offence_code: '8N', value: 30 },
      { offence_code: '9A', value: 20 },
    ]);
    expect(d!.summary).toBe(
      'For kent in 2019/20 Q1, the offence-group return gives "Violence against the person" 45 crimes but its offence codes add up to 50 (a difference of -5); please confirm which figure is right.',
    );
  });

  it('counts a group missing on one side as zero', () => {
    const rows = [
      code('34A', 'Robbery', 120),
      group('Theft offences', 25),
      group('Robbery', 120),
      code('8N', 'Violence against the person', 1),
    ];
    const drafts = runCheck(totalsMismatchCheck, input(rows));
    expect(drafts.map((d) => [d.offence_group, d.observed, d.expected, d.severity])).toEqual([
      ['Theft offences', 25, 0, 'low'],
      ['Violence against the person', 0, 1, 'low'],
    ]);
    expect(drafts[0]!.inputs).toEqual([SHA_B]);
  });

  it('needs both levels in the same period and grain', () => {
    const other = row({
      period_start: '2019-07',
      grain: 'quarter',
      level: 'group',
      offence_group: 'Robbery',
      recorded: 7,
    });
    expect(runCheck(totalsMismatchCheck, input([code('34A', 'Robbery', 120), other]))).toEqual([]);
  });

  it('skips a group holding an invalid count', () => {
    expect(runCheck(totalsMismatchCheck, input([code('34A', 'Robbery', -4), group('Robbery', 120)]))).toEqual(
      [],
    );
  });
});
