// Record-level cancellation cohorts: crimes by month of recording and final code, how many were
// cancelled within 90 days, and whether the extract runs long enough for the cohort to be complete.

import { describe, expect, it } from 'vitest';
import { COHORT_FOLLOW_UP_DAYS, CohortCounter } from '#core/ingest/cohorts.ts';
import { SubmissionBuilder } from '#core/ingest/submission-builder.ts';
import type { IngestResult } from '#core/model/ingest.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { currentCohorts } from '#core/notes.ts';

const HEADER = [
  'crime_id',
  'force_code',
  'recorded_date',
  'offence_code',
  'original_offence_code',
  'status',
  'status_date',
  'cancellation_code',
];

function build(rows: string[][]): IngestResult {
  const b = new SubmissionBuilder({
    file: 'extract.csv',
    input_sha256: 'd'.repeat(64),
    submitted_at: new Date('2025-04-01T09:00:00Z'),
    run_id: 'run-1',
  });
  b.header(HEADER, 1);
  rows.forEach((row, i) => {
    b.row(row, i + 2);
  });
  return b.finish();
}

describe('CohortCounter', () => {
  it('counts a cancellation within the follow-up (its 90th day included) and not one later', () => {
    const c = new CohortCounter();
    c.add('kent', '8N', '2023-01-10', null);
    c.add('kent', '8N', '2023-01-10', '2023-04-10'); // day 90
    c.add('kent', '8N', '2023-01-10', '2023-04-11'); // day 91
    c.add('kent', '8N', '2023-01-20', '2023-01-05'); // dated before recording: cancelled, not late
    c.add('kent', '105A', '2023-02-01', null);
    c.see('2023-05-01');
    expect(c.build()).toEqual([
      {
        force_code: 'kent',
        month: '2023-01',
        offence_code: '8N',
        crimes: 4,
        cancelled_within: 2,
        follow_up_days: COHORT_FOLLOW_UP_DAYS,
        complete: true, // 2023-01-31 + 90 days = 2023-05-01
      },
      {
        force_code: 'kent',
        month: '2023-02',
        offence_code: '105A',
        crimes: 1,
        cancelled_within: 0,
        follow_up_days: COHORT_FOLLOW_UP_DAYS,
        complete: false, // needs 2023-05-30
      },
    ]);
  });
});

describe('record-level ingest', () => {
  const result = build([
    ['K-1', 'kent', '2023-01-05', '8N', '8N', 'recorded', '', ''],
    ['K-2', 'kent', '2023-01-06', '8N', '8N', 'cancelled', '2023-02-10', 'C2'],
    ['K-3', 'kent', '2023-01-07', '8N', '8N', 'cancelled', '2023-06-01', 'C2'],
    ['K-4', 'kent', '2023-03-01', '105A', '8N', 'recorded', '', ''],
    ['K-5', 'kent', '2023-03-02', '105A', '105A', 'transferred', '2023-03-05', 'C1'],
    ['K-1', 'kent', '2023-01-05', '8N', '8N', 'recorded', '', ''],
  ]);

  it('emits cohorts by month of recording, leaving out transfers and repeated crimes', () => {
    if (!result.ok) throw new Error('rejected');
    expect(result.cohorts).toEqual([
      {
        force_code: 'kent',
        month: '2023-01',
        offence_code: '8N',
        crimes: 3,
        cancelled_within: 1, // K-3 was cancelled after 145 days
        follow_up_days: 90,
        complete: true, // the extract's latest date is 2023-06-01
      },
      {
        force_code: 'kent',
        month: '2023-03',
        offence_code: '105A',
        crimes: 1,
        cancelled_within: 0,
        follow_up_days: 90,
        complete: false,
      },
    ]);
    // K-2 is a cancellation of 2023-02, its decision month, inside the extract's recording months;
    // K-3 was decided in 2023-06, after the last recording month (2023-03): it counts in its
    // recording month, 2023-01, and no cell is made after the edge.
    const cancelled = result.rows.filter((r) => (r.cancelled ?? 0) > 0).map((r) => r.period_start);
    expect(cancelled).toEqual(['2023-01', '2023-02']);
    expect(result.rows.every((r) => r.period_start <= '2023-03')).toBe(true);
  });

  it('keeps only the cohorts of submissions that are current for their force and month', () => {
    if (!result.ok) throw new Error('rejected');
    const sha = 'd'.repeat(64);
    const stored = [
      ...result.cohorts!.map((c) => ({ ...c, input_sha256: sha })),
      { ...result.cohorts![0]!, crimes: 99, input_sha256: 'e'.repeat(64) }, // an older, superseded extract
    ];
    const current = result.rows as ReturnRow[];
    const kept = currentCohorts(stored, current);
    expect(kept.map((c) => [c.month, c.crimes])).toEqual([
      ['2023-01', 3],
      ['2023-03', 1],
    ]);
  });
});
