/**
 * The idempotent append both event stores make: the stored log, then each new event whose id is
 * not stored yet (nor earlier in the batch), after the schema check every written row gets. An
 * event for another force is refused, so a force's log only ever holds its own findings' events.
 */
import type { FindingEvent } from '#core/model/finding-events.ts';
import { FINDING_EVENTS_TABLE } from '../parquet/tables.ts';
import { validateRows } from './validate-rows.ts';

export function appendUnique(
  force: string,
  stored: readonly FindingEvent[],
  events: readonly FindingEvent[],
): FindingEvent[] {
  const rows = validateRows(FINDING_EVENTS_TABLE, events, `finding events for ${force}`);
  const stray = rows.find((e) => e.force_code !== force);
  if (stray)
    throw new Error(`finding events for ${force} include one for ${stray.force_code} (${stray.finding_id})`);
  const seen = new Set(stored.map((e) => e.event_id));
  const out = [...stored];
  for (const e of rows) {
    if (seen.has(e.event_id)) continue;
    seen.add(e.event_id);
    out.push(e);
  }
  return out;
}
