/**
 * `auditor respond`: one response to a finding, checked by core (core/lifecycle/respond.ts) and
 * appended to its force's event log. A refused response changes nothing and exits 2 with the reason.
 */
import { openLocalStore } from '../adapters/local/store.ts';
import { decideResponse } from '../core/lifecycle/respond.ts';
import { findingStatuses } from '../core/lifecycle/status.ts';
import { requireAuditDir } from './audit-dir.ts';
import { UsageError } from './usage-error.ts';
import { visible } from './visible-text.ts';

export interface RespondArgs {
  findingId: string;
  out: string;
  as: string;
  by: string;
  action: string;
  note?: string;
  /** When the response is given (tests); default now. */
  at?: Date;
}

export async function runRespondCommand(args: RespondArgs): Promise<number> {
  await requireAuditDir(args.out);
  const store = openLocalStore(args.out);
  // Every finding ever raised can be answered, and a current one stored before events existed too.
  const known = new Map<string, { force_code: string }>();
  for (const f of await store.findings.loadAll()) known.set(f.finding_id, f);
  for (const e of await store.events.loadAll()) known.set(e.finding_id, e);
  const decision = decideResponse(
    {
      finding_id: args.findingId,
      role: args.as,
      actor: args.by,
      action: args.action,
      note: args.note ?? null,
      at: args.at ?? new Date(),
    },
    known,
  );
  if (!decision.ok) throw new UsageError(decision.reason);
  const { event } = decision;
  const stored = await store.events.append(event.force_code, [event]);
  const status = findingStatuses(stored).get(event.finding_id)?.status ?? 'open';
  process.stdout.write(
    `recorded: ${event.role} ${visible(event.actor)} ${event.action} ${event.finding_id} (${event.force_code}); status now ${status}\n`,
  );
  return 0;
}
