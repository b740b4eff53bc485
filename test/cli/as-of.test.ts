import { describe, expect, it } from 'vitest';
import { parseAsOf } from '#cli/as-of.ts';
import { UsageError } from '#cli/usage-error.ts';

describe('parseAsOf', () => {
  it('reads a date as the end of that day in UTC, and a time without a zone as UTC', () => {
    expect(parseAsOf('2024-05-01').toISOString()).toBe('2024-05-01T23:59:59.999Z');
    expect(parseAsOf('2024-05-01T10:30').toISOString()).toBe('2024-05-01T10:30:00.000Z');
    expect(parseAsOf('2024-05-01T10:30:00+01:00').toISOString()).toBe('2024-05-01T09:30:00.000Z');
  });

  it('refuses what is not a date or time, and a date that does not exist', () => {
    for (const bad of ['yesterday', '2024-02-30', '2024-5-1', ''])
      expect(() => parseAsOf(bad)).toThrow(UsageError);
  });
});
