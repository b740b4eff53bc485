/** runAudit over the local store: what it reads, in what order revisions become current, and its run row. */
import { utimes } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hashFile, readReturnFile } from '#adapters/files/read-return.ts';
import { openLocalStore } from '#adapters/local/store.ts';
import { type AuditRequest, type InputFile, runAudit } from '#app/audit.ts';
import { defaultRegistry } from '#core/engine/registry.ts';
import { currentRevision } from '#core/revisions.ts';
import { tempDir, uploadFile } from '#test-support/temp-files.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('auditor-run-audit-'));
});
afterEach(() => cleanup());

const HEADER = 'force_code,month,offence_code,recorded,cancelled';
const months = (n: number, recorded: number) =>
  Array.from(
    { length: n },
    (_, i) => `kent,${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')},8N,${recorded},3`,
  );

function request(files: InputFile[], read: AuditRequest['read']): AuditRequest {
  return {
    files,
    runId: `run-${Math.random().toString(16).slice(2, 8)}`,
    kind: 'local',
    registry: defaultRegistry(),
    clock: () => new Date(),
    hash: async (f) => (await hashFile(f.path)).input_sha256,
    read,
  };
}

const realRead: AuditRequest['read'] = (file, ctx, onBytes) =>
  readReturnFile(file.path, { ...ctx, displayName: file.name }, { onProgress: onBytes });

describe('runAudit', () => {
  it('hashes a file before parsing it: an unchanged re-run parses nothing', async () => {
    const { path } = await uploadFile(dir, 'kent.csv', `${[HEADER, ...months(24, 100)].join('\n')}\n`);
    const store = openLocalStore(`${dir}/out`);
    const read = vi.fn(realRead);
    const first = await runAudit(store, request([{ path, name: 'kent.csv' }], read));
    expect(first.files.map((f) => f.status)).toEqual(['ingested']);
    expect(read).toHaveBeenCalledTimes(1);
    const again = await runAudit(store, request([{ path, name: 'kent.csv' }], read));
    expect(again.files.map((f) => f.status)).toEqual(['unchanged']);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('finds a file unchanged after reading it when it was not hashed first', async () => {
    const body = `${[HEADER, ...months(24, 100)].join('\n')}\n`;
    const a = await uploadFile(dir, 'kent.csv', body);
    const b = await uploadFile(dir, 'kent-again.csv', body);
    const store = openLocalStore(`${dir}/out`);
    const read = vi.fn(realRead);
    const outcome = await runAudit(store, {
      ...request(
        [
          { path: a.path, name: 'kent.csv' },
          { path: b.path, name: 'kent-again.csv' },
        ],
        read,
      ),
      hash: async () => null,
    });
    expect(outcome.files.map((f) => f.status)).toEqual(['ingested', 'unchanged']);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('makes current the revision submitted last, whatever order the files are given in', async () => {
    const older = await uploadFile(dir, 'kent-v1.csv', `${[HEADER, ...months(24, 100)].join('\n')}\n`);
    const newer = await uploadFile(dir, 'kent-v2.csv', `${[HEADER, ...months(24, 90)].join('\n')}\n`);
    const store = openLocalStore(`${dir}/out`);
    // The newer file is given first, the older second: upload time decides, not processing order.
    await runAudit(
      store,
      request(
        [
          { path: newer.path, name: 'kent-v2.csv', submittedAt: new Date('2024-04-03T10:05:00Z') },
          { path: older.path, name: 'kent-v1.csv', submittedAt: new Date('2024-04-03T10:00:00Z') },
        ],
        realRead,
      ),
    );
    const current = currentRevision((await store.returns.loadAll()).rows);
    expect(new Set(current.map((r) => r.input_sha256))).toEqual(new Set([newer.sha]));
  });

  it('takes files with the same upload time in the order given', async () => {
    const a = await uploadFile(dir, 'a.csv', `${[HEADER, ...months(24, 100)].join('\n')}\n`);
    const b = await uploadFile(dir, 'b.csv', `${[HEADER, ...months(24, 90)].join('\n')}\n`);
    const same = new Date('2024-04-03T10:00:00Z');
    await utimes(a.path, same, same);
    await utimes(b.path, same, same);
    for (const [order, winner] of [
      [[b, a], a],
      [[a, b], b],
    ] as const) {
      const store = openLocalStore(`${dir}/out-${winner.sha.slice(0, 6)}`);
      await runAudit(
        store,
        request(
          order.map((f) => ({ path: f.path, name: f.path, submittedAt: same })),
          realRead,
        ),
      );
      const current = currentRevision((await store.returns.loadAll()).rows);
      expect(new Set(current.map((r) => r.input_sha256))).toEqual(new Set([winner.sha]));
    }
  });

  it('records the run as running before its findings are written, and finished after', async () => {
    const { path } = await uploadFile(
      dir,
      'kent.csv',
      `${[HEADER, ...months(24, 100), 'kent,2025-01,8N,-4,0'].join('\n')}\n`,
    );
    const store = openLocalStore(`${dir}/out`);
    const seen: string[] = [];
    const replace = store.findings.replaceForce.bind(store.findings);
    store.findings.replaceForce = async (force, findings, ifVersion) => {
      seen.push(...(await store.runs.loadAll()).map((r) => r.status));
      return replace(force, findings, ifVersion);
    };
    const outcome = await runAudit(store, request([{ path, name: 'kent.csv' }], realRead));
    expect(outcome.findings.length).toBeGreaterThan(0);
    expect(seen).toEqual(['running']);
    expect((await store.runs.loadAll()).map((r) => r.status)).toEqual(['succeeded']);
  });
});
