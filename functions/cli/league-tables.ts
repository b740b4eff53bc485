/**
 * The league tables of the configured targets for a local audit directory: the current returns, the
 * current findings and their lifecycle statuses (from the events, as the finding_status view gives
 * them; a finding without an event is open), read from the store and handed to the pure core.
 */
import { openLocalStore } from '../adapters/local/store.ts';
import { type CrimeTarget, DEFAULT_TARGETS } from '../core/detection/targets.ts';
import { findingStatuses } from '../core/lifecycle/status.ts';
import { buildLeagueTables, type LeagueTable } from '../core/report/league-table.ts';
import { currentRevision } from '../core/revisions.ts';

export async function loadLeagueTables(
  out: string,
  targets: readonly CrimeTarget[] = DEFAULT_TARGETS,
): Promise<LeagueTable[]> {
  const store = openLocalStore(out);
  const [findings, events, returns] = await Promise.all([
    store.findings.loadAll(),
    store.events.loadAll(),
    store.returns.loadAll(),
  ]);
  const statuses = findingStatuses(events);
  return buildLeagueTables({
    returns: currentRevision(returns.rows),
    findings: findings.map((f) => ({ ...f, status: statuses.get(f.finding_id)?.status ?? 'open' })),
    targets,
  });
}
