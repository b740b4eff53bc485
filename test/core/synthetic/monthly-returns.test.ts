import { describe, expect, it } from 'vitest';
import { FORCES } from '#core/reference/forces.ts';
import { lookupOffence } from '#core/reference/offence-reference.ts';
import { monthlyReturnsByForce } from '#core/synthetic/csv.ts';
import { FORCE_ANNUAL_THOUSANDS } from '#core/synthetic/force-sizes.ts';
import { INJECTED_KINDS, type InjectedProblem, VIOLENCE_CODES } from '#core/synthetic/injections.ts';
import { generateMonthlyReturns, type MonthlyReturnRow } from '#core/synthetic/monthly-returns.ts';
import { SYNTHETIC_OFFENCES } from '#core/synthetic/offence-profile.ts';

const generated = generateMonthlyReturns();
const { rows, labels } = generated;

function label(kind: InjectedProblem['kind']): InjectedProblem {
  const found = labels.find((l) => l.kind === kind);
  if (!found) throw new Error(`no label of kind ${kind}`);
  return found;
}
const cells = (force: string, code?: string) =>
  rows.filter((r) => r.force_code === force && (code === undefined || r.offence_code === code));
const sum = (xs: readonly MonthlyReturnRow[], key: 'recorded' | 'cancelled' = 'recorded') =>
  xs.reduce((s, r) => s + r[key], 0);
const fyOf = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
};

describe('generateMonthlyReturns: determinism and shape', () => {
  it('gives the same bytes for the same options and different bytes for another seed', () => {
    const again = monthlyReturnsByForce(generateMonthlyReturns().rows);
    const first = monthlyReturnsByForce(rows);
    expect([...again.keys()]).toEqual([...first.keys()]);
    for (const [force, text] of first) expect(again.get(force)).toBe(text);
    const other = monthlyReturnsByForce(generateMonthlyReturns({ seed: 7 }).rows);
    expect(other.get('kent')).not.toBe(first.get('kent'));
  });

  it('covers the 43 territorial forces and BTP from the reference list, five financial years, 22 codes', () => {
    expect(generated.forces).toEqual(FORCES.map((f) => f.slug));
    expect(generated.forces).toHaveLength(44);
    expect(new Set(rows.map((r) => r.force_code))).toEqual(new Set(generated.forces));
    expect(generated.months[0]).toBe('2019-04');
    expect(generated.months.at(-1)).toBe('2024-03');
    expect(generated.months).toHaveLength(60);
    expect(generated.offenceCodes).toHaveLength(22);
    expect(rows.length).toBeLessThanOrEqual(60_000);
  });

  it('has a size for exactly the forces of the reference list', () => {
    expect(Object.keys(FORCE_ANNUAL_THOUSANDS).sort()).toEqual(FORCES.map((f) => f.slug).sort());
  });

  it('uses only real Home Office codes, with the lookup’s description, group and subgroup', () => {
    for (const o of SYNTHETIC_OFFENCES) {
      const ref = lookupOffence(o.code);
      expect(ref, o.code).not.toBeNull();
      expect({ description: o.description, group: o.group, subgroup: o.subgroup }).toEqual({
        description: ref!.description,
        group: ref!.group,
        subgroup: ref!.subgroup,
      });
    }
  });

  it('has plausible national totals: 3 to 5 million a year for these codes, steady across years', () => {
    const byYear = new Map<number, number>();
    for (const r of rows) byYear.set(fyOf(r.month), (byYear.get(fyOf(r.month)) ?? 0) + r.recorded);
    expect([...byYear.keys()]).toEqual([2019, 2020, 2021, 2022, 2023]);
    for (const total of byYear.values()) {
      expect(total).toBeGreaterThan(3_000_000);
      expect(total).toBeLessThan(5_000_000);
    }
  });

  it('spreads force sizes from the Met (largest) to the City of London (smallest territorial force)', () => {
    const totals = new Map(generated.forces.map((f) => [f, sum(cells(f))]));
    const ranked = [...totals].sort((a, b) => b[1] - a[1]).map(([f]) => f);
    expect(ranked[0]).toBe('metropolitan');
    expect(ranked.at(-1)).toBe('city-of-london');
    expect(totals.get('metropolitan')! / totals.get('city-of-london')!).toBeGreaterThan(50);
  });

  it('cancels 2–4 % of recorded crime overall, and never more than was recorded', () => {
    const clean = rows.filter((r) => r.recorded >= 0);
    const share = sum(clean, 'cancelled') / sum(clean);
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.04);
    expect(clean.every((r) => r.cancelled >= 0 && r.cancelled <= r.recorded)).toBe(true);
  });

  it('shows seasonality: residential burglary higher in winter than in summer nationally', () => {
    const winter = sum(rows.filter((r) => r.offence_code === '28E' && /-(12|01)$/.test(r.month)));
    const summer = sum(rows.filter((r) => r.offence_code === '28E' && /-(06|07)$/.test(r.month)));
    expect(winter / summer).toBeGreaterThan(1.15);
  });

  it('is clean when injection is off: every cell once, no negatives, no unknown codes', () => {
    const clean = generateMonthlyReturns({ inject: false });
    expect(clean.labels).toEqual([]);
    expect(clean.rows).toHaveLength(44 * 60 * 22);
    expect(clean.rows.every((r) => r.recorded >= 0)).toBe(true);
    const keys = new Set(clean.rows.map((r) => `${r.force_code}|${r.month}|${r.offence_code}`));
    expect(keys.size).toBe(clean.rows.length);
  });

  it('leaves out problems that do not fit a short span, and rejects unknown forces or empty spans', () => {
    const short = generateMonthlyReturns({ start: '2019-04', end: '2020-12', forces: ['cumbria', 'dorset'] });
    expect(short.labels.map((l) => l.id)).toEqual(['duplicate_row:dorset']);
    expect(() => generateMonthlyReturns({ forces: ['gotham'] })).toThrow(/gotham/);
    expect(() => generateMonthlyReturns({ start: '2020-01', end: '2019-01' })).toThrow(RangeError);
  });
});

