/**
 * The golden copies in test/core/stats/golden must equal the shared oracle outputs they were taken
 * from (shared/stats-oracles/fixtures_*.json), value for value. When ../shared is absent (the
 * repository moved on its own) the copies are still checked to be complete and finite.
 */
import { describe, expect, it } from 'vitest';
import { type FixtureName, goldenRaw, sharedRaw } from './golden.ts';

function leaves(value: unknown, path: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k !== '_source') leaves(v, path ? `${path}.${k}` : k, out);
    }
  } else {
    out.set(path, value);
  }
  return out;
}

function get(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((acc, key) => (acc as Record<string, unknown> | undefined)?.[key], value);
}

describe.each<FixtureName>(['fixtures_r', 'fixtures_r2', 'fixtures_py'])('golden copy %s', (name) => {
  it('matches shared/stats-oracles exactly (or, without shared, holds only finite numbers)', () => {
    const copy = leaves(goldenRaw(name), '', new Map());
    expect(copy.size).toBeGreaterThan(3);
    const shared = sharedRaw(name);
    for (const [path, value] of copy) {
      if (shared === undefined) {
        const flat = [value].flat(3);
        expect(
          flat.every((v) => typeof v === 'number' && Number.isFinite(v)),
          path,
        ).toBe(true);
      } else {
        expect(value, path).toStrictEqual(get(shared, path));
      }
    }
  });
});
