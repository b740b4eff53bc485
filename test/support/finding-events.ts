/** A valid finding event for the storage tests: a force's acknowledgement unless overridden. */
import type { FindingEvent } from '#core/model/finding-events.ts';

let counter = 0;

/** Each call without an `event_id` gets a new one, so events are distinct. */
export function findingEvent(overrides: Partial<FindingEvent> = {}): FindingEvent {
  counter++;
  return {
    event_id: counter.toString(16).padStart(64, '0'),
    finding_id: 'f-0001',
    force_code: 'kent',
    action: 'acknowledge',
    role: 'force',
    actor: 'J. Smith',
    note: null,
    run_id: null,
    created_at: new Date('2024-05-01T10:00:00.123Z'),
    ...overrides,
  };
}
