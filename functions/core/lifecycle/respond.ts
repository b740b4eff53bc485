/**
 * A force's or an auditor's response to a finding, checked before it is recorded (contract §2):
 * a force may acknowledge or explain a finding, an auditor may accept, dispute or reopen it;
 * `explain` and `dispute` carry a note (the explanation, the reason it is not accepted). A response
 * to a finding that was never raised, an action the role may not take or a missing note is refused
 * with the reason, and nothing is recorded.
 */
import type { FindingAction, FindingEvent, FindingRole } from '../model/finding-events.ts';
import { responseEventId } from './event-id.ts';

export type ResponderRole = Exclude<FindingRole, 'system'>;

export const ROLE_ACTIONS: Readonly<Record<ResponderRole, readonly FindingAction[]>> = {
  force: ['acknowledge', 'explain'],
  auditor: ['accept', 'dispute', 'reopen'],
};

export const NOTE_REQUIRED: ReadonlySet<FindingAction> = new Set(['explain', 'dispute']);

export interface ResponseRequest {
  finding_id: string;
  role: string;
  actor: string;
  action: string;
  note?: string | null;
  at: Date;
  /** Makes a repeated submission of one response record once; default: `at` as ISO text. */
  token?: string;
}

export type ResponseDecision =
  | { ok: true; event: FindingEvent }
  /** `field`: the request field the refusal is about, for reports. */
  | { ok: false; reason: string; field: 'finding_id' | 'role' | 'action' | 'actor' | 'note' };

/**
 * Checks a response against the findings known (finding id → its force) and builds its event.
 * `known` holds every finding that was ever raised, current or not.
 */
export function decideResponse(
  req: ResponseRequest,
  known: ReadonlyMap<string, { force_code: string }>,
): ResponseDecision {
  const finding = known.get(req.finding_id);
  if (!finding) return { ok: false, field: 'finding_id', reason: `unknown finding id: ${req.finding_id}` };
  if (req.role !== 'force' && req.role !== 'auditor')
    return { ok: false, field: 'role', reason: `unknown role: ${req.role} (force or auditor)` };
  const role: ResponderRole = req.role;
  const allowed = ROLE_ACTIONS[role];
  if (!allowed.includes(req.action as FindingAction)) {
    return {
      ok: false,
      field: 'action',
      reason: `a ${role} may not ${req.action} a finding (a ${role} may: ${allowed.join(', ')})`,
    };
  }
  const action = req.action as FindingAction;
  const actor = req.actor.trim();
  if (actor === '')
    return { ok: false, field: 'actor', reason: 'the response needs the name of who gives it' };
  const note = req.note?.trim() ? req.note.trim() : null;
  if (NOTE_REQUIRED.has(action) && note === null)
    return { ok: false, field: 'note', reason: `${action} needs a note saying why` };
  const token = req.token ?? req.at.toISOString();
  const fields = { finding_id: req.finding_id, role, actor, action, note, token };
  return {
    ok: true,
    event: {
      event_id: responseEventId(fields),
      finding_id: req.finding_id,
      force_code: finding.force_code,
      action,
      role,
      actor,
      note,
      run_id: null,
      created_at: req.at,
    },
  };
}
