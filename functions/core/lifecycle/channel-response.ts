/**
 * Judging a response that arrived as a file (core's half of the cloud's response channel): the
 * channel it came through says who sent it, a force through its own prefix or an auditor through
 * the auditors' one (store/layout.ts), so the role is never taken from the file. In order:
 *   1. the bytes are JSON of ResponseMessageSchema's shape;
 *   2. its force_code is a known force and, from a force, that force itself;
 *   3. the finding exists and belongs to that force (a force answers only its own findings);
 *   4. respond.ts's rules: the channel's role may take the action, explain and dispute carry a note.
 * Every refusal is a list of issues for a report the sender can read; an accepted response is one
 * event, whose id makes a repeated delivery record nothing new.
 */
import type { FindingEvent } from '../model/finding-events.ts';
import type { ValidationIssue } from '../model/validation.ts';
import { forceBySlug, resolveForce } from '../reference/forces.ts';
import { decideResponse } from './respond.ts';
import { type ResponseMessage, ResponseMessageSchema } from './response-message.ts';

/** Who sent a response, by where it was put (store/layout.ts): a force's own prefix, or the auditors'. */
export type ResponseChannel = { role: 'force'; force: string } | { role: 'auditor' };

export interface ChannelInput {
  channel: ResponseChannel;
  /** The file's name, for the issues. */
  fileName: string;
  text: string;
  /** SHA-256 of the bytes: the idempotency token of a response without response_id. */
  sha256: string;
  /** When it was delivered (S3's time for the object): the event's created_at. */
  at: Date;
}

export type Parsed =
  | { ok: true; message: ResponseMessage; force: string }
  | { ok: false; issues: ValidationIssue[] };

export type ChannelDecision =
  | { ok: true; event: FindingEvent; message: ResponseMessage }
  | { ok: false; issues: ValidationIssue[] };

/** Steps 1 and 2: the response's shape and its force (slug), before any finding is looked up. */
export function parseResponse(input: ChannelInput): Parsed {
  const issue = (field: string, value: string | null, message: string): ValidationIssue => ({
    file: input.fileName,
    line: 0,
    field,
    value: value === null ? null : value.slice(0, 80),
    message,
  });
  let json: unknown;
  try {
    json = JSON.parse(input.text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { ok: false, issues: [issue('(file)', null, `not JSON: ${why}`)] };
  }
  const parsed = ResponseMessageSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) =>
        issue(i.path.map(String).join('.') || '(file)', null, i.message),
      ),
    };
  }
  const message = parsed.data;
  const force = resolveForce(message.force_code);
  if (!force) {
    return { ok: false, issues: [issue('force_code', message.force_code, 'not one of the 44 forces')] };
  }
  const { channel } = input;
  if (channel.role === 'force' && force.slug !== channel.force) {
    const own = forceBySlug(channel.force)?.name ?? channel.force;
    return {
      ok: false,
      issues: [
        issue(
          'force_code',
          message.force_code,
          `a response sent by ${own} must be for ${channel.force}: a force answers only for itself`,
        ),
      ],
    };
  }
  return { ok: true, message, force: force.slug };
}

/**
 * Steps 3 and 4, given the parsed response and the findings known for its force (finding id → its
 * force: current findings and every finding with an event).
 */
export function decideChannelResponse(
  input: ChannelInput,
  parsed: Extract<Parsed, { ok: true }>,
  known: ReadonlyMap<string, { force_code: string }>,
): ChannelDecision {
  const { message, force } = parsed;
  const refuse = (field: string, value: string | null, text: string): ChannelDecision => ({
    ok: false,
    issues: [{ file: input.fileName, line: 0, field, value, message: text }],
  });
  const finding = known.get(message.finding_id);
  if (!finding) return refuse('finding_id', message.finding_id, `no finding of ${force} has this id`);
  if (finding.force_code !== force)
    return refuse('finding_id', message.finding_id, `this finding is not one of ${force}'s findings`);
  const decision = decideResponse(
    {
      finding_id: message.finding_id,
      role: input.channel.role,
      actor: message.actor,
      action: message.action,
      note: message.note ?? null,
      at: input.at,
      token: message.response_id ?? input.sha256,
    },
    known,
  );
  if (!decision.ok) return refuse(decision.field, null, decision.reason);
  return { ok: true, event: decision.event, message };
}
