import { describe, expect, it } from 'vitest';
import { auditContext } from '#core/checks/audit-context.ts';
import type { AuditInput } from '#core/checks/check.ts';
import { namedPair, recordLevelCases } from '#core/checks/reclassification/record-level-analysis.ts';
import { recordLevelConfig } from '#core/checks/reclassification/record-level-config.ts';
import type { ReclassificationTransition } from '#core/model/ingest.ts';
import { monthRange } from '#core/series/months.ts';

const move = (month: string, from: string, to: string, count: number): ReclassificationTransition => ({
  force_code: 'kent',
  month,
  from_offence_code: from,
  to_offence_code: to,
  count,
});

/** A year of Kent's violence moves (no final counts, so only the asymmetry contrast can be formed). */
function input(extra: ReclassificationTransition[] = []): AuditInput {
  const transitions = monthRange('2023-04', '2024-03').flatMap((m) => [
    move(m, '8N', '105A', 4),
    move(m, '105A', '8N', 3),
    // A move between families or within one side is no reclassification of the family.
    move(m, '8N', '5D', 9),
    move(m, '8N', '34B', 9),
  ]);
  return { current: [], history: [], notes: [], forces: ['kent'], transitions: [...transitions, ...extra] };
}

const casesOf = (i: AuditInput, override = {}) =>
  recordLevelCases(i, auditContext(i), recordLevelConfig(override)).flat();

describe('record-level analysis', () => {
  it('tests each financial quarter against the earlier months, before a guard band when it can', () => {
    const cases = casesOf(input());
    // The first quarter has no earlier months: nothing to compare with.
    expect(cases.map((c) => c.window.start)).toEqual(['2023-07', '2023-10', '2024-01']);
    expect(cases.every((c) => c.family.id === 'violence-injury')).toBe(true);
    // 2024-01: six months precede the three-month guard band; 2023-10: too few, so the months right before.
    expect(cases.map((c) => [c.base[0], c.base[c.base.length - 1]])).toEqual([
      ['2023-04', '2023-06'],
      ['2023-04', '2023-09'],
      ['2023-04', '2023-09'],
    ]);
    expect(cases[2]!.test.totals.window).toEqual({ down: 12, up: 9, firstSerious: null });
    expect(cases[2]!.test.rate).toBeNull();
  });

  it('gates on the excess of downgrades', () => {
    const surge = monthRange('2024-01', '2024-03').map((m) => move(m, '8N', '105A', 20));
    const cases = casesOf(input(surge));
    const last = cases[cases.length - 1]!;
    expect(last.test.excessDown).toBeGreaterThan(5);
    expect(last.material).toBe(true);
    expect(casesOf(input(surge), { minExcess: 1000 }).some((c) => c.material)).toBe(false);
  });

  it('names the serious-to-lesser pair that carried the most downgrades', () => {
    const extra = monthRange('2024-01', '2024-03').map((m) => move(m, '5D', '105A', 6));
    const last = casesOf(input(extra)).at(-1)!;
    const pair = namedPair(last);
    expect([pair.from, pair.to]).toEqual(['5D', '105A']);
    expect(Object.fromEntries(pair.totals)).toEqual({ '5D>105A': 18, '8N>105A': 12, '105A>8N': 9 });
  });

  it('tests nothing without record-level transitions', () => {
    const none: AuditInput = { current: [], history: [], notes: [], forces: ['kent'] };
    expect(casesOf(none)).toEqual([]);
  });
});
