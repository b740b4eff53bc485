/**
 * The lifecycle half of writing a force's findings: the run's system events (raised, reopen,
 * resolved; core/lifecycle/audit-events.ts) appended idempotently, and the findings the run reported
 * kept in the history under its run id. Both are written before the findings themselves, whose
 * conditional replace is the run's commit point: a run that loses that race recomputes, and its
 * retry (or the next run) brings the event log back in line with the findings it then writes.
 */
import { raisedBy, runEvents } from '../core/lifecycle/audit-events.ts';
import type { Finding } from '../core/model/findings.ts';
import type { FindingEventsRepository, FindingsHistoryRepository } from '../core/ports.ts';

/** Records one force's lifecycle for a run; returns its findings raised for the first time by this run. */
export async function recordLifecycle(
  ports: { events: FindingEventsRepository; history: FindingsHistoryRepository },
  force: string,
  current: readonly Finding[],
  run: { runId: string; at: Date },
): Promise<Finding[]> {
  const before = await ports.events.loadForce(force);
  const events = runEvents({ force, current, events: before, runId: run.runId, at: run.at });
  const stored = events.length > 0 ? await ports.events.append(force, events) : before;
  await ports.history.put(force, run.runId, current);
  return raisedBy(run.runId, current, stored);
}
