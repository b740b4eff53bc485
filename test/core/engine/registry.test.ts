import { describe, expect, it } from 'vitest';
import type { Check } from '#core/checks/check.ts';
import { DEFAULT_DECISION } from '#core/engine/decision-rule.ts';
import { CheckRegistry, DEFAULT_Q_THRESHOLD, defaultRegistry } from '#core/engine/registry.ts';

const stub = (id: string, ruleVersion = '1.0.0'): Check => ({
  id,
  signature: 'data_quality',
  ruleVersion,
  description: `stub ${id}`,
  run: () => [],
});

describe('CheckRegistry', () => {
  it('lists checks in registration order and finds them by id', () => {
    const r = new CheckRegistry().register(stub('b.two')).register(stub('a.one'));
    expect(r.list().map((c) => c.id)).toEqual(['b.two', 'a.one']);
    expect(r.get('a.one')?.id).toBe('a.one');
    expect(r.get('nope')).toBeUndefined();
  });

  it('rejects a duplicate id', () => {
    const r = new CheckRegistry().register(stub('x.same'));
    expect(() => r.register(stub('x.same', '2.0.0'))).toThrow(/already registered: x\.same/);
    expect(r.list()).toHaveLength(1);
  });

  it('rejects an empty id or rule version', () => {
    expect(() => new CheckRegistry().register(stub(' '))).toThrow(/non-empty id/);
    expect(() => new CheckRegistry().register(stub('x.y', ''))).toThrow(/rule version/);
  });

  it('decides by the per-force-year budget by default, by BH when given a q, and refuses one outside (0, 1]', () => {
    expect(new CheckRegistry().decision).toEqual(DEFAULT_DECISION);
    expect(DEFAULT_DECISION).toEqual({
      kind: 'force_year_budget',
      flagsPerForceYear: 0.002,
      floorFamilywise: 0.05,
    });
    expect(DEFAULT_Q_THRESHOLD).toBe(0.05);
    expect(new CheckRegistry({ qThreshold: 0.1 }).decision).toEqual({ kind: 'bh', q: 0.1 });
    expect(() => new CheckRegistry({ qThreshold: 0 })).toThrow(RangeError);
    expect(() => new CheckRegistry({ qThreshold: 1.5 })).toThrow(RangeError);
  });

  it('reports rule versions sorted by id', () => {
    const r = new CheckRegistry().register(stub('b.two', '2.1.0')).register(stub('a.one'));
    expect(r.ruleVersions()).toBe('a.one@1.0.0,b.two@2.1.0');
  });
});

describe('defaultRegistry', () => {
  it('registers every data-quality check under a dq. id', () => {
    const ids = defaultRegistry()
      .list()
      .filter((c) => c.signature === 'data_quality')
      .map((c) => c.id);
    expect([...ids].sort()).toEqual([
      'dq.cancelled_exceeds_recorded',
      'dq.downward_revision',
      'dq.duplicate_crime_id',
      'dq.duplicate_key',
      'dq.invalid_count',
      'dq.missing_offence',
      'dq.missing_period',
      'dq.status_date_before_recorded',
      'dq.totals_mismatch',
      'dq.unknown_offence_code',
      'dq.zero_run',
    ]);
    for (const c of defaultRegistry().list()) {
      expect(c.id.startsWith('dq.')).toBe(c.signature === 'data_quality');
      expect(c.ruleVersion).toMatch(/^\d+\.\d+\.\d+/);
      expect(c.description.length).toBeGreaterThan(20);
    }
  });

  it('builds a fresh registry each time, so a caller can add checks without affecting others', () => {
    const a = defaultRegistry().register(stub('extra.check'));
    expect(a.get('extra.check')).toBeDefined();
    expect(defaultRegistry().get('extra.check')).toBeUndefined();
  });
});
