// End to end: a record-level extract with a repeated crime_id and a cancellation dated before its
// recording, audited by the real CLI — each crime counted once, and both facts reach the findings table.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditor, queryJson, removeTempDirs, tempDir } from './run-cli.ts';

afterAll(removeTempDirs);

const EXTRACT = [
  'crime_id,force_code,recorded_date,offence_code,original_offence_code,status,status_date,cancellation_code',
  'K-1,kent,2023-01-05,8N,8N,recorded,,',
  'K-2,kent,2023-01-06,8N,8N,recorded,,',
  'K-3,kent,2023-01-07,105A,8N,recorded,,',
  'K-1,kent,2023-01-05,8N,8N,recorded,,',
  'K-3,kent,2023-01-07,105A,8N,cancelled,2023-02-01,C1',
  'K-4,kent,2023-02-10,8N,8N,cancelled,2023-02-03,C1',
].join('\n');

describe('a record-level extract with a repeated crime_id', () => {
  const inbox = tempDir('dupcrime-in');
  const out = tempDir('dupcrime-out');
  writeFileSync(join(inbox, 'kent-extract.csv'), `${EXTRACT}\n`);
  const r = auditor('audit', inbox, '--out', out, '--quiet');

  it('runs and counts each crime once', () => {
    expect(r.code, r.stderr).toBe(0);
    const cells = queryJson<{
      period_start: string;
      offence_code: string;
      recorded: number;
      cancelled: number;
    }>(
      out,
      'SELECT period_start, offence_code, recorded, cancelled FROM returns ORDER BY period_start, offence_code',
    );
    expect(
      cells.map((c) => [c.period_start, c.offence_code, Number(c.recorded), Number(c.cancelled)]),
    ).toEqual([
      ['2023-01', '105A', 1, 0],
      ['2023-01', '8N', 2, 0],
      ['2023-02', '8N', 0, 1],
    ]);
  });

  it('writes one dq.duplicate_crime_id finding naming the crimes and lines', () => {
    const rows = queryJson<{
      severity: string;
      period_start: string;
      observed: number;
      expected: number;
      summary: string;
      evidence: string;
    }>(
      out,
      "SELECT severity, period_start, observed, expected, summary, evidence FROM findings WHERE check_id = 'dq.duplicate_crime_id'",
    );
    expect(rows).toHaveLength(1);
    const f = rows[0]!;
    expect([f.severity, f.period_start, f.observed, f.expected]).toEqual(['low', '2023-01', 4, 2]);
    expect(f.summary).toContain('2 crime_ids of kent');
    expect(f.summary).toContain('"K-1" on lines 2 and 5');
    const evidence = JSON.parse(f.evidence) as { duplicates: unknown[]; conflicting_rows: number };
    expect(evidence.conflicting_rows).toBe(1);
    expect(evidence.duplicates).toEqual([
      { month: '2023-01', crime_id: 'K-1', kept_line: 2, line: 5, identical: true },
      { month: '2023-01', crime_id: 'K-3', kept_line: 4, line: 6, identical: false },
    ]);
  });

  it('writes a dq.status_date_before_recorded finding naming the line, crime_id and dates', () => {
    const rows = queryJson<{ summary: string }>(
      out,
      "SELECT summary FROM findings WHERE check_id = 'dq.status_date_before_recorded'",
    );
    expect(rows.map((x) => x.summary)).toEqual([
      expect.stringContaining('(line 7, crime_id "K-4": recorded 2023-02-10, cancelled 2023-02-03)'),
    ]);
  });
});
