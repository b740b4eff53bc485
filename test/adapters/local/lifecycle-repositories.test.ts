import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEngine } from '#adapters/duckdb/engine.ts';
import { openLocalStore } from '#adapters/local/store.ts';
import { listTableFiles } from '#adapters/local/table-files.ts';
import { InvalidRowError } from '#adapters/shared/validate-rows.ts';
import { findingStatuses } from '#core/lifecycle/status.ts';
import { findingEvent } from '#test-support/finding-events.ts';
import { finding } from '#test-support/findings.ts';
import { tempDir } from '#test-support/temp-files.ts';

let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir: root, cleanup } = await tempDir('auditor-lifecycle-'));
});
afterEach(() => cleanup());

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(join(root, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}

describe('LocalFindingEventsRepository', () => {
  it('appends to one file per force, storing an event id once however often it is appended', async () => {
    const store = openLocalStore(root);
    const a = findingEvent();
    const b = findingEvent({ action: 'explain', note: 'new system' });
    expect(await store.events.append('kent', [a])).toEqual([a]);
    expect(await store.events.append('kent', [a, b, b])).toEqual([a, b]);
    expect(await store.events.append('kent', [{ ...a, note: 'changed' }])).toEqual([a, b]);
    expect(await store.events.loadForce('kent')).toEqual([a, b]);
    const c = findingEvent({ force_code: 'durham', finding_id: 'f-0002' });
    await store.events.append('durham', [c]);
    expect(await files('finding_events')).toEqual([
      'finding_events/force_code=durham/events.parquet',
      'finding_events/force_code=kent/events.parquet',
    ]);
    expect(await store.events.loadAll()).toEqual([c, a, b]);
    expect(await store.events.loadForce('essex')).toEqual([]);
  });

  it('writes all of an append or none: a bad event or one of another force leaves the log as it was', async () => {
    const store = openLocalStore(root);
    const a = findingEvent();
    await store.events.append('kent', [a]);
    await expect(
      store.events.append('kent', [findingEvent(), findingEvent({ action: 'close' as 'accept' })]),
    ).rejects.toThrow(InvalidRowError);
    await expect(store.events.append('kent', [findingEvent({ force_code: 'durham' })])).rejects.toThrow(
      /include one for durham/,
    );
    expect(await store.events.loadForce('kent')).toEqual([a]);
    // Written through a temporary file renamed into place: nothing else is left beside it.
    expect(await files('finding_events')).toEqual(['finding_events/force_code=kent/events.parquet']);
  });
});

describe('LocalFindingsHistoryRepository', () => {
  it('keeps each run’s findings for a force under that run id, an empty set too, a retry once', async () => {
    const store = openLocalStore(root);
    const f = finding({ run_id: 'run-1' });
    await store.history.put('kent', 'run-1', [f]);
    await store.history.put('kent', 'run-2', [f]);
    await store.history.put('kent', 'run-2', [f]);
    await store.history.put('kent', 'run-3', []);
    expect(await files('findings_history')).toEqual([
      'findings_history/force_code=kent/run-1.parquet',
      'findings_history/force_code=kent/run-2.parquet',
      'findings_history/force_code=kent/run-3.parquet',
    ]);
    expect((await listTableFiles(root)).findings_history).toHaveLength(3);
    const engine = await openEngine(root);
    try {
      expect(
        await engine.query(
          'SELECT run_id, count(*) AS n FROM findings_history GROUP BY run_id ORDER BY run_id',
        ),
      ).toEqual([
        { run_id: 'run-1', n: 1 },
        { run_id: 'run-2', n: 1 },
      ]);
    } finally {
      engine.close();
    }
    await expect(store.history.put('kent', 'run-4', [finding({ force_code: 'durham' })])).rejects.toThrow(
      /include one for durham/,
    );
  });
});

describe('finding_status', () => {
  it('gives each finding the status of its latest event, ties by event id, as core does', async () => {
    const store = openLocalStore(root);
    const at = new Date('2024-05-01T11:00:00Z');
    const log = [
      findingEvent({ finding_id: 'f1', action: 'raised', role: 'system', actor: 'auditor', run_id: 'r1' }),
      findingEvent({ finding_id: 'f1', action: 'explain', note: 'why', created_at: at }),
      findingEvent({ finding_id: 'f2', action: 'raised', role: 'system', actor: 'auditor', run_id: 'r1' }),
      findingEvent({ finding_id: 'f2', action: 'dispute', role: 'auditor', note: 'no', created_at: at }),
      findingEvent({ finding_id: 'f2', action: 'accept', role: 'auditor', created_at: at }),
    ];
    await store.events.append('kent', log);
    const core = findingStatuses(log);
    const engine = await openEngine(root);
    try {
      expect(
        await engine.query('SELECT finding_id, status, updated_by, note FROM finding_status ORDER BY 1'),
      ).toEqual([
        { finding_id: 'f1', status: 'explained', updated_by: 'J. Smith', note: 'why' },
        // Same instant: the greater event id (the accept, appended later here) wins.
        { finding_id: 'f2', status: 'accepted', updated_by: 'J. Smith', note: null },
      ]);
      expect([core.get('f1')?.status, core.get('f2')?.status]).toEqual(['explained', 'accepted']);
    } finally {
      engine.close();
    }
  });
});
