import { describe, expect, it } from 'vitest';
import { campaignRoles, type QuarterTest } from '#core/checks/reclassification/campaigns.ts';

const q = (start: string, end: string, p: number | null, material = true): QuarterTest => ({
  start,
  end,
  p,
  material,
});
const roles = (tests: QuarterTest[]) => campaignRoles(tests, (t) => t, 0.05);

describe('record-level campaigns', () => {
  it('reports one of consecutive significant quarters, the smallest p, and lists the others', () => {
    const tests = [
      q('2023-04', '2023-06', 0.01),
      q('2023-07', '2023-09', 0.001),
      q('2023-10', '2023-12', 0.02),
      q('2024-01', '2024-03', 0.5),
    ];
    const out = roles(tests);
    expect(out[0]).toEqual({ kind: 'covered', by: tests[1] });
    expect(out[1]).toEqual({
      kind: 'reported',
      covers: [tests[0], tests[2]],
      start: '2023-04',
      end: '2023-12',
    });
    expect(out[2]).toEqual({ kind: 'covered', by: tests[1] });
    expect(out[3]).toEqual({ kind: 'alone' });
  });

  it('leaves a single significant quarter alone', () => {
    expect(roles([q('2023-04', '2023-06', 0.01), q('2023-07', '2023-09', 0.2)]).map((r) => r.kind)).toEqual([
      'alone',
      'alone',
    ]);
  });

  it('ends a campaign at an immaterial quarter, a gap of more than a month or a p above the alpha', () => {
    const immaterial = [
      q('2023-04', '2023-06', 0.01),
      q('2023-07', '2023-09', 0.01, false),
      q('2023-10', '2023-12', 0.01),
    ];
    expect(roles(immaterial).map((r) => r.kind)).toEqual(['alone', 'alone', 'alone']);
    // The next quarter must start in the month after the last one ends.
    const gap = [q('2023-04', '2023-06', 0.01), q('2023-07', '2023-09', 0.02), q('2023-11', '2023-12', 0.03)];
    expect(roles(gap).map((r) => r.kind)).toEqual(['reported', 'covered', 'alone']);
    expect(roles([q('2023-04', '2023-06', 0.01), q('2023-07', '2023-09', 0.06)]).map((r) => r.kind)).toEqual([
      'alone',
      'alone',
    ]);
  });

  it('breaks a tie in favour of the earlier quarter', () => {
    const tests = [q('2023-04', '2023-06', 0.01), q('2023-07', '2023-09', 0.01)];
    expect(roles(tests)[0]!.kind).toBe('reported');
  });
});
