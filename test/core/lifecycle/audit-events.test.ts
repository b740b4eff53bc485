import { describe, expect, it } from 'vitest';
import { raisedBy, runEvents } from '#core/lifecycle/audit-events.ts';
import { raisedEventId, systemEventId } from '#core/lifecycle/event-id.ts';
import { findingStatuses } from '#core/lifecycle/status.ts';
import type { FindingEvent } from '#core/model/finding-events.ts';
import type { Finding } from '#core/model/findings.ts';
import { finding } from '../../support/findings.ts';

const T1 = new Date('2024-01-01T00:00:00Z');
const T2 = new Date('2024-02-01T00:00:00Z');
const T3 = new Date('2024-03-01T00:00:00Z');
const f = (id: string, run: string, at: Date): Finding =>
  finding({ finding_id: id, run_id: run, created_at: at });

/** One run over a force: the events it appends, and the log after it. */
function run(current: Finding[], log: FindingEvent[], runId: string, at: Date) {
  const events = runEvents({ force: 'kent', current, events: log, runId, at });
  const seen = new Set(log.map((e) => e.event_id));
  const after = [...log, ...events.filter((e) => !seen.has(e.event_id))];
  return { events, after, raised: raisedBy(runId, current, after).map((x) => x.finding_id) };
}

const accept = (id: string, at: Date): FindingEvent => ({
  event_id: 'c'.repeat(64),
  finding_id: id,
  force_code: 'kent',
  action: 'accept',
  role: 'auditor',
  actor: 'A. Auditor',
  note: null,
  run_id: null,
  created_at: at,
});

describe('the events an audit run records', () => {
  it('raises a new finding once, with the run that found it, and notifies it in that run only', () => {
    const first = run([f('f1', 'r1', T1)], [], 'r1', T1);
    expect(first.events).toEqual([
      {
        event_id: raisedEventId('f1'),
        finding_id: 'f1',
        force_code: 'kent',
        action: 'raised',
        role: 'system',
        actor: 'auditor',
        note: null,
        run_id: 'r1',
        created_at: T1,
      },
    ]);
    expect(first.raised).toEqual(['f1']);
    // Found again (mergeFindings keeps its first run id): no event, no notice.
    const again = run([f('f1', 'r1', T1)], first.after, 'r2', T2);
    expect(again.events).toEqual([]);
    expect(again.raised).toEqual([]);
  });

  it('keeps an accepted finding accepted when it is found again', () => {
    const log = [...run([f('f1', 'r1', T1)], [], 'r1', T1).after, accept('f1', T2)];
    const again = run([f('f1', 'r1', T1)], log, 'r3', T3);
    expect(again.events).toEqual([]);
    expect(findingStatuses(again.after).get('f1')?.status).toBe('accepted');
  });

  it('resolves a finding no longer reported, once, and reopens it silently when found again', () => {
    const raised = run([f('f1', 'r1', T1)], [], 'r1', T1).after;
    const gone = run([], raised, 'r2', T2);
    expect(gone.events.map((e) => [e.action, e.run_id, e.event_id])).toEqual([
      ['resolved', 'r2', systemEventId('f1', 'resolved', 'r2')],
    ]);
    expect(findingStatuses(gone.after).get('f1')?.status).toBe('resolved');
    expect(run([], gone.after, 'r2b', T2).events).toEqual([]);
    // Back in a later run: mergeFindings sees it as new (with the new run id), the log does not.
    const back = run([f('f1', 'r3', T3)], gone.after, 'r3', T3);
    expect(back.events.map((e) => [e.action, e.role, e.run_id])).toEqual([['reopen', 'system', 'r3']]);
    expect(back.raised).toEqual([]);
    expect(back.after.filter((e) => e.action === 'raised')).toHaveLength(1);
    expect(findingStatuses(back.after).get('f1')?.status).toBe('open');
  });

  it('records nothing twice when the same run is repeated', () => {
    const first = run([f('f1', 'r1', T1)], [], 'r1', T1);
    const retry = runEvents({ force: 'kent', current: [f('f1', 'r1', T1)], events: [], runId: 'r1', at: T1 });
    expect(retry.map((e) => e.event_id)).toEqual(first.events.map((e) => e.event_id));
  });

  it('gives a finding stored before the lifecycle its raised event with its own first run, and no notice', () => {
    const legacy = run([f('f1', 'r0', T1)], [], 'r5', T3);
    expect(legacy.events.map((e) => [e.action, e.run_id, e.created_at])).toEqual([['raised', 'r0', T1]]);
    expect(legacy.raised).toEqual([]);
  });

  it('lets only the run whose raised event was stored notify, when two runs raise one finding', () => {
    const a = run([f('f1', 'rA', T1)], [], 'rA', T1);
    // Run B read the log before A appended, so it proposes the same raised event (same id): the store keeps A's.
    const proposedByB = runEvents({
      force: 'kent',
      current: [f('f1', 'rB', T1)],
      events: [],
      runId: 'rB',
      at: T1,
    });
    expect(proposedByB[0]?.event_id).toBe(a.events[0]?.event_id);
    expect(raisedBy('rB', [f('f1', 'rB', T1)], a.after)).toEqual([]);
    expect(a.raised).toEqual(['f1']);
  });

  it('brings the log back in line with the findings: a raised but unwritten finding is resolved', () => {
    // A run appended a raised event, lost the write race, and the finding is not in the set written.
    const stale = run([f('f1', 'r1', T1)], [], 'r1', T1).after;
    const next = run([f('f2', 'r2', T2)], stale, 'r2', T2);
    expect(next.events.map((e) => [e.finding_id, e.action])).toEqual([
      ['f2', 'raised'],
      ['f1', 'resolved'],
    ]);
  });
});
