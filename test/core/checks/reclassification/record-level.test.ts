import { describe, expect, it } from 'vitest';
import { RECLASSIFICATION_CHECKS } from '#core/checks/reclassification/index.ts';
import {
  type MonthCounts,
  recordLevelTest,
  studentTUpper,
} from '#core/checks/reclassification/record-level.ts';
import { reclassificationRecordLevelCheck } from '#core/checks/reclassification/record-level-check.ts';
import { CheckRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import type { ReclassificationTransition } from '#core/model/ingest.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { lookupOffence } from '#core/reference/offence-reference.ts';
import { monthRange } from '#core/series/months.ts';
import { runCheck } from '#test-support/run-check.ts';
import { auditInput, exampleRecordLevel } from './example-data.ts';

const CTX = { run_id: 'r1', now: new Date('2025-01-01T00:00:00Z') };

/** `n` months of the same counts (quarter ends every third month). */
function months(n: number, m: Omit<MonthCounts, 'quarterEnd'>): MonthCounts[] {
  return Array.from({ length: n }, (_, i) => ({ ...m, quarterEnd: i % 3 === 2 }));
}

const OPTS = { minBaselineMoves: 10 };

describe('record-level statistics', () => {
  it('computes Student’s t upper tail', () => {
    expect(studentTUpper(0, 5)).toBeCloseTo(0.5, 14);
    // qt(0.975, 5) = 2.570582; qt(0.99, 10) = 2.763769 (R)
    expect(studentTUpper(2.570582, 5)).toBeCloseTo(0.025, 7);
    expect(studentTUpper(2.763769, 10)).toBeCloseTo(0.01, 7);
    expect(studentTUpper(-2.570582, 5)).toBeCloseTo(0.975, 7);
  });

  it('reproduces the hand-computed rate contrast when months do not wobble (φ = 1)', () => {
    // Baseline: 6 months of 2 downgrades in 50; window: 3 months of 10 in 50.
    const t = recordLevelTest(
      months(3, { down: 10, up: 1, firstSerious: 50 }),
      months(6, { down: 2, up: 1, firstSerious: 50 }),
      OPTS,
    )!;
    const rate = t.rate!;
    expect(rate.window).toBeCloseTo(0.2, 12);
    expect(rate.baseline).toBeCloseTo(0.04, 12);
    expect(rate.dispersion).toBe(1);
    expect(rate.df).toBe(5);
    // θ = ln(30.5/150) − ln(12.5/300), Var = 1/30.5 + 1/12.5
    expect(rate.logRatio).toBeCloseTo(Math.log(30.5 / 150) - Math.log(12.5 / 300), 12);
    expect(rate.variance).toBeCloseTo(1 / 30.5 + 1 / 12.5, 12);
    expect(rate.pValue).toBeCloseTo(studentTUpper(rate.logRatio / Math.sqrt(rate.variance), 5), 14);
    // Asymmetry: 30 of 33 moves down against 12 of 18.
    const asym = t.asymmetry!;
    expect(asym.logRatio).toBeCloseTo(Math.log(30.5 / 3.5) - Math.log(12.5 / 6.5), 12);
    expect(t.pValue).toBeCloseTo(Math.min(1, 2 * Math.min(rate.pValue, asym.pValue)), 14);
    expect(t.expectedDown).toBeCloseTo(6, 12);
    expect(t.excessDown).toBeCloseTo(24, 12);
    expect(t.pValue).toBeLessThan(0.01);
  });

  it('widens the contrast by the month-to-month dispersion', () => {
    // Same totals as above, but the baseline months alternate 0 and 4 downgrades.
    const base = months(6, { down: 0, up: 1, firstSerious: 50 }).map((m, i) => ({
      ...m,
      down: i % 2 ? 4 : 0,
    }));
    const steady = recordLevelTest(
      months(3, { down: 10, up: 1, firstSerious: 50 }),
      months(6, { down: 2, up: 1, firstSerious: 50 }),
      OPTS,
    )!;
    const wobbly = recordLevelTest(months(3, { down: 10, up: 1, firstSerious: 50 }), base, OPTS)!;
    // Baseline rate 2 a month: X² = 6 × (2²/2) = 12 on 6 − 1 = 5 df.
    expect(wobbly.rate!.dispersion).toBeCloseTo(12 / 5, 12);
    expect(wobbly.rate!.variance).toBeCloseTo((12 / 5) * (1 / 30.5 + 1 / 12.5), 12);
    expect(wobbly.rate!.pValue).toBeGreaterThan(steady.rate!.pValue);
  });

  it('needs a history, and forms the asymmetry contrast only from enough baseline moves', () => {
    expect(recordLevelTest(months(3, { down: 9, up: 1, firstSerious: 50 }), [], OPTS)).toBeNull();
    const thin = recordLevelTest(
      months(3, { down: 9, up: 1, firstSerious: 50 }),
      months(2, { down: 1, up: 1, firstSerious: 50 }),
      OPTS,
    )!;
    expect(thin.asymmetry).toBeNull();
    expect(thin.pValue).toBe(thin.rate!.pValue);
    const noN = recordLevelTest(
      months(3, { down: 9, up: 1, firstSerious: null }),
      months(6, { down: 2, up: 2, firstSerious: null }),
      OPTS,
    )!;
    expect(noN.rate).toBeNull();
    expect(noN.pValue).toBe(noN.asymmetry!.pValue);
  });
});

function codeRow(force: string, month: string, code: string, recorded: number): ReturnRow {
  const info = lookupOffence(code)!;
  return {
    force_code: force,
    period_start: month,
    period_end: month,
    grain: 'month',
    level: 'code',
    offence_code: code,
    offence_group: info.group,
    offence_subgroup: info.subgroup,
    recorded,
    cancelled: 0,
    source_format: 'record_level',
    source_file: `${force}.csv`,
    source_line: 2,
    input_sha256: '2'.repeat(64),
    submitted_at: new Date('2025-01-01T00:00:00Z'),
    run_id: 'rl',
  };
}

/** A year of record-level cells and transitions for one force, with the month's downgrades given. */
function extract(force: string, downgrades: (month: string, i: number) => number, upgrades = 3) {
  const rows: ReturnRow[] = [];
  const transitions: ReclassificationTransition[] = [];
  monthRange('2023-04', '2024-03').forEach((month, i) => {
    const down = downgrades(month, i);
    rows.push(
      codeRow(force, month, '8N', 100 - down + upgrades),
      codeRow(force, month, '105A', 150 + down - upgrades),
    );
    if (down > 0)
      transitions.push({
        force_code: force,
        month,
        from_offence_code: '8N',
        to_offence_code: '105A',
        count: down,
      });
    if (upgrades > 0)
      transitions.push({
        force_code: force,
        month,
        from_offence_code: '105A',
        to_offence_code: '8N',
        count: upgrades,
      });
    // A move outside every family: ignored.
    transitions.push({
      force_code: force,
      month,
      from_offence_code: '58A',
      to_offence_code: '58C',
      count: 2,
    });
  });
  return { rows, transitions };
}

describe('reclassification.record_level', () => {
  it('finds the City of London example’s 8N → 105A rise from 2023-10 and its continuation, and nothing before it', async () => {
    const { rows, transitions } = await exampleRecordLevel();
    const result = runChecks(
      new CheckRegistry().registerAll(RECLASSIFICATION_CHECKS),
      auditInput(rows, ['city-of-london'], transitions),
      CTX,
    );
    expect(result.errors).toEqual([]);
    const found = result.findings.filter((f) => f.check_id === 'reclassification.record_level');
    // The planted campaign runs to the end of the extract: the guard band (rule 1.1.0) keeps its first
    // quarter out of the next quarter's baseline, so the continuation is significant too, and the two
    // quarters are one campaign reported once (rule 1.2.0), the other listed in its evidence.
    expect(found.map((f) => [f.period_start, f.period_end, f.offence_code, f.related_offence_code])).toEqual([
      ['2023-10', '2023-12', '8N', '105A'],
    ]);
    const covers = JSON.parse(found[0]!.evidence).covers as Array<{ period_start: string; p_value: number }>;
    expect(covers.map((c) => c.period_start)).toEqual(['2024-01']);
    expect(covers[0]!.p_value).toBeGreaterThanOrEqual(found[0]!.p_value!);
    expect(found[0]!.summary).toMatch(/also raised in the other quarters from 2023-10 to 2024-03/);
    const hidden = result.findings.filter(
      (f) => f.period_start === '2024-01' && f.check_id === 'reclassification.record_level',
    );
    expect(hidden).toEqual([]);
    const f = found[0]!;
    expect(f.q_value!).toBeLessThan(0.05);
    const e = JSON.parse(f.evidence);
    expect(e.rate.window).toBeGreaterThan(0.15);
    expect(e.rate.baseline).toBeLessThan(0.06);
    expect(e.rate.dispersion).toBeGreaterThanOrEqual(1);
    expect(e.asymmetry.p_value).toBeLessThan(0.05);
    expect(e.baseline).toEqual(expect.objectContaining({ start: '2023-04', end: '2023-09' }));
    expect(f.summary).toMatch(
      /^From 2023-10 to 2023-12 city-of-london reclassified \d+ crimes first recorded as assaults with injury \(mostly 8N\) to assaults without injury \(105A\)/,
    );
    expect(f.summary).toMatch(/requires explanation\.$/);
  });

  it('flags nothing when downgrades run at a steady rate', () => {
    const { rows, transitions } = extract('kent', () => 4);
    const drafts = runCheck(reclassificationRecordLevelCheck, auditInput(rows, ['kent'], transitions));
    // The first quarter has no history and is not tested.
    expect(drafts.map((d) => d.period_start)).toEqual(['2023-07', '2023-10', '2024-01']);
    expect(
      drafts.every(
        (d) => d.evidence.family && (d.evidence.family as { id: string }).id === 'violence-injury',
      ),
    ).toBe(true);
    expect(Math.min(...drafts.map((d) => d.p_value!))).toBeGreaterThan(0.05);
  });

  it('reports downgrades bunched in the last month of each quarter', () => {
    // Steady 4 a month, then from 2023-10 an extra 20 in each quarter-end month only.
    const { rows, transitions } = extract('kent', (m, i) =>
      i >= 6 && ['2023-12', '2024-03'].includes(m) ? 24 : 4,
    );
    const drafts = runCheck(reclassificationRecordLevelCheck, auditInput(rows, ['kent'], transitions));
    const q3 = drafts.find((d) => d.period_start === '2023-10')!;
    const timing = q3.evidence.timing as { quarter_end_downgrades: number; p_value: number };
    expect(timing.quarter_end_downgrades).toBe(24);
    expect(timing.p_value).toBeLessThan(0.001);
    expect(q3.summary).toMatch(/24 of them in the last month of a quarter/);
    expect(q3.p_value!).toBeLessThan(0.05);
  });

  it('does nothing without record-level transitions', () => {
    const { rows } = extract('kent', () => 4);
    expect(runCheck(reclassificationRecordLevelCheck, auditInput(rows, ['kent']))).toEqual([]);
  });
});
