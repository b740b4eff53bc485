import { describe, expect, it } from 'vitest';
import { raisedEventId, responseEventId } from '#core/lifecycle/event-id.ts';
import { decideResponse } from '#core/lifecycle/respond.ts';
import { findingStatuses, OPEN_STATUSES } from '#core/lifecycle/status.ts';
import { FINDING_EVENT_COLUMNS, type FindingEvent, FindingEventSchema } from '#core/model/finding-events.ts';

const known = new Map([['f1', { force_code: 'kent' }]]);
const at = (s: string) => new Date(`2024-05-0${s}T10:00:00Z`);

function respond(role: string, action: string, note: string | null, when = '1'): FindingEvent {
  const d = decideResponse({ finding_id: 'f1', role, actor: 'J. Smith', action, note, at: at(when) }, known);
  if (!d.ok) throw new Error(d.reason);
  return d.event;
}

const raised: FindingEvent = {
  event_id: raisedEventId('f1'),
  finding_id: 'f1',
  force_code: 'kent',
  action: 'raised',
  role: 'system',
  actor: 'auditor',
  note: null,
  run_id: 'run-1',
  created_at: new Date('2024-04-01T00:00:00Z'),
};

describe('the finding_events row', () => {
  it('lists exactly the schema fields, in the contract order', () => {
    expect(FINDING_EVENT_COLUMNS.map(([name]) => name)).toEqual(Object.keys(FindingEventSchema.shape));
    expect(FINDING_EVENT_COLUMNS.map(([name]) => name)).toEqual([
      'event_id',
      'finding_id',
      'force_code',
      'action',
      'role',
      'actor',
      'note',
      'run_id',
      'created_at',
    ]);
  });

  it('refuses an action or a role outside the contract', () => {
    expect(FindingEventSchema.safeParse({ ...raised, action: 'close' }).success).toBe(false);
    expect(FindingEventSchema.safeParse({ ...raised, role: 'admin' }).success).toBe(false);
    expect(FindingEventSchema.safeParse(raised).success).toBe(true);
  });
});

describe('decideResponse', () => {
  it('lets a force acknowledge or explain, and an auditor accept, dispute or reopen', () => {
    for (const [role, action] of [
      ['force', 'acknowledge'],
      ['force', 'explain'],
      ['auditor', 'accept'],
      ['auditor', 'dispute'],
      ['auditor', 'reopen'],
    ] as const) {
      const e = respond(role, action, 'because');
      expect([e.role, e.action, e.force_code, e.run_id, e.actor]).toEqual([
        role,
        action,
        'kent',
        null,
        'J. Smith',
      ]);
    }
  });

  it('refuses an action the role may not take, and says what it may do', () => {
    const d = (role: string, action: string) =>
      decideResponse({ finding_id: 'f1', role, actor: 'x', action, note: 'n', at: at('1') }, known);
    expect(d('force', 'accept')).toEqual({
      ok: false,
      field: 'action',
      reason: 'a force may not accept a finding (a force may: acknowledge, explain)',
    });
    expect(d('auditor', 'explain')).toMatchObject({ ok: false, reason: /auditor may not explain/ });
    expect(d('system', 'raised')).toMatchObject({ ok: false, reason: /unknown role: system/ });
    expect(d('force', 'resolved')).toMatchObject({ ok: false });
  });

  it('refuses explain and dispute without a note (blank counts as none), and an unknown finding', () => {
    for (const [role, action] of [
      ['force', 'explain'],
      ['auditor', 'dispute'],
    ]) {
      for (const note of [null, '   ']) {
        expect(
          decideResponse(
            { finding_id: 'f1', role: role!, actor: 'x', action: action!, note, at: at('1') },
            known,
          ),
        ).toEqual({ ok: false, field: 'note', reason: `${action} needs a note saying why` });
      }
    }
    expect(
      decideResponse(
        { finding_id: 'f9', role: 'force', actor: 'x', action: 'acknowledge', at: at('1') },
        known,
      ),
    ).toEqual({ ok: false, field: 'finding_id', reason: 'unknown finding id: f9' });
    expect(
      decideResponse(
        { finding_id: 'f1', role: 'force', actor: ' ', action: 'acknowledge', at: at('1') },
        known,
      ),
    ).toMatchObject({ ok: false });
  });

  it('gives the same response with the same token the same event id, and a different one otherwise', () => {
    const base = { finding_id: 'f1', role: 'force', actor: 'x', action: 'acknowledge', note: null };
    const a = decideResponse({ ...base, at: at('1'), token: 't1' }, known);
    const b = decideResponse({ ...base, at: at('2'), token: 't1' }, known);
    const c = decideResponse({ ...base, at: at('2') }, known);
    if (!a.ok || !b.ok || !c.ok) throw new Error('refused');
    expect(a.event.event_id).toBe(b.event.event_id);
    expect(c.event.event_id).not.toBe(a.event.event_id);
    expect(c.event.event_id).toBe(
      responseEventId({ ...base, role: 'force', action: 'acknowledge', token: at('2').toISOString() }),
    );
  });
});

describe('findingStatuses', () => {
  it('takes each finding’s status from its latest event', () => {
    const explained = respond('force', 'explain', 'new system', '1');
    const s = findingStatuses([raised, explained]).get('f1');
    expect(s).toEqual({
      finding_id: 'f1',
      force_code: 'kent',
      status: 'explained',
      updated_at: at('1'),
      updated_by: 'J. Smith',
      note: 'new system',
    });
    // Order of the log does not matter, only created_at.
    expect(findingStatuses([explained, raised]).get('f1')?.status).toBe('explained');
  });

  it('walks open → acknowledged → explained → disputed → explained → accepted, and reopen makes it open', () => {
    const steps: Array<[string, string, string | null, string]> = [
      ['force', 'acknowledge', null, 'acknowledged'],
      ['force', 'explain', 'why', 'explained'],
      ['auditor', 'dispute', 'not enough', 'disputed'],
      ['force', 'explain', 'more', 'explained'],
      ['auditor', 'accept', null, 'accepted'],
      ['auditor', 'reopen', null, 'open'],
    ];
    const log: FindingEvent[] = [raised];
    expect(findingStatuses(log).get('f1')?.status).toBe('open');
    steps.forEach(([role, action, note, status], i) => {
      log.push(respond(role, action, note, String(i + 1)));
      expect(findingStatuses(log).get('f1')?.status, action).toBe(status);
    });
  });

  it('counts disputed as open: the finding waits for the force again', () => {
    expect(OPEN_STATUSES.has('disputed')).toBe(true);
    expect(OPEN_STATUSES.has('open')).toBe(true);
    expect(OPEN_STATUSES.has('explained')).toBe(false);
  });
});
