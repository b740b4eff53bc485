/** A response arriving as a file: its one schema, and who may answer which finding through which channel. */
import { describe, expect, it } from 'vitest';
import {
  type ChannelInput,
  decideChannelResponse,
  parseResponse,
  type ResponseChannel,
} from '#core/lifecycle/channel-response.ts';
import { MAX_NOTE_CHARS, RESPONSE_ACTIONS, ResponseMessageSchema } from '#core/lifecycle/response-message.ts';

const SHA = 'a'.repeat(64);
const AT = new Date('2026-05-03T09:00:00Z');
const KENT: ResponseChannel = { role: 'force', force: 'kent' };
const AUDITORS: ResponseChannel = { role: 'auditor' };
const KNOWN = new Map([
  ['f_kent', { force_code: 'kent' }],
  ['f_essex', { force_code: 'essex' }],
]);

function input(channel: ResponseChannel, body: unknown, sha = SHA): ChannelInput {
  return {
    channel,
    fileName: 'answer.json',
    text: typeof body === 'string' ? body : JSON.stringify(body),
    sha256: sha,
    at: AT,
  };
}

function decide(channel: ResponseChannel, body: unknown, sha = SHA) {
  const i = input(channel, body, sha);
  const parsed = parseResponse(i);
  return parsed.ok ? decideChannelResponse(i, parsed, KNOWN) : parsed;
}

const explain = {
  finding_id: 'f_kent',
  force_code: 'kent',
  action: 'explain',
  actor: 'J. Smith',
  note: 'New recording system from April',
};

describe('ResponseMessageSchema', () => {
  it("takes its actions from the roles' rules: every person's action, none of the system's", () => {
    expect(RESPONSE_ACTIONS).toEqual(['acknowledge', 'explain', 'accept', 'dispute', 'reopen']);
  });

  it('accepts a minimal acknowledgement and a full explanation', () => {
    expect(
      ResponseMessageSchema.safeParse({
        finding_id: 'f',
        force_code: 'kent',
        action: 'acknowledge',
        actor: 'A',
      }).success,
    ).toBe(true);
    expect(ResponseMessageSchema.parse({ ...explain, response_id: 'r1' })).toEqual({
      ...explain,
      response_id: 'r1',
    });
  });

  it('refuses unknown fields, system actions, empty names and overlong notes', () => {
    expect(ResponseMessageSchema.safeParse({ ...explain, role: 'auditor' }).success).toBe(false);
    expect(ResponseMessageSchema.safeParse({ ...explain, action: 'resolved' }).success).toBe(false);
    expect(ResponseMessageSchema.safeParse({ ...explain, action: 'raised' }).success).toBe(false);
    expect(ResponseMessageSchema.safeParse({ ...explain, actor: '   ' }).success).toBe(false);
    expect(
      ResponseMessageSchema.safeParse({ ...explain, note: 'x'.repeat(MAX_NOTE_CHARS + 1) }).success,
    ).toBe(false);
  });
});

describe('a response through a channel', () => {
  it('records a force explaining its own finding as one force event at the delivery time', () => {
    const d = decide(KENT, explain);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.event).toMatchObject({
      finding_id: 'f_kent',
      force_code: 'kent',
      action: 'explain',
      role: 'force',
      actor: 'J. Smith',
      note: 'New recording system from April',
      run_id: null,
      created_at: AT,
    });
  });

  it('accepts the force in any spelling the reference knows', () => {
    expect(decide(KENT, { ...explain, force_code: 'Kent' }).ok).toBe(true);
  });

  it('gives the same delivery the same event id, and a new response_id a new one', () => {
    const a = decide(KENT, explain);
    const b = decide(KENT, explain);
    const c = decide(KENT, { ...explain, response_id: 'again' });
    const other = decide(KENT, explain, 'b'.repeat(64));
    if (!a.ok || !b.ok || !c.ok || !other.ok) throw new Error('expected all recorded');
    expect(b.event.event_id).toBe(a.event.event_id);
    expect(c.event.event_id).not.toBe(a.event.event_id);
    // Without a response_id the bytes are the token: different bytes, a different response.
    expect(other.event.event_id).not.toBe(a.event.event_id);
  });

  it('refuses bad JSON and a wrong shape, naming the field', () => {
    expect(decide(KENT, '{"finding_id": ')).toMatchObject({
      ok: false,
      issues: [{ file: 'answer.json', field: '(file)', message: expect.stringMatching(/^not JSON/) }],
    });
    const shape = decide(KENT, { finding_id: 'f_kent', force_code: 'kent', action: 'explain' });
    expect(shape).toMatchObject({ ok: false, issues: [{ field: 'actor' }] });
  });

  it("refuses a force answering for another force, or another force's finding", () => {
    expect(decide(KENT, { ...explain, force_code: 'essex' })).toMatchObject({
      ok: false,
      issues: [{ field: 'force_code', message: expect.stringContaining('answers only for itself') }],
    });
    expect(decide(KENT, { ...explain, finding_id: 'f_essex' })).toMatchObject({
      ok: false,
      issues: [{ field: 'finding_id', message: "this finding is not one of kent's findings" }],
    });
    expect(decide(KENT, { ...explain, finding_id: 'f_none' })).toMatchObject({
      ok: false,
      issues: [{ field: 'finding_id', message: 'no finding of kent has this id' }],
    });
    expect(decide(KENT, { ...explain, force_code: 'atlantis' })).toMatchObject({
      ok: false,
      issues: [{ field: 'force_code' }],
    });
  });

  it('keeps each role to its actions and needs a note to explain or dispute', () => {
    expect(decide(KENT, { ...explain, action: 'accept' })).toMatchObject({
      ok: false,
      issues: [{ field: 'action', message: expect.stringContaining('a force may not accept') }],
    });
    expect(decide(KENT, { ...explain, note: '  ' })).toMatchObject({
      ok: false,
      issues: [{ field: 'note', message: 'explain needs a note saying why' }],
    });
    expect(decide(AUDITORS, { ...explain, action: 'explain' })).toMatchObject({
      ok: false,
      issues: [{ field: 'action' }],
    });
    expect(decide(AUDITORS, { ...explain, action: 'dispute', note: null })).toMatchObject({
      ok: false,
      issues: [{ field: 'note' }],
    });
  });

  it('lets an auditor decide on any force’s finding, named with its force', () => {
    const d = decide(AUDITORS, {
      finding_id: 'f_essex',
      force_code: 'essex',
      action: 'accept',
      actor: 'A. Auditor',
    });
    expect(d).toMatchObject({ ok: true, event: { role: 'auditor', action: 'accept', force_code: 'essex' } });
    expect(
      decide(AUDITORS, { finding_id: 'f_essex', force_code: 'kent', action: 'accept', actor: 'A' }),
    ).toMatchObject({ ok: false, issues: [{ field: 'finding_id' }] });
  });
});
