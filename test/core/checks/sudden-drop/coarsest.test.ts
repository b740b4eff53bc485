/**
 * Level shift rule 1.4.0: one finding per drop episode at the coarsest level that explains it. A
 * group's drop reports its codes' drops (kept as tested, unreported drafts and listed in the group's
 * evidence); a code whose drop stands out from a flat group, or whose parent is less significant or
 * not material, is still reported.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckDraft } from '#core/checks/check.ts';
import {
  applyCoarsestLevel,
  type CoarsestLevelRule,
  coveredDescendants,
  reportedBy,
  standsOut,
} from '#core/checks/sudden-drop/coarsest.ts';
import { DEFAULT_SUDDEN_DROP_CONFIG } from '#core/checks/sudden-drop/config.ts';
import {
  LEVEL_SHIFT_CHECK_ID,
  LEVEL_SHIFT_RULE_VERSION,
  levelShiftDrafts,
} from '#core/checks/sudden-drop/level-shift.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { monthsBetween } from '#core/series/months.ts';
import { cleanReturns } from './clean-returns.ts';
import { audit, auditInput, loadExampleReturns, parseEvidence } from './helpers.ts';
import { shift, VAP } from './shifts.ts';

const RULE: CoarsestLevelRule = DEFAULT_SUDDEN_DROP_CONFIG.levelShift.coarsestLevel;

interface CoverRef {
  level: string;
  offence_group: string | null;
  offence_code: string | null;
  change: string;
  p_value: number;
  relative_drop: number;
}

it('is level shift rule 2.2.0', () => {
  expect(LEVEL_SHIFT_RULE_VERSION).toBe('2.2.0');
});

describe("a group's drop covering its codes (Northamptonshire: every violence code −25% from 2022-04)", () => {
  let rows: ReturnRow[];
  let drafts: CheckDraft[];
  beforeAll(async () => {
    rows = await loadExampleReturns();
    drafts = levelShiftDrafts(auditInput(rows), DEFAULT_SUDDEN_DROP_CONFIG).filter(
      (d) => d.force_code === 'northamptonshire',
    );
  });

  it('is reported once, as the group, with the codes in its evidence', () => {
    const reported = audit(rows).filter(
      (f) =>
        f.check_id === LEVEL_SHIFT_CHECK_ID &&
        f.force_code === 'northamptonshire' &&
        Math.abs(monthsBetween('2022-04', f.period_start)) <= 2,
    );
    expect(reported).toHaveLength(1);
    const f = reported[0]!;
    expect(f.offence_group).toBe(VAP);
    expect(f.offence_code).toBeNull();
    const ev = parseEvidence(f) as { covers: CoverRef[] };
    const codes = ev.covers.map((c) => c.offence_code).sort();
    expect(codes).toEqual(['105A', '8N']);
    for (const c of ev.covers) {
      expect(c.level).toBe('code');
      expect(c.relative_drop).toBeGreaterThan(0.2);
      expect(c.p_value).toBeLessThan(1e-6);
    }
    expect(f.summary).toMatch(/The fall includes offence code 105A .*down .*offence code 8N/);
  });

  it('keeps each covered code as a tested draft: its p-value, material = false and covered_by the group', () => {
    const group = drafts.find((d) => d.offence_group === VAP && d.offence_code === null && d.material)!;
    for (const code of ['8N', '105A']) {
      const d = drafts.find((x) => x.offence_code === code && x.period_start === '2022-04')!;
      expect(d.p_value!).toBeLessThan(1e-6);
      expect(d.p_value!).toBeGreaterThanOrEqual(group.p_value!);
      expect(d.material).toBe(false);
      expect(d.evidence.drop_material).toBe(true);
      const by = d.evidence.covered_by as CoverRef;
      expect(by).toMatchObject({ level: 'group', offence_group: VAP, offence_code: null, change: '2022-04' });
      expect(by.p_value).toBe(group.p_value);
      expect(d.summary).toMatch(/is part of the fall in recorded "Violence against the person" from 2022-04/);
      expect(d.summary).not.toMatch(/requires explanation/);
    }
  });
});

describe('a drop concentrated in one code', () => {
  // The generator uses the 2024/25 codes: 8R (assault with injury) is about 2,000 a month in West
  // Yorkshire, a quarter of its violence.
  const base = { start: '2016-04', months: 96, maxCodes: 40, seed: 31 } as const;
  const near = (rows: ReturnRow[]) =>
    audit(rows).filter(
      (f) =>
        f.check_id === LEVEL_SHIFT_CHECK_ID &&
        f.force_code === 'west-yorkshire' &&
        Math.abs(monthsBetween('2022-04', f.period_start)) <= 2,
    );

  it('is reported, as the code, inside a flat group', () => {
    const g = cleanReturns({
      ...base,
      injections: [{ force: 'west-yorkshire', codes: ['8R'], from: '2022-04', factor: 0.75 }],
    });
    const found = near(g.rows);
    expect(found.map((f) => f.offence_code)).toEqual(['8R']);
    expect(parseEvidence(found[0]!).covered_by).toBeUndefined();
  });

  it('is reported beside its falling group when it stands out, while the codes that fell with the group are covered', () => {
    const g = cleanReturns({
      ...base,
      injections: [
        { force: 'west-yorkshire', groups: [VAP], from: '2022-04', factor: 0.87 },
        // 0.72: the broken-trend step (rule 2.0.0) has about 1.5× the SE of a level DiD, so standing
        // out by 1.96 of the code's SE takes a wider gap than the 0.8 of rule 1.4.0.
        { force: 'west-yorkshire', codes: ['8R'], from: '2022-04', factor: 0.72 },
      ],
    });
    const found = near(g.rows);
    const group = found.find((f) => f.offence_group === VAP && f.offence_code === null);
    const code = found.find((f) => f.offence_code === '8R');
    expect(group).toBeDefined();
    expect(code).toBeDefined();
    // Nothing else: the other large violence codes fell with the group and are in its evidence.
    expect(found).toHaveLength(2);
    const covers = (parseEvidence(group!) as { covers: CoverRef[] }).covers;
    expect(covers.length).toBeGreaterThan(0);
    expect(covers.map((c) => c.offence_code)).not.toContain('8R');
    // 8R's drop is more than 1.25 × the group's (the evidence says how much each fell).
    const codeDrop = parseEvidence(code!).relative_drop as number;
    const groupDrop = parseEvidence(group!).relative_drop as number;
    expect(codeDrop).toBeGreaterThan(1.25 * groupDrop);
  });
});

const tested = () => true;

describe('the coverage rule', () => {
  it('covers a child by a material, at least as significant parent of the same episode', () => {
    const group = shift('group', { pValue: 1e-8 });
    const code = shift('code', { change: 62, pValue: 1e-6 });
    applyCoarsestLevel([group, code], RULE, 1, tested);
    expect(code.coveredBy).toBe(group);
    expect(group.covers).toEqual([code]);
  });

  it('keeps a child reported when its parent is less significant (it might not pass Benjamini–Hochberg)', () => {
    const group = shift('group', { pValue: 0.01 });
    const code = shift('code', { pValue: 0.001 });
    applyCoarsestLevel([group, code], RULE, 1, tested);
    expect(code.coveredBy).toBeNull();
    expect(group.covers).toEqual([]);
  });

  it('keeps a child reported when its parent is not material', () => {
    const group = shift('group', { pValue: 1e-9, material: false });
    const code = shift('code', { pValue: 1e-6 });
    applyCoarsestLevel([group, code], RULE, 1, tested);
    expect(code.coveredBy).toBeNull();
  });

  it('does not join changes more than 2 months apart (quarterly: only the same quarter)', () => {
    const group = shift('group', { pValue: 1e-9 });
    const late = shift('code', { change: 63 });
    applyCoarsestLevel([group, late], RULE, 1, tested);
    expect(late.coveredBy).toBeNull();
    const qGroup = shift('group', { change: 20, pValue: 1e-9 });
    const qCode = shift('code', { change: 21 });
    applyCoarsestLevel([qGroup, qCode], RULE, 3, tested);
    expect(qCode.coveredBy).toBeNull();
  });

  it('reports a child whose drop stands out: more than 1.25 × the parent’s and 1.96 of its SE beyond', () => {
    const group = shift('group', { logRateRatio: Math.log(0.88), pValue: 1e-8 });
    const outstanding = shift('code', { logRateRatio: Math.log(0.75), se: 0.04 });
    expect(standsOut(outstanding, group, RULE)).toBe(true);
    // Twice the drop but within the child's noise: not standing out, covered.
    const noisy = shift('code', { logRateRatio: Math.log(0.75), se: 0.1 }, '105A');
    expect(standsOut(noisy, group, RULE)).toBe(false);
    applyCoarsestLevel([group, outstanding, noisy], RULE, 1, tested);
    expect(outstanding.coveredBy).toBeNull();
    expect(noisy.coveredBy).toBe(group);
  });

  it('chains code → group → total, and a code is judged against its group when the group was tested', () => {
    const total = shift('total', { pValue: 1e-10 });
    const group = shift('group', { pValue: 1e-8 });
    const code = shift('code', { pValue: 1e-6 });
    applyCoarsestLevel([total, group, code], RULE, 1, tested);
    expect(reportedBy(code)).toBe(total);
    expect(coveredDescendants(total).map((d) => [d.shift, d.via])).toEqual([
      [group, null],
      [code, group],
    ]);
    // The group tested but without a drop at that time: the code is not hidden behind the total.
    const total2 = shift('total', { pValue: 1e-10 });
    const code2 = shift('code', { pValue: 1e-6 });
    applyCoarsestLevel([total2, code2], RULE, 1, tested);
    expect(code2.coveredBy).toBeNull();
    // Its group not tested at all for the force: the total is its parent.
    applyCoarsestLevel([total2, code2], RULE, 1, (id) => id === 'total');
    expect(code2.coveredBy).toBe(total2);
  });
});

describe('a coarser drop explained by a finer one (rule 1.5.0)', () => {
  it('reports the force total inside the more significant group drop that makes up most of it', () => {
    const total = shift('total', { pValue: 1e-5, shortfall: 1000, logRateRatio: Math.log(0.9) });
    const group = shift('group', { pValue: 1e-9, shortfall: 850 });
    applyCoarsestLevel([total, group], RULE, 1, tested);
    // The downward rule cannot cover the group (the total is less significant) …
    expect(group.coveredBy).toBeNull();
    // … so the total is reported with the group that explains it.
    expect(total.coveredBy).toBe(group);
    expect(group.explains).toEqual([total]);
    expect(reportedBy(total)).toBe(group);
  });

  it('keeps the total reported when the group explains too little of it, or is less significant', () => {
    const small = [
      shift('total', { pValue: 1e-5, shortfall: 1000 }),
      shift('group', { pValue: 1e-9, shortfall: 700 }),
    ];
    applyCoarsestLevel(small, RULE, 1, tested);
    expect(small[0]!.coveredBy).toBeNull();
    const weaker = [
      shift('total', { pValue: 1e-9, shortfall: 1000 }),
      shift('group', { pValue: 1e-5, shortfall: 950 }),
    ];
    applyCoarsestLevel(weaker, RULE, 1, tested);
    // Here the downward rule applies instead: the group is reported inside the total.
    expect(weaker[0]!.coveredBy).toBeNull();
    expect(weaker[1]!.coveredBy).toBe(weaker[0]);
  });

  it('never lets a parent that already reports other drops be reported inside a child', () => {
    const total = shift('total', { pValue: 1e-6, shortfall: 1000 });
    const violence = shift('group', { pValue: 1e-9, shortfall: 900 });
    const code = shift('code', { pValue: 1e-4, shortfall: 200 });
    applyCoarsestLevel([total, violence, code], RULE, 1, tested);
    expect(code.coveredBy).toBe(violence);
    // The group reports its code, and explains the total.
    expect(total.coveredBy).toBe(violence);
    expect(violence.explains).toEqual([total]);
  });
});
