/**
 * The events an audit run records for one force, from the force's findings after the merge and the
 * events stored so far (contract §4):
 *   - a finding with no event yet is raised: one `raised` event, carrying the run that first found
 *     it (the merged row's run_id and created_at), so a finding stored before the lifecycle existed
 *     gets its event without looking new;
 *   - a current finding whose latest event is `resolved` (resolved by an earlier run, found again) is
 *     reopened by the system: a `reopen` event and no notice, since it was raised once already;
 *   - a finding with events that the run no longer reports, and that is not resolved, is resolved;
 *   - any other current finding keeps its status (an accepted one stays accepted): no event.
 * Computed against the whole event history rather than the previous findings, so a run that lost a
 * race after writing events (and recomputed) leaves a history that the next run brings back in line.
 */
import type { FindingEvent } from '../model/finding-events.ts';
import type { Finding } from '../model/findings.ts';
import { raisedEventId, systemEventId } from './event-id.ts';
import { latestEvents } from './status.ts';

/** The actor of system events. */
export const SYSTEM_ACTOR = 'auditor';

export interface RunEventsInput {
  force: string;
  /** The force's findings after this run's merge. */
  current: readonly Finding[];
  /** Every event stored for the force. */
  events: readonly FindingEvent[];
  runId: string;
  /** When the run's changes happened (its start, as its findings' created_at). */
  at: Date;
}

export function runEvents(input: RunEventsInput): FindingEvent[] {
  const latest = latestEvents(input.events);
  const system = (
    finding_id: string,
    action: 'raised' | 'reopen' | 'resolved',
    run_id: string,
    at: Date,
  ): FindingEvent => ({
    event_id: action === 'raised' ? raisedEventId(finding_id) : systemEventId(finding_id, action, run_id),
    finding_id,
    force_code: input.force,
    action,
    role: 'system',
    actor: SYSTEM_ACTOR,
    note: null,
    run_id,
    created_at: at,
  });
  const out: FindingEvent[] = [];
  const currentIds = new Set<string>();
  for (const f of input.current) {
    currentIds.add(f.finding_id);
    const last = latest.get(f.finding_id);
    if (!last) out.push(system(f.finding_id, 'raised', f.run_id, f.created_at));
    else if (last.action === 'resolved') out.push(system(f.finding_id, 'reopen', input.runId, input.at));
  }
  for (const [id, last] of latest) {
    if (!currentIds.has(id) && last.action !== 'resolved')
      out.push(system(id, 'resolved', input.runId, input.at));
  }
  return out;
}

/**
 * The current findings raised for the first time by this run: those whose one `raised` event names
 * it. `events` are the force's events as stored after this run's append, so when two runs raised a
 * finding at once, only the run whose event was stored counts it (and notifies its force).
 */
export function raisedBy(
  runId: string,
  current: readonly Finding[],
  events: readonly FindingEvent[],
): Finding[] {
  const raisedIn = new Map<string, string | null>();
  for (const e of events) if (e.action === 'raised') raisedIn.set(e.finding_id, e.run_id);
  return current.filter((f) => raisedIn.get(f.finding_id) === runId);
}
