// Issue 9, item 11: a clean record-level extract that runs to its last cancellation decision (up to 60
// days after the last recording month) must raise nothing above info. Ingest counts a cancellation
// decided after the last recording month in its recording month, so the extract's tail is not read as
// months where more was cancelled than recorded, or where every offence went missing.
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import { SubmissionBuilder } from '#core/ingest/submission-builder.ts';
import type { IngestAccepted } from '#core/model/ingest.ts';
import { RECORD_LEVEL_HEADER } from '#core/synthetic/csv.ts';
import { generateRecordLevel } from '#core/synthetic/record-level.ts';

const SHA = 'e'.repeat(64);

function ingest(
  force: string,
  seed: number,
): { result: IngestAccepted; lastDecision: string; cancelled: number } {
  const { rows } = generateRecordLevel({ force, seed, start: '2022-04', end: '2024-03', inject: false });
  const b = new SubmissionBuilder({
    file: `${force}.csv`,
    input_sha256: SHA,
    submitted_at: new Date('2024-06-01T00:00:00Z'),
    run_id: 'edge',
  });
  b.header([...RECORD_LEVEL_HEADER], 1);
  rows.forEach((r, i) => {
    b.row(
      RECORD_LEVEL_HEADER.map((k) => String(r[k as keyof typeof r])),
      i + 2,
    );
  });
  const result = b.finish();
  if (!result.ok) throw new Error('rejected');
  const lastDecision = rows.reduce((m, r) => (r.status_date > m ? r.status_date : m), '');
  return { result, lastDecision, cancelled: rows.filter((r) => r.status === 'cancelled').length };
}

describe('a clean record-level extract to its last decision', () => {
  for (const [force, seed] of [
    ['cumbria', 11],
    ['kent', 12],
  ] as const) {
    it(`raises nothing above info (${force}, 24 months, decisions after the last recording month)`, () => {
      const { result, lastDecision, cancelled } = ingest(force, seed);
      // The extract holds decisions made after its last recording month…
      expect(lastDecision.slice(0, 7) > '2024-03').toBe(true);
      // …and makes no month of them: every cell is a recording month, and no cancellation is lost.
      expect(result.rows.every((r) => r.period_start <= '2024-03')).toBe(true);
      const cancelledRows = result.rows.reduce((a, r) => a + (r.cancelled ?? 0), 0);
      expect(cancelledRows).toBe(cancelled);
      const input = {
        current: result.rows,
        history: result.rows,
        notes: result.notes,
        forces: [force],
        transitions: result.transitions,
        cohorts: result.cohorts,
      };
      const { findings, errors } = runChecks(defaultRegistry(), input, { run_id: 'edge', now: new Date(0) });
      expect(errors).toEqual([]);
      expect(
        findings.filter((f) => f.severity !== 'info').map((f) => `${f.check_id} ${f.period_start}`),
      ).toEqual([]);
    });
  }
});
