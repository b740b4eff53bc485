import { describe, expect, it } from 'vitest';
import { duplicateKeyCheck } from '#core/checks/data-quality/duplicate-key.ts';
import { unknownOffenceCodeCheck } from '#core/checks/data-quality/unknown-offence-code.ts';
import { defaultRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import type { IngestNote } from '#core/model/ingest.ts';
import { input, row, SHA_B } from '#test-support/check-inputs.ts';
import { runCheck } from '#test-support/run-check.ts';

const dup = (values: number[]): IngestNote => ({
  kind: 'duplicate_key',
  force_code: 'kent',
  period_start: '2019-07',
  period_end: '2019-07',
  offence_group: 'Violence against the person',
  offence_code: '8N',
  file: 'kent-2019-07.csv',
  lines: values.map((_, i) => 4 + i * 10),
  values,
  input_sha256: SHA_B,
});

const unknown = (recorded: number): IngestNote => ({
  kind: 'unknown_offence_code',
  force_code: 'kent',
  offence_code: '99Z',
  period_start: '2019-07',
  period_end: '2019-07',
  file: 'kent-2019-07.csv',
  lines: [17],
  recorded,
  input_sha256: SHA_B,
});

const CURRENT = [row({ period_start: '2019-07' })];

describe('dq.duplicate_key', () => {
  it('sizes identical repeats by the crimes the copies add, and says the values were added together', () => {
    const [d] = runCheck(duplicateKeyCheck, input(CURRENT, { notes: [dup([12, 12])] }));
    // 12 copied assaults with injury: 72 weighted crimes.
    expect(d!.severity).toBe('low');
    const [big] = runCheck(duplicateKeyCheck, input(CURRENT, { notes: [dup([40, 40])] }));
    expect(big!.severity).toBe('medium');
    expect([d!.observed, d!.expected]).toEqual([24, 12]);
    expect(d!.offence_subgroup).toBe('Violence with injury');
    expect(d!.summary).toMatch(
      /^Offence code 8N .* appears 2 times with the same value \(12\) in kent-2019-07\.csv \(lines 4 and 14\); the values were added together to give 24/,
    );
    expect(d!.evidence.lines).toEqual([
      { file: 'kent-2019-07.csv', line: 4 },
      { file: 'kent-2019-07.csv', line: 14 },
    ]);
  });

  it('is low when the values differ (plausibly parts of one cell)', () => {
    const [d] = runCheck(duplicateKeyCheck, input(CURRENT, { notes: [dup([12, 5, 1])] }));
    expect(d!.severity).toBe('low');
    expect([d!.observed, d!.expected]).toEqual([18, null]);
    expect(d!.summary).toContain('different values (12, 5, 1)');
  });

  it('ignores other notes', () => {
    expect(runCheck(duplicateKeyCheck, input(CURRENT, { notes: [unknown(3)] }))).toEqual([]);
  });
});

describe('dq.unknown_offence_code', () => {
  it('sets severity by the crimes that have no group', () => {
    // An unknown code has no group: the default weight, 2.
    const sev = [0, 5, 100, 500].map(
      (n) => runCheck(unknownOffenceCodeCheck, input(CURRENT, { notes: [unknown(n)] }))[0]!.severity,
    );
    expect(sev).toEqual(['info', 'low', 'medium', 'high']);
  });

  it('names the file, line and code and keeps the submission as the finding input', () => {
    const res = runChecks(defaultRegistry(), input(CURRENT, { notes: [unknown(7)] }), {
      run_id: 'r',
      now: new Date(0),
    });
    const f = res.findings.find((x) => x.check_id === 'dq.unknown_offence_code')!;
    expect(f.summary).toBe(
      'Offence code "99Z" for kent in 2019-07 (kent-2019-07.csv, line 17) is not in the offence-code reference table, so its 7 recorded crimes have no offence group; please confirm the code.',
    );
    expect(f.input_sha256).toBe(SHA_B);
    expect(JSON.parse(f.evidence).lines).toEqual([{ file: 'kent-2019-07.csv', line: 17 }]);
  });
});

describe('one problem of one file is one finding (rule 1.1.0)', () => {
  const month = (m: string, recorded: number, line: number): IngestNote => ({
    ...(unknown(recorded) as Extract<IngestNote, { kind: 'unknown_offence_code' }>),
    period_start: m,
    period_end: m,
    file: 'kent.csv',
    lines: [line],
  });

  it('reports an unknown code over three months once, spanning them, each month in the evidence', () => {
    const notes = [month('2021-06', 49, 597), month('2021-05', 27, 574), month('2021-07', 42, 620)];
    const drafts = runCheck(unknownOffenceCodeCheck, input(CURRENT, { notes }));
    expect(drafts).toHaveLength(1);
    const d = drafts[0]!;
    expect([d.period_start, d.period_end, d.observed, d.severity]).toEqual([
      '2021-05',
      '2021-07',
      118,
      'medium',
    ]);
    expect(d.evidence.months).toEqual([
      { period: '2021-05', recorded: 27, lines: [574] },
      { period: '2021-06', recorded: 49, lines: [597] },
      { period: '2021-07', recorded: 42, lines: [620] },
    ]);
    expect(d.summary).toContain('in 2021-05 to 2021-07 (kent.csv, lines 574, 597 and 620)');
  });

  it('keeps codes and files apart, and gives the same finding id on every run', () => {
    const other = { ...month('2021-05', 3, 9), offence_code: '77Q' };
    const elsewhere = { ...month('2021-05', 3, 9), file: 'kent-2.csv', input_sha256: 'c'.repeat(64) };
    const notes = [month('2021-05', 27, 574), month('2021-06', 49, 597), other, elsewhere];
    const run = () =>
      runChecks(defaultRegistry(), input(CURRENT, { notes }), {
        run_id: 'r',
        now: new Date(0),
      }).findings.filter((f) => f.check_id === 'dq.unknown_offence_code');
    const first = run();
    expect(first.map((f) => [f.offence_code, f.period_start, f.period_end]).sort()).toEqual([
      ['77Q', '2021-05', '2021-05'],
      ['99Z', '2021-05', '2021-05'],
      ['99Z', '2021-05', '2021-06'],
    ]);
    expect(run().map((f) => f.finding_id)).toEqual(first.map((f) => f.finding_id));
  });

  it('reports a cell repeated in many quarters of one file once, listing each quarter', () => {
    const quarter = (start: string, end: string, values: number[]): IngestNote => ({
      ...(dup(values) as Extract<IngestNote, { kind: 'duplicate_key' }>),
      period_start: start,
      period_end: end,
      offence_group: 'Theft offences',
      offence_code: null,
    });
    const notes = [
      quarter('2002-07', '2002-09', [2, 1747]),
      quarter('2002-10', '2002-12', [1, 1493]),
      quarter('2004-04', '2004-06', [3, 1500]),
    ];
    const drafts = runCheck(duplicateKeyCheck, input(CURRENT, { notes }));
    expect(drafts).toHaveLength(1);
    const d = drafts[0]!;
    expect([d.period_start, d.period_end, d.severity, d.observed]).toEqual([
      '2002-07',
      '2004-06',
      'low',
      4746,
    ]);
    expect((d.evidence.periods as unknown[]).length).toBe(3);
    expect(d.summary).toContain('appears more than once in each of 3 periods from 2002-07 to 2004-06');
  });
});
