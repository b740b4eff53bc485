/**
 * Event ids, the idempotency keys of `finding_events`: SHA-256 over a JSON array of the fields that
 * make two events the same event (the array keeps field boundaries unambiguous).
 *
 * - `raised`: the finding id alone. A finding is raised once ever, so two runs that both see it new
 *   (a retry, or two intakes for one force at once) record one `raised` event between them.
 * - `resolved`, `reopen` by the system: finding id, action and run id. A finding may be resolved and
 *   found again more than once, but a repeated (retried) run records each change once.
 * - a response: finding id, role, actor, action, note and a token the caller gives (by default the
 *   response's timestamp), so submitting the same response again with the same token records nothing.
 */
import { sha256Hex } from '../engine/finding-identity.ts';
import type { FindingAction, FindingRole } from '../model/finding-events.ts';

export function raisedEventId(findingId: string): string {
  return sha256Hex(JSON.stringify(['system', findingId, 'raised']));
}

export function systemEventId(findingId: string, action: 'resolved' | 'reopen', runId: string): string {
  return sha256Hex(JSON.stringify(['system', findingId, action, runId]));
}

export interface ResponseIdFields {
  finding_id: string;
  role: FindingRole;
  actor: string;
  action: FindingAction;
  note: string | null;
  token: string;
}

export function responseEventId(r: ResponseIdFields): string {
  return sha256Hex(JSON.stringify(['response', r.finding_id, r.role, r.actor, r.action, r.note, r.token]));
}
