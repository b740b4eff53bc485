/** runAudit's finding lifecycle over the local store: raised once, resolved, reopened, and what it notifies. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashFile, readReturnFile } from '#adapters/files/read-return.ts';
import { openLocalStore } from '#adapters/local/store.ts';
import { type AuditRequest, type InputFile, runAudit } from '#app/audit.ts';
import { defaultRegistry } from '#core/engine/registry.ts';
import { ConcurrentUpdateError } from '#core/ports.ts';
import { tempDir, uploadFile } from '#test-support/temp-files.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('auditor-lifecycle-audit-'));
});
afterEach(() => cleanup());

const HEADER = 'force_code,month,offence_code,recorded,cancelled';
const months = Array.from(
  { length: 24 },
  (_, i) => `kent,${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')},8N,100,3`,
);
const csv = (last: string) => `${[HEADER, ...months, last].join('\n')}\n`;

let runs = 0;
function request(files: InputFile[]): AuditRequest {
  runs += 1;
  return {
    files,
    runId: `run-${runs}`,
    kind: 'local',
    registry: defaultRegistry(),
    clock: () => new Date(Date.UTC(2025, 0, runs)),
    hash: async (f) => (await hashFile(f.path)).input_sha256,
    read: (file, ctx, onBytes) =>
      readReturnFile(file.path, { ...ctx, displayName: file.name }, { onProgress: onBytes }),
  };
}

async function upload(name: string, text: string, day: number): Promise<InputFile> {
  const { path } = await uploadFile(dir, name, text);
  return { path, name, submittedAt: new Date(Date.UTC(2025, 1, day)) };
}

describe('runAudit and the finding lifecycle', () => {
  it('raises a finding once, resolves it when corrected, reopens it silently (not counted as new) when it comes back', async () => {
    const store = openLocalStore(`${dir}/out`);
    const bad = await runAudit(store, request([await upload('v1.csv', csv('kent,2025-01,8N,-4,0'), 1)]));
    expect(bad.raised.length).toBeGreaterThan(0);
    const ids = bad.raised.map((f) => f.finding_id);
    expect(bad.findings.map((f) => f.finding_id)).toEqual(expect.arrayContaining(ids));

    const again = await runAudit(store, request([]));
    expect(again.raised).toEqual([]);

    const fixed = await runAudit(store, request([await upload('v2.csv', csv('kent,2025-01,8N,100,3'), 2)]));
    expect(fixed.raised).toEqual([]);
    const back = await runAudit(store, request([await upload('v3.csv', csv('kent,2025-01,8N,-5,0'), 3)]));
    expect(back.raised).toEqual([]);
    expect(back.findings.map((f) => f.finding_id)).toEqual(expect.arrayContaining(ids));
    // The runs table counts findings raised for the first time, not findings found again.
    expect(bad.run.findings_new).toBe(ids.length);
    expect(back.run.findings_new).toBe(0);

    const events = await store.events.loadForce('kent');
    for (const id of ids) {
      expect(
        events.filter((e) => e.finding_id === id).map((e) => [e.action, e.run_id]),
        id,
      ).toEqual([
        ['raised', 'run-1'],
        ['resolved', `run-${runs - 1}`],
        ['reopen', `run-${runs}`],
      ]);
    }
  });

  it('records one raised event when the findings write loses a race and the run recomputes', async () => {
    const store = openLocalStore(`${dir}/out`);
    const replace = store.findings.replaceForce.bind(store.findings);
    let fail = true;
    store.findings.replaceForce = async (force, findings, ifVersion) => {
      if (fail) {
        fail = false;
        throw new ConcurrentUpdateError('another run wrote');
      }
      return replace(force, findings, ifVersion);
    };
    const outcome = await runAudit(store, request([await upload('v1.csv', csv('kent,2025-01,8N,-4,0'), 1)]));
    expect(outcome.raised.length).toBeGreaterThan(0);
    const events = await store.events.loadForce('kent');
    expect(events.filter((e) => e.action === 'raised')).toHaveLength(outcome.findings.length);
    expect(events).toHaveLength(outcome.findings.length);
  });
});