describe('generateMonthlyReturns: planted problems', () => {
  it('plants one problem of each kind, each in its own force', () => {
    expect(labels.map((l) => l.kind).sort()).toEqual([...INJECTED_KINDS].sort());
    expect(new Set(labels.map((l) => l.force_code)).size).toBe(labels.length);
  });

  it('missing months: no row at all for the two months, rows either side', () => {
    const gap = label('missing_months');
    expect(gap.months).toHaveLength(2);
    const months = new Set(cells(gap.force_code).map((r) => r.month));
    for (const m of gap.months) expect(months.has(m)).toBe(false);
    expect(months.size).toBe(58);
  });

  it('duplicate row: the same line twice, adjacent', () => {
    const dup = label('duplicate_row');
    const hits = rows
      .map((r, i) => ({ r, i }))
      .filter(
        ({ r }) => r.force_code === dup.force_code && r.month === dup.period_start && r.offence_code === '46',
      );
    expect(hits).toHaveLength(2);
    expect(hits[1]!.r).toEqual(hits[0]!.r);
    expect(hits[1]!.i).toBe(hits[0]!.i + 1);
  });

  it('negative count: the row exists with recorded = -7', () => {
    const neg = label('negative_count');
    const row = cells(neg.force_code, '56B').find((r) => r.month === neg.period_start);
    expect(row?.recorded).toBe(-7);
    expect(rows.filter((r) => r.recorded < 0)).toHaveLength(1);
  });

  it('unknown offence code: 8Z rows in the labelled months only, and 8Z is not in the lookup', () => {
    const unknown = label('unknown_offence_code');
    const hits = rows.filter((r) => r.offence_code === '8Z');
    expect(hits.map((r) => r.month)).toEqual(unknown.months);
    expect(hits.every((r) => r.force_code === unknown.force_code && r.recorded > 0)).toBe(true);
    expect(lookupOffence('8Z')).toBeNull();
  });

  it('zero run: a large code reads 0 for four months and hundreds otherwise', () => {
    const zeros = label('zero_run');
    const series = cells(zeros.force_code, '46');
    const inside = series.filter((r) => zeros.months.includes(r.month));
    const outside = series.filter((r) => !zeros.months.includes(r.month));
    expect(inside).toHaveLength(4);
    expect(inside.every((r) => r.recorded === 0 && r.cancelled === 0)).toBe(true);
    expect(Math.min(...outside.map((r) => r.recorded))).toBeGreaterThan(100);
  });

  it('sudden drop: violence falls about 25 % from an April while other forces stay level', () => {
    const drop = label('sudden_drop');
    expect(drop.period_start.endsWith('-04')).toBe(true);
    const ratio = (force: string) => {
      const violent = rows.filter(
        (r) => r.force_code === force && (VIOLENCE_CODES as readonly string[]).includes(r.offence_code),
      );
      const start = drop.period_start;
      const after = violent.filter(
        (r) => r.month >= start && r.month < `${Number(start.slice(0, 4)) + 1}-04`,
      );
      const before = violent.filter(
        (r) => r.month < start && r.month >= `${Number(start.slice(0, 4)) - 1}-04`,
      );
      return sum(after) / sum(before);
    };
    expect(ratio(drop.force_code)).toBeGreaterThan(0.68);
    expect(ratio(drop.force_code)).toBeLessThan(0.82);
    for (const other of ['kent', 'essex', 'west-mercia']) {
      expect(ratio(other)).toBeGreaterThan(0.88);
      expect(ratio(other)).toBeLessThan(1.15);
    }
  });

  it('reclassification: the 8N share of 8N + 105A falls by about a fifth while their total holds', () => {
    const reclass = label('reclassification');
    expect(reclass.related_offence_code).toBe('105A');
    const withInjury = cells(reclass.force_code, '8N');
    const without = cells(reclass.force_code, '105A');
    const inWindow = (r: MonthlyReturnRow) => reclass.months.includes(r.month);
    const shareIn =
      sum(withInjury.filter(inWindow)) / (sum(withInjury.filter(inWindow)) + sum(without.filter(inWindow)));
    const before = (r: MonthlyReturnRow) => !inWindow(r);
    const shareBefore =
      sum(withInjury.filter(before)) / (sum(withInjury.filter(before)) + sum(without.filter(before)));
    expect(shareIn / shareBefore).toBeGreaterThan(0.74);
    expect(shareIn / shareBefore).toBeLessThan(0.86);
  });

  it('no-crime spike: cancellations run near three times the usual rate in the labelled months', () => {
    const spike = label('no_crime_spike');
    const all = cells(spike.force_code);
    const rate = (xs: MonthlyReturnRow[]) => sum(xs, 'cancelled') / sum(xs);
    const during = rate(all.filter((r) => spike.months.includes(r.month)));
    const otherwise = rate(all.filter((r) => !spike.months.includes(r.month)));
    expect(during / otherwise).toBeGreaterThan(2.6);
    expect(during / otherwise).toBeLessThan(3.4);
  });
});
