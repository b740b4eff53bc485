import { describe, expect, it } from 'vitest';
import { auditContext } from '#core/checks/audit-context.ts';
import { DEFAULT_SUDDEN_DROP_CONFIG } from '#core/checks/sudden-drop/config.ts';
import {
  caliperOutcome,
  forceChanges,
  TARGET_BUNCHING_CHECK_ID,
  targetBunchingDrafts,
} from '#core/checks/sudden-drop/target-bunching.ts';
import { DEFAULT_TARGETS } from '#core/detection/targets.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { addMonths } from '#core/series/months.ts';
import { SYNTHETIC_FORCES } from '#core/synthetic/force-sizes.ts';
import { audit, auditInput, parseEvidence } from './helpers.ts';

const TARGET = DEFAULT_TARGETS[0]!;

/**
 * Quarterly group rows for the target's groups in its baseline (2019/20) and assessment (2023/24)
 * years: each force's baseline is 2,500 a quarter, and its assessment quarters follow its g.
 */
function rowsForChanges(
  changes: ReadonlyArray<readonly [string, number]>,
  skipQuarter?: string,
): ReturnRow[] {
  const rows: ReturnRow[] = [];
  const groups = TARGET.offence_groups;
  for (const [force, g] of changes) {
    for (const [start, quarter] of [
      ['2019-04', 2_500],
      ['2023-04', Math.round(2_500 * (1 + g / 100))],
    ] as const) {
      for (let q = 0; q < 4; q++) {
        const period = addMonths(start, 3 * q);
        if (force === skipQuarter?.split('|')[0] && period === skipQuarter.split('|')[1]) continue;
        groups.forEach((group, i) => {
          // Whole counts per group; the last group takes the remainder.
          const part = Math.floor(quarter / groups.length);
          const value = i < groups.length - 1 ? part : quarter - part * (groups.length - 1);
          rows.push({
            force_code: force,
            period_start: period,
            period_end: addMonths(period, 2),
            grain: 'quarter',
            level: 'group',
            offence_code: null,
            offence_group: group,
            offence_subgroup: null,
            recorded: value,
            cancelled: null,
            source_format: 'home_office_pfa_group',
            source_file: 'table.csv',
            source_line: rows.length + 2,
            input_sha256: 'd'.repeat(64),
            submitted_at: new Date('2024-06-01T00:00:00Z'),
            run_id: 'test-run',
          });
        });
      }
    }
  }
  return rows;
}

const forces = SYNTHETIC_FORCES.filter((f) => f !== 'btp');

/** 10 forces just past the −20% target, 1 just short, the rest spread well away from it. */
function bunched(): Array<[string, number]> {
  return forces.map((f, i): [string, number] => {
    if (i < 10) return [f, -20.2 - 0.25 * i];
    if (i === 10) return [f, -18.5];
    const spread = [-45, -40, -36, -32, -10, -7, -4, 0, 4, 9]; // clear of the flanking bands
    return [f, spread[i % spread.length]! + 0.01 * i];
  });
}

describe('caliper test for bunching at a target', () => {
  it('reproduces the METHODS oracle: 31 just past the target vs 14 just short, p = .008', () => {
    const gs = [...Array(31).fill(-21), ...Array(14).fill(-18.5)];
    const c = caliperOutcome(gs, -20, 3)!;
    expect(c.below).toBe(31);
    expect(c.above).toBe(14);
    expect(c.nullShare).toBe(0.5);
    expect(c.pValue).toBeCloseTo(0.008047, 5);
  });

  it('takes the null share from the flanking bands, so a sloping density is not bunching', () => {
    // Flanks: 2 in [−29, −23), 6 in (−17, −11]: the density rises across the target.
    const gs = [-28, -25, -22, -21, -19, -15, -14, -13, -12, -12.5, -16];
    const c = caliperOutcome(gs, -20, 3)!;
    expect([c.flankLow, c.flankHigh]).toEqual([2, 6]);
    expect(c.nullShare).toBeCloseTo(0.5 - 4 / 64, 12);
    expect(c.below).toBe(2);
    expect(c.above).toBe(1);
  });

  it('includes the target itself on the "met" side and the caliper edges as specified', () => {
    const c = caliperOutcome([-23, -20, -17, -23.01, -16.99], -20, 3)!;
    expect(c.below).toBe(2); // −23 and −20
    expect(c.above).toBe(1); // −17
  });
});

describe('sudden_drop.target_bunching', () => {
  it('names each force just past the target when the forces bunch there, with every force in evidence', () => {
    const rows = rowsForChanges(bunched());
    const changes = forceChanges(auditContext({ current: rows }), TARGET);
    expect(changes).toHaveLength(43);
    const drafts = targetBunchingDrafts(auditInput(rows), DEFAULT_SUDDEN_DROP_CONFIG);
    expect(drafts.map((d) => d.force_code).sort()).toEqual(forces.slice(0, 10).sort());
    const d = drafts[0]!;
    expect(d.p_value).toBeCloseTo(0.005859375, 9); // P(X ≥ 10), X ~ Bin(11, ½)
    expect(d.near_target).toBe(true);
    expect(d.period_start).toBe('2023-04');
    expect(d.period_end).toBe('2024-03');
    // The observed figure is the force's total over exactly that period.
    const inPeriod = rows.filter(
      (r) =>
        r.force_code === d.force_code && r.period_start >= d.period_start && r.period_end <= d.period_end,
    );
    expect(d.observed).toBe(inPeriod.reduce((s, r) => s + r.recorded, 0));
    expect(d.summary).toMatch(/requires explanation/);
    const ev = d.evidence as unknown as {
      statistic_inputs: { forces: unknown[]; caliper: { below: number; above: number } };
    };
    expect(ev.statistic_inputs.forces).toHaveLength(43);
    expect(ev.statistic_inputs.caliper).toMatchObject({ below: 10, above: 1 });
  });

  it('survives the run-wide multiple-testing step when it is the strongest evidence in the run', () => {
    const found = audit(rowsForChanges(bunched())).filter((f) => f.check_id === TARGET_BUNCHING_CHECK_ID);
    expect(found).toHaveLength(10);
    expect((parseEvidence(found[0]!).target as { id: string }).id).toBe(TARGET.id);
    // One caliper test per target: the target is part of each finding's identity.
    const drafts = targetBunchingDrafts(auditInput(rowsForChanges(bunched())), DEFAULT_SUDDEN_DROP_CONFIG);
    expect(drafts.map((d) => d.discriminator)).toEqual(Array(10).fill(TARGET.id));
  });

  it('names no one when the changes are spread smoothly across the target', () => {
    const smooth = forces.map((f, i): [string, number] => [f, -32 + 0.6 * i]);
    expect(targetBunchingDrafts(auditInput(rowsForChanges(smooth)), DEFAULT_SUDDEN_DROP_CONFIG)).toEqual([]);
  });

  it('leaves out a force whose baseline or assessment year is incomplete', () => {
    const rows = rowsForChanges(bunched(), `${forces[0]}|2023-10`);
    const changes = forceChanges(auditContext({ current: rows }), TARGET);
    expect(changes.map((c) => c.force)).not.toContain(forces[0]);
    expect(changes).toHaveLength(42);
  });
});
