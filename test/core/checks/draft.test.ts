import { describe, expect, it } from 'vitest';
import { withLazyEvidence } from '#core/checks/draft.ts';

const fields = {
  force_code: 'F1',
  period_start: '2024-01',
  period_end: '2024-03',
  severity: 'low' as const,
  summary: 'a test',
};

describe('withLazyEvidence', () => {
  it('builds the evidence on first read, once, and not when the fields are copied', () => {
    let calls = 0;
    const d = withLazyEvidence(fields, () => {
      calls += 1;
      return { method: 'm', n: calls };
    });
    const { material: _m, ...copy } = d;
    expect(copy.force_code).toBe('F1');
    expect(calls).toBe(0);
    expect(d.evidence).toEqual({ method: 'm', n: 1 });
    expect(d.evidence).toBe(d.evidence);
    expect(calls).toBe(1);
  });

  it('keeps the neutral defaults of draft()', () => {
    const d = withLazyEvidence(fields, () => ({ method: 'm' }));
    expect(d.p_value).toBeNull();
    expect(d.unit).toBe('crimes');
  });
});
