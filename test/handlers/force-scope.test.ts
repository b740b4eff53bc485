import { describe, expect, it } from 'vitest';
import type { ReadReturnResult, ReclassificationTransition } from '#core/model/ingest.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { restrictToForce } from '#handlers/intake/force-scope.ts';
import { returnRow } from '../support/rows.ts';

const SHA = 'a'.repeat(64);

const row = (force: string, line: number): ReturnRow =>
  returnRow({ force_code: force, source_line: line, input_sha256: SHA });

function accepted(rows: ReturnRow[], transitions?: ReclassificationTransition[]): ReadReturnResult {
  return {
    ok: true,
    format: 'monthly_aggregate',
    rows,
    notes: [],
    rowsRead: rows.length,
    notAvailable: 0,
    skipped: [],
    transitions,
    offenceReferenceVersion: 'test',
    input_sha256: SHA,
    bytes: 100,
  };
}

describe('restrictToForce', () => {
  it("passes a file holding only the uploading force's rows through untouched", () => {
    const result = accepted([row('kent', 2), row('kent', 3)]);
    expect(restrictToForce(result, 'kent', 'kent.csv')).toBe(result);
  });

  it('passes an already rejected file through', () => {
    const rejected: ReadReturnResult = {
      ok: false,
      report: {
        file: 'x.csv',
        input_sha256: SHA,
        format: null,
        rows_read: 0,
        issue_count: 1,
        issues: [],
        truncated: false,
      },
      input_sha256: SHA,
      bytes: 1,
    };
    expect(restrictToForce(rejected, 'kent', 'x.csv')).toBe(rejected);
  });

  it('rejects the whole file when any row is for another force, naming each foreign row', () => {
    const out = restrictToForce(
      accepted([row('kent', 2), row('essex', 9), row('durham', 4), row('essex', 7)]),
      'kent',
      'kent.csv',
    );
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.input_sha256).toBe(SHA);
    expect(out.report).toMatchObject({
      file: 'kent.csv',
      input_sha256: SHA,
      format: 'monthly_aggregate',
      rows_read: 4,
      issue_count: 4,
    });
    expect(out.report.issues[0]?.message).toContain(
      'holds rows for other forces: durham (1 cell), essex (2 cells)',
    );
    expect(out.report.issues.slice(1).map((i) => [i.line, i.value])).toEqual([
      [4, 'durham'],
      [7, 'essex'],
      [9, 'essex'],
    ]);
    expect(out.report.issues[1]?.message).toBe(
      'row is for durham, not kent: remove it, or have durham upload it to uploads/durham/',
    );
  });

  it("rejects record-level transitions of another force even when the cells are the force's own", () => {
    const out = restrictToForce(
      accepted(
        [row('kent', 2)],
        [
          {
            force_code: 'surrey',
            month: '2024-01',
            from_offence_code: '8N',
            to_offence_code: '105A',
            count: 3,
          },
        ],
      ),
      'kent',
      'kent.jsonl',
    );
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.report.issues[0]?.message).toContain('surrey (0 cells)');
  });

  it('caps the stored issues but counts them all', () => {
    const rows = Array.from({ length: 250 }, (_, i) => row('essex', i + 2));
    const out = restrictToForce(accepted(rows), 'kent', 'kent.csv');
    if (out.ok) throw new Error('expected a rejection');
    expect(out.report.issue_count).toBe(251);
    expect(out.report.issues).toHaveLength(100);
    expect(out.report.truncated).toBe(true);
  });
});
