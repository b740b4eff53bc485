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
  it('is medium when the repeated values are identical, and says they were added together', () => {
    const [d] = runCheck(duplicateKeyCheck, input(CURRENT, { notes: [dup([12, 12])] }));
    expect(d!.severity).toBe('medium');
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
    const sev = [0, 5, 20, 100].map(
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
