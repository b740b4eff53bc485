/**
 * FindingEventsRepository over the findings bucket: one Parquet object per force at
 * `finding_events/force_code=<slug>/events.parquet`. An append reads the object with its ETag, adds
 * the events whose ids it does not hold and writes it back on condition that it is still that
 * version (If-Match, or If-None-Match for the first); when another writer got there first it reads
 * again and retries. So concurrent appends for one force never lose an event, and two that carry
 * the same event id store it once, whichever came first.
 */
import type { FindingEvent } from '#core/model/finding-events.ts';
import { ConcurrentUpdateError, type FindingEventsRepository } from '#core/ports.ts';
import { assertForceSlug, keys, PREFIXES, parseFindingEventsKey } from '#store/layout.ts';
import { decodeTable, encodeTable, FINDING_EVENTS_TABLE } from '../parquet/tables.ts';
import { appendUnique } from '../shared/append-events.ts';
import { mapLimit } from '../shared/map-limit.ts';
import { CONTENT_TYPES, type S3Objects } from './objects.ts';

/** Conditional writes tried before an append gives up (each lost one means another append landed). */
export const MAX_APPEND_ATTEMPTS = 8;

export class S3FindingEventsRepository implements FindingEventsRepository {
  readonly #objects: S3Objects;

  constructor(objects: S3Objects) {
    this.#objects = objects;
  }

  async loadForce(forceCode: string): Promise<FindingEvent[]> {
    const bytes = await this.#objects.get(keys.findingEvents(forceCode));
    return bytes ? decodeTable(FINDING_EVENTS_TABLE, bytes) : [];
  }

  async loadAll(): Promise<FindingEvent[]> {
    const found = (await this.#objects.list(PREFIXES.findingEvents)).filter(
      (k) => parseFindingEventsKey(k) !== null,
    );
    const parts = await mapLimit(found, 16, async (key) => {
      const bytes = await this.#objects.get(key);
      return bytes ? decodeTable(FINDING_EVENTS_TABLE, bytes) : [];
    });
    return parts.flat();
  }

  async append(forceCode: string, events: readonly FindingEvent[]): Promise<FindingEvent[]> {
    const force = assertForceSlug(forceCode);
    const key = keys.findingEvents(force);
    for (let attempt = 1; ; attempt++) {
      const got = await this.#objects.getVersioned(key);
      const stored = got ? await decodeTable(FINDING_EVENTS_TABLE, got.bytes) : [];
      const next = appendUnique(force, stored, events);
      if (next.length === stored.length) return stored;
      try {
        const body = encodeTable(FINDING_EVENTS_TABLE, next);
        await this.#objects.putIf(key, body, CONTENT_TYPES.parquet, got?.etag ?? null);
        return next;
      } catch (err) {
        if (!(err instanceof ConcurrentUpdateError) || attempt >= MAX_APPEND_ATTEMPTS) throw err;
      }
    }
  }
}
