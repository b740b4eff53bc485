// The result assembly on its own: what the accumulators gathered becomes the accepted result, stamped
// with the submission's identity, or the report that rejects the file; a file with nothing to audit
// is a problem of the whole file.
import { describe, expect, it } from 'vitest';
import { accepted, emptyFileMessage, type ReadProgress, rejected } from '#core/ingest/assemble-result.ts';
import type { CellRow } from '#core/ingest/cells.ts';
import { IssueCollector } from '#core/ingest/issues.ts';

const IDENTITY = {
  file: 'returns.csv',
  input_sha256: 'e'.repeat(64),
  submitted_at: new Date('2025-04-01T09:00:00Z'),
  run_id: 'run-3',
};
const ROW: CellRow = {
  force_code: 'kent',
  period_start: '2019-07',
  period_end: '2019-07',
  grain: 'month',
  level: 'code',
  offence_code: '46',
  offence_group: 'Theft offences',
  offence_subgroup: 'Shoplifting',
  recorded: 4,
  cancelled: null,
  source_line: 2,
};
const PROGRESS: ReadProgress = { headerDone: true, rowsRead: 3, notAvailable: 1, cells: 1, skipped: [] };

describe('emptyFileMessage', () => {
  it('says what a file without anything to audit lacks', () => {
    expect(emptyFileMessage({ ...PROGRESS, headerDone: false })).toMatch(/^the file is empty/);
    expect(emptyFileMessage({ ...PROGRESS, rowsRead: 0 })).toMatch(/^no data rows/);
    expect(emptyFileMessage(PROGRESS)).toBeNull();
  });

  it('says why every row was skipped', () => {
    const skipped = [
      {
        reason: 'non_force_body' as const,
        field: 'Force Name',
        value: 'CIFAS',
        count: 2,
        lines: [2, 3],
        message: '',
      },
      {
        reason: 'not_available' as const,
        field: 'Number of Offences',
        value: 'N/a',
        count: 1,
        lines: [4],
        message: '',
      },
    ];
    expect(emptyFileMessage({ ...PROGRESS, cells: 0, skipped })).toBe(
      'no usable rows: all 3 data rows were skipped — 2 non force body (CIFAS), 1 not available (N/a); nothing to audit',
    );
  });
});

describe('accepted', () => {
  it('stamps the submission on every row and carries the counts, with no record-level parts', () => {
    const r = accepted(IDENTITY, 'monthly_aggregate', PROGRESS, { rows: [ROW], notes: [] });
    expect(r).toEqual({
      ok: true,
      format: 'monthly_aggregate',
      rows: [
        {
          ...ROW,
          source_format: 'monthly_aggregate',
          source_file: 'returns.csv',
          input_sha256: IDENTITY.input_sha256,
          submitted_at: IDENTITY.submitted_at,
          // No read time given: it defaults to the upload time.
          processed_at: IDENTITY.submitted_at,
          run_id: 'run-3',
        },
      ],
      notes: [],
      rowsRead: 3,
      notAvailable: 1,
      skipped: [],
      offenceReferenceVersion: '2024-25.1',
    });
    expect('transitions' in r).toBe(false);
  });

  it('adds the transitions and cohorts of a record-level extract', () => {
    const transitions = [
      { force_code: 'kent', month: '2019-07', from_offence_code: '49', to_offence_code: '46', count: 1 },
    ];
    const r = accepted(IDENTITY, 'record_level', PROGRESS, {
      rows: [ROW],
      notes: [],
      transitions,
      cohorts: [],
    });
    expect([r.transitions, r.cohorts]).toEqual([transitions, []]);
  });
});

describe('rejected', () => {
  it('reports every issue counted, the stored ones and whether they were cut', () => {
    const issues = new IssueCollector('returns.csv');
    issues.add(4, 'month', '2019-13', 'expected a month');
    expect(rejected(IDENTITY, 'monthly_aggregate', 3, issues)).toEqual({
      ok: false,
      report: {
        file: 'returns.csv',
        input_sha256: IDENTITY.input_sha256,
        format: 'monthly_aggregate',
        rows_read: 3,
        issue_count: 1,
        issues: [
          { file: 'returns.csv', line: 4, field: 'month', value: '2019-13', message: 'expected a month' },
        ],
        truncated: false,
      },
    });
  });
});
