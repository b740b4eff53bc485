/** `auditor findings`' SQL over a local store: current findings and resolved ones, each with its status. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEngine } from '#adapters/duckdb/engine.ts';
import { openLocalStore } from '#adapters/local/store.ts';
import { findingsWithStatusSql } from '#store/findings-with-status.ts';
import { findingEvent } from '#test-support/finding-events.ts';
import { finding } from '#test-support/findings.ts';
import { runRecord } from '#test-support/runs.ts';
import { tempDir } from '#test-support/temp-files.ts';

let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir: root, cleanup } = await tempDir('auditor-findings-status-'));
});
afterEach(() => cleanup());

const system = { role: 'system', actor: 'auditor' } as const;

describe('findingsWithStatusSql', () => {
  it('lists current findings with their status, resolved ones as last reported, and legacy ones as open', async () => {
    const store = openLocalStore(root);
    const f1 = finding({ finding_id: 'f1', run_id: 'r1' });
    const f2 = finding({ finding_id: 'f2', run_id: 'r1', summary: 'Seen by r1 only.' });
    const legacy = finding({ finding_id: 'f3', run_id: 'r0' });
    await store.runs.put(runRecord({ run_id: 'r1', started_at: new Date('2024-01-01T00:00:00Z') }));
    await store.runs.put(runRecord({ run_id: 'r2', started_at: new Date('2024-02-01T00:00:00Z') }));
    await store.history.put('kent', 'r1', [f1, f2]);
    await store.history.put('kent', 'r2', [f1]);
    await store.findings.replaceForce('kent', [f1, legacy]);
    await store.events.append('kent', [
      findingEvent({ ...system, finding_id: 'f1', action: 'raised', run_id: 'r1' }),
      findingEvent({ ...system, finding_id: 'f2', action: 'raised', run_id: 'r1' }),
      findingEvent({
        ...system,
        finding_id: 'f2',
        action: 'resolved',
        run_id: 'r2',
        created_at: new Date('2024-06-01'),
      }),
      findingEvent({ finding_id: 'f1', action: 'explain', note: 'why', created_at: new Date('2024-06-02') }),
    ]);
    const engine = await openEngine(root);
    try {
      const rows = await engine.query(findingsWithStatusSql([]));
      expect(rows.map((r) => [r.finding_id, r.status])).toEqual([
        ['f1', 'explained'],
        ['f2', 'resolved'],
        ['f3', 'open'],
      ]);
      expect(rows.find((r) => r.finding_id === 'f2')?.summary).toBe('Seen by r1 only.');
      expect(
        (await engine.query(findingsWithStatusSql([`"status" = 'resolved'`]))).map((r) => r.finding_id),
      ).toEqual(['f2']);
    } finally {
      engine.close();
    }
  });
});
