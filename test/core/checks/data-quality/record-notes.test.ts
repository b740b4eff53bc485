/**
 * dq.duplicate_crime_id and dq.status_date_before_recorded: the record-level ingest notes, filed per
 * month, become one finding per force and file, sized by the crimes affected, with every listed row
 * in the evidence.
 */

import { describe, expect, it } from 'vitest';
import { duplicateCrimeIdCheck } from '#core/checks/data-quality/duplicate-crime-id.ts';
import { statusDateBeforeRecordedCheck } from '#core/checks/data-quality/status-date-before-recorded.ts';
import { defaultRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import type { IngestNote } from '#core/model/ingest.ts';
import { input, row, SHA_A, SHA_B } from '#test-support/check-inputs.ts';
import { runCheck } from '#test-support/run-check.ts';

type DupNote = Extract<IngestNote, { kind: 'duplicate_crime_id' }>;
type StatusNote = Extract<IngestNote, { kind: 'status_date_before_recorded' }>;

const dup = (month: string, p: Partial<DupNote> = {}): DupNote => ({
  kind: 'duplicate_crime_id',
  force_code: 'kent',
  period_start: month,
  period_end: month,
  file: 'kent-extract.csv',
  crimes: 1,
  rows_dropped: 1,
  conflicting_rows: 0,
  duplicates: [{ crime_id: `K-${month}`, kept_line: 10, line: 90, identical: true }],
  input_sha256: SHA_B,
  ...p,
});

const status = (month: string, p: Partial<StatusNote> = {}): StatusNote => ({
  kind: 'status_date_before_recorded',
  force_code: 'kent',
  period_start: month,
  period_end: month,
  file: 'kent-extract.csv',
  records: 1,
  examples: [
    { crime_id: 'K-7', line: 8, status: 'cancelled', recorded_date: '2023-03-10', status_date: '2023-03-02' },
  ],
  input_sha256: SHA_B,
  ...p,
});

const CURRENT = [row({ period_start: '2023-01' })];

describe('dq.duplicate_crime_id', () => {
  it('reports the months of one file as one finding naming the crimes and lines', () => {
    const notes = [
      dup('2023-02', {
        crimes: 2,
        rows_dropped: 3,
        conflicting_rows: 1,
        duplicates: [
          { crime_id: 'K-9', kept_line: 40, line: 41, identical: true },
          { crime_id: 'K-9', kept_line: 40, line: 77, identical: false },
          { crime_id: 'K-12', kept_line: 50, line: 51, identical: true },
        ],
      }),
      dup('2023-01'),
    ];
    const findings = runCheck(duplicateCrimeIdCheck, input(CURRENT, { notes }));
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect([f.force_code, f.period_start, f.period_end, f.severity]).toEqual([
      'kent',
      '2023-01',
      '2023-02',
      'low',
    ]);
    expect([f.offence_group, f.offence_code, f.observed, f.expected]).toEqual([null, null, 7, 3]);
    expect(f.summary).toBe(
      'In kent-extract.csv, 3 crime_ids of kent counted in 2023-01 to 2023-02 appear on more than one row ' +
        '("K-2023-01" on lines 10 and 90; "K-9" on lines 40, 41 and 77; "K-12" on lines 50 and 51); ' +
        'each crime was counted once, from its first row, leaving out 4 later rows, 1 of which differs from ' +
        'the row counted in offence, status, dates or cancellation code, which requires explanation.',
    );
    expect(f.evidence.lines).toEqual(
      [10, 40, 41, 50, 51, 77, 90].map((line) => ({ file: 'kent-extract.csv', line })),
    );
    expect(f.evidence.duplicates).toHaveLength(4);
    expect(f.evidence).toMatchObject({
      crimes: 3,
      rows_dropped: 4,
      conflicting_rows: 1,
      duplicates_complete: true,
    });
    expect(f.discriminator).toBe(`${SHA_B}|kent-extract.csv`);
  });

  it('says when the later rows are exact copies, and sizes severity by the crimes affected', () => {
    const one = runCheck(duplicateCrimeIdCheck, input(CURRENT, { notes: [dup('2023-01')] }))[0]!;
    expect(one.summary).toContain('leaving out 1 later row, an exact copy of the row counted,');
    // Repeated crime_ids span offences: the default weight, 2.
    const sev = [99, 100, 500].map(
      (crimes) =>
        runCheck(
          duplicateCrimeIdCheck,
          input(CURRENT, { notes: [dup('2023-01', { crimes, rows_dropped: crimes })] }),
        )[0]!.severity,
    );
    expect(sev).toEqual(['low', 'medium', 'high']);
  });

  it('keeps files and forces apart', () => {
    const notes = [
      dup('2023-01'),
      dup('2023-01', { file: 'kent-extract-v2.csv', input_sha256: SHA_A }),
      dup('2023-01', { force_code: 'essex' }),
    ];
    const findings = runCheck(duplicateCrimeIdCheck, input(CURRENT, { notes }));
    expect(findings.map((f) => [f.force_code, f.discriminator]).sort()).toEqual([
      ['essex', `${SHA_B}|kent-extract.csv`],
      ['kent', `${SHA_A}|kent-extract-v2.csv`],
      ['kent', `${SHA_B}|kent-extract.csv`],
    ]);
  });

  it('runs in the default registry, with the submission as the finding input', () => {
    const res = runChecks(defaultRegistry(), input(CURRENT, { notes: [dup('2023-01')] }), {
      run_id: 'r',
      now: new Date(0),
    });
    const f = res.findings.find((x) => x.check_id === 'dq.duplicate_crime_id')!;
    expect(f.rule_version).toBe('1.1.0');
    expect(f.input_sha256).toBe(SHA_B);
    expect(JSON.parse(f.evidence).duplicates).toEqual([
      { month: '2023-01', crime_id: 'K-2023-01', kept_line: 10, line: 90, identical: true },
    ]);
  });

  it('ignores other notes', () => {
    expect(runCheck(duplicateCrimeIdCheck, input(CURRENT, { notes: [status('2023-03')] }))).toEqual([]);
  });
});

describe('dq.status_date_before_recorded', () => {
  it('names the line, crime_id and both dates, and says the records were counted', () => {
    const [f] = runCheck(statusDateBeforeRecordedCheck, input(CURRENT, { notes: [status('2023-03')] }));
    expect(f!.summary).toBe(
      'In kent-extract.csv, 1 cancelled or transferred record of kent in 2023-03 has a status_date earlier ' +
        'than the recorded_date (line 8, crime_id "K-7": recorded 2023-03-10, cancelled 2023-03-02); a crime ' +
        'cannot be cancelled or transferred before it was recorded, the record was counted as given ' +
        '(a cancellation in the month of its status_date), and this requires explanation.',
    );
    expect([f!.severity, f!.observed, f!.expected]).toEqual(['low', 1, 0]);
    expect(f!.evidence.lines).toEqual([{ file: 'kent-extract.csv', line: 8 }]);
  });

  it('reports one finding per force and file, sized by the records', () => {
    const notes = [status('2023-03', { records: 300 }), status('2023-05', { records: 250 })];
    const findings = runCheck(statusDateBeforeRecordedCheck, input(CURRENT, { notes }));
    expect(findings).toHaveLength(1);
    expect([findings[0]!.period_start, findings[0]!.period_end, findings[0]!.severity]).toEqual([
      '2023-03',
      '2023-05',
      'high',
    ]);
    expect(findings[0]!.summary).toContain('recorded 2023-03-10, cancelled 2023-03-02, and 549 more)');
    expect(findings[0]!.evidence).toMatchObject({ records: 550, examples_complete: false });
  });
});
