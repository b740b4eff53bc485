/**
 * The auditors' lifecycle queries over a local store whose history is known: kent's findings raised
 * on 1 January 2025, one explained on the 5th and disputed on the 10th, another explained on the 8th,
 * both resolved by a corrected return on the 20th. Run in DuckDB as Athena would run them (parameters
 * bound), and checked against the finding_status view, whose ordering they inline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine, openEngine } from '#adapters/duckdb/engine.ts';
import { hashFile, readReturnFile } from '#adapters/files/read-return.ts';
import { openLocalStore } from '#adapters/local/store.ts';
import { type AuditRequest, type InputFile, runAudit } from '#app/audit.ts';
import { defaultRegistry } from '#core/engine/registry.ts';
import { decideResponse } from '#core/lifecycle/respond.ts';
import { bindParameters } from '#queries/bind-parameters.ts';
import { loadNamedQueries, type NamedQuery } from '#queries/named-queries.ts';
import { tempDir, uploadFile } from '#test-support/temp-files.ts';

const HEADER = 'force_code,month,offence_code,recorded,cancelled';
const months = Array.from(
  { length: 24 },
  (_, i) => `kent,${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')},8N,100,3`,
);
const csv = (...last: string[]) => `${[HEADER, ...months, ...last].join('\n')}\n`;
const jan = (d: number) => new Date(Date.UTC(2025, 0, d, 12));

let dir: string;
let cleanup: () => Promise<void>;
let engine: Engine;
let queries: Map<string, NamedQuery>;
let ids: string[];

async function audit(runId: string, day: number, name: string, text: string) {
  const store = openLocalStore(`${dir}/out`);
  const { path } = await uploadFile(dir, name, text);
  const file: InputFile = { path, name, submittedAt: jan(day) };
  const req: AuditRequest = {
    files: [file],
    runId,
    kind: 'local',
    registry: defaultRegistry(),
    clock: () => jan(day),
    hash: async (f) => (await hashFile(f.path)).input_sha256,
    read: (f, ctx, onBytes) =>
      readReturnFile(f.path, { ...ctx, displayName: f.name }, { onProgress: onBytes }),
  };
  return runAudit(store, req);
}

async function respond(finding_id: string, role: string, action: string, day: number, note: string | null) {
  const store = openLocalStore(`${dir}/out`);
  const known = new Map((await store.events.loadAll()).map((e) => [e.finding_id, e]));
  const d = decideResponse({ finding_id, role, actor: `${role} person`, action, note, at: jan(day) }, known);
  if (!d.ok) throw new Error(d.reason);
  await store.events.append('kent', [d.event]);
}

async function run(name: string, params: string[] = []) {
  const q = queries.get(name);
  if (!q) throw new Error(`no query ${name}`);
  return engine.query(bindParameters(q.sql, params));
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('auditor-lifecycle-queries-'));
  queries = new Map((await loadNamedQueries()).map((q) => [q.name, q]));
  const first = await audit('run-1', 1, 'v1.csv', csv('kent,2025-01,8N,-4,0', 'kent,2025-01,105A,-6,0'));
  ids = first.raised.map((f) => f.finding_id).sort();
  if (ids.length < 2) throw new Error(`expected two findings to work with, got ${ids.length}`);
});
afterAll(async () => {
  engine?.close();
  await cleanup?.();
});

describe('lifecycle named queries', () => {
  it('list open findings by force until answered, and disputed ones with the auditors’ reason', async () => {
    const [a, b] = ids as [string, string];
    await respond(a, 'force', 'explain', 5, 'new recording system');
    await respond(b, 'force', 'explain', 8, 'data entry error, corrected');
    await respond(a, 'auditor', 'dispute', 10, 'the fall began before the new system');
    engine = await openEngine(`${dir}/out`);

    const open = await run('open-findings-by-force-and-age');
    expect(open.map((r) => r.finding_id)).not.toContain(b);
    const row = open.find((r) => r.finding_id === a);
    expect(row).toMatchObject({
      force_code: 'kent',
      status: 'disputed',
      auditors_reason: 'the fall began before the new system',
    });
    expect(Number(row?.days_open)).toBeGreaterThanOrEqual(Number(row?.days_waiting));
    // Exactly the current findings that finding_status says await the force.
    const expected = await engine.query(
      "SELECT s.finding_id FROM finding_status s JOIN findings f USING (finding_id) WHERE s.status IN ('open', 'disputed') ORDER BY 1",
    );
    expect(open.map((r) => r.finding_id).sort()).toEqual(expected.map((r) => r.finding_id));
    for (const r of open.filter((x) => x.finding_id !== a)) expect(r.status).toBe('open');
  });

  it('list explanations awaiting a decision, oldest first, with the explanation', async () => {
    const rows = await run('explanations-awaiting-decision');
    expect(rows.map((r) => r.finding_id)).toEqual([ids[1]]);
    expect(rows[0]).toMatchObject({
      force_code: 'kent',
      explained_by: 'force person',
      explanation: 'data entry error, corrected',
    });
    const explained = await engine.query("SELECT finding_id FROM finding_status WHERE status = 'explained'");
    expect(explained.map((r) => r.finding_id)).toEqual([ids[1]]);
  });

  it('show the findings as they stood on a date: raised by then, not resolved by then, with that day’s status', async () => {
    engine.close();
    await audit('run-2', 20, 'v2.csv', csv('kent,2025-01,8N,100,3', 'kent,2025-01,105A,5,0'));
    engine = await openEngine(`${dir}/out`);
    const [a, b] = ids as [string, string];

    expect(await run('findings-as-of-date', ['2024-12-31'])).toEqual([]);
    const onThe7th = await run('findings-as-of-date', ['2025-01-07']);
    expect(onThe7th.map((r) => r.finding_id).sort()).toEqual(ids);
    const status = new Map(onThe7th.map((r) => [r.finding_id, r.status]));
    expect(status.get(a)).toBe('explained');
    expect(status.get(b)).toBe('open');
    expect(onThe7th.every((r) => r.reported_by_run === 'run-1' && r.severity !== null)).toBe(true);
    const onThe10th = new Map(
      (await run('findings-as-of-date', ['2025-01-10'])).map((r) => [r.finding_id, r.status]),
    );
    expect([onThe10th.get(a), onThe10th.get(b)]).toEqual(['disputed', 'explained']);
    // Resolved by the corrected return on the 20th: gone from that day on.
    const onThe20th = (await run('findings-as-of-date', ['2025-01-20'])).map((r) => r.finding_id);
    for (const id of ids) expect(onThe20th).not.toContain(id);
    expect((await run('open-findings-by-force-and-age')).map((r) => r.finding_id)).not.toContain(a);
  });
});
