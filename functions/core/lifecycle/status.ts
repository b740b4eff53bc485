/**
 * A finding's status is what its latest event says (contract §4, the `finding_status` view), by
 * STATUS_AFTER (core/model/finding-events.ts).
 * `disputed` is its own status so the force can see that its explanation was not accepted, but it is
 * an open status: the finding is waiting for the force again, exactly like `open` (OPEN_STATUSES).
 * Events are ordered by created_at, ties by event_id: the same order the SQL view uses
 * (store/finding-status.ts), so both give one answer.
 */
import {
  type FindingEvent,
  type FindingStatusName,
  type FindingStatusRow,
  STATUS_AFTER,
} from '../model/finding-events.ts';

export { STATUS_AFTER };

/** Statuses that wait for the force to answer. */
export const OPEN_STATUSES: ReadonlySet<FindingStatusName> = new Set(['open', 'disputed']);

/** True when event a comes after event b. */
export function isLater(a: FindingEvent, b: FindingEvent): boolean {
  const d = a.created_at.getTime() - b.created_at.getTime();
  return d !== 0 ? d > 0 : a.event_id > b.event_id;
}

/** The latest event of each finding. */
export function latestEvents(events: readonly FindingEvent[]): Map<string, FindingEvent> {
  const out = new Map<string, FindingEvent>();
  for (const e of events) {
    const prior = out.get(e.finding_id);
    if (!prior || isLater(e, prior)) out.set(e.finding_id, e);
  }
  return out;
}

/** Every finding's status row, from its latest event. */
export function findingStatuses(events: readonly FindingEvent[]): Map<string, FindingStatusRow> {
  const out = new Map<string, FindingStatusRow>();
  for (const [id, e] of latestEvents(events)) {
    out.set(id, {
      finding_id: id,
      force_code: e.force_code,
      status: STATUS_AFTER[e.action],
      updated_at: e.created_at,
      updated_by: e.actor,
      note: e.note,
    });
  }
  return out;
}

/** Events with one id kept once (the first seen): what an idempotent append stores. */
export function uniqueEvents(events: readonly FindingEvent[]): FindingEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => !seen.has(e.event_id) && seen.add(e.event_id));
}
