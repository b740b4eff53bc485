/**
 * `--as-of <YYYY-MM-DD or ISO timestamp>`: the instant the tables are shown as of. A bare date means
 * the end of that day in UTC (everything recorded on it counts); a timestamp without a zone is UTC.
 */
import { UsageError } from './usage-error.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export function parseAsOf(text: string): Date {
  const trimmed = text.trim();
  let at: Date | null = null;
  if (DATE.test(trimmed)) {
    const start = new Date(`${trimmed}T00:00:00Z`);
    // A date that does not exist (2024-02-30) is refused rather than rolled over.
    if (start.toISOString().slice(0, 10) === trimmed) at = new Date(start.getTime() + DAY_MS - 1);
  } else if (TIMESTAMP.test(trimmed)) {
    at = new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) ? trimmed : `${trimmed}Z`);
  }
  if (!at || Number.isNaN(at.getTime())) {
    throw new UsageError(
      `--as-of ${JSON.stringify(text)} is not a date or ISO 8601 time (expected e.g. 2024-04-03 or 2024-04-03T10:05:00Z)`,
    );
  }
  return at;
}
