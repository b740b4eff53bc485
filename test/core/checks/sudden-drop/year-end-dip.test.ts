import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SUDDEN_DROP_CONFIG } from '#core/checks/sudden-drop/config.ts';
import { PERIOD_END_DIP_CHECK_ID } from '#core/checks/sudden-drop/period-end-dip.ts';
import { YEAR_END_DIP_CHECK_ID, yearEndDipDrafts } from '#core/checks/sudden-drop/year-end-dip.ts';
import type { Finding } from '#core/model/findings.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { cleanReturns } from './clean-returns.ts';
import { audit, auditInput, parseEvidence } from './helpers.ts';

const VAP = 'Violence against the person';
const THEFT = 'Theft offences';
const SEXUAL = 'Sexual offences';

/** Cut a force's group by `factor` in the given months; `deferTo` receives the removed crimes. */
function dip(
  rows: ReturnRow[],
  o: { force: string; group: string; months: readonly string[]; factor: number; deferTo?: string },
): ReturnRow[] {
  const removed = new Map<string, number>();
  const cut = rows.map((r) => {
    if (r.force_code !== o.force || r.offence_group !== o.group || !o.months.includes(r.period_start))
      return r;
    const kept = Math.round(r.recorded! * o.factor);
    removed.set(r.offence_code!, (removed.get(r.offence_code!) ?? 0) + r.recorded! - kept);
    return { ...r, recorded: kept };
  });
  if (!o.deferTo) return cut;
  return cut.map((r) =>
    r.force_code === o.force && r.offence_group === o.group && r.period_start === o.deferTo
      ? { ...r, recorded: r.recorded! + (removed.get(r.offence_code!) ?? 0) }
      : r,
  );
}

const Q4_2023 = ['2023-01', '2023-02', '2023-03'];
const Q4_2018 = ['2018-01', '2018-02', '2018-03'];

describe('sudden_drop.year_end_dip', () => {
  let findings: Finding[];
  let rows: ReturnRow[];
  beforeAll(() => {
    const g = cleanReturns({
      seed: 51,
      start: '2014-04',
      months: 120,
      maxCodes: 70,
      // A lasting fall from January 2019: a level shift, not a year-end dip.
      injections: [{ force: 'essex', groups: [THEFT], from: '2019-01', factor: 0.7 }],
    });
    rows = g.rows;
    rows = dip(rows, { force: 'derbyshire', group: VAP, months: Q4_2023, factor: 0.7 });
    rows = dip(rows, { force: 'kent', group: THEFT, months: Q4_2018, factor: 0.75, deferTo: '2018-04' });
    rows = dip(rows, { force: 'lancashire', group: SEXUAL, months: Q4_2023, factor: 0.6 });
    findings = audit(rows).filter((f) => f.check_id === YEAR_END_DIP_CHECK_ID);
  });

  const reported = (force: string) => findings.filter((f) => f.force_code === force && f.severity !== 'info');

  it('finds each planted one-off dip once, in its own financial year, and nothing in clean forces', () => {
    const got = findings
      .filter((f) => f.severity !== 'info')
      .map((f) => `${f.force_code}|${f.period_start.slice(0, 4)}`)
      .sort();
    const planted = ['derbyshire|2023', 'kent|2018', 'lancashire|2023'];
    expect(got.filter((k) => planted.includes(k))).toEqual(planted);
    // Clean forces: 44 forces × 9 years here; the calibration test measures the rate properly.
    expect(
      got.filter((k) => !planted.some((p) => p.split('|')[0] === k.split('|')[0])).length,
    ).toBeLessThanOrEqual(2);
    const d = reported('derbyshire')[0]!;
    expect(d.period_end).toBe('2023-03');
    expect(['2023-01', '2023-03']).toContain(d.period_start);
    expect(d.offence_group === VAP || d.offence_group === null).toBe(true);
    expect(d.summary).toMatch(/requires explanation/);
    expect(d.summary).toMatch(/2022\/23/);
  });

  it('reports the dip at the coarsest level and lists the finer series it includes', () => {
    const d = reported('derbyshire')[0]!;
    const ev = parseEvidence(d) as {
      covers: Array<{ offence_group: string | null; offence_code: string | null }>;
    };
    // Violence's codes dipped with it: they are in its evidence, not findings of their own.
    expect(ev.covers.length).toBeGreaterThan(0);
    const covered = findings.filter(
      (f) => f.force_code === 'derbyshire' && f.severity === 'info' && f.offence_code,
    );
    expect(covered.every((f) => f.summary.includes('one event') || !f.summary.includes('2022/23'))).toBe(
      true,
    );
  });

  it('reports a total that dipped because violence dipped inside the violence finding, once', () => {
    const d = reported('derbyshire');
    expect(d).toHaveLength(1);
    expect(d[0]!.offence_group).toBe(VAP);
    const ev = parseEvidence(d[0]!) as { explains: Array<{ level: string; relative_dip: number }> };
    expect(ev.explains.map((e) => e.level)).toEqual(['total']);
    expect(d[0]!.summary).toMatch(
      /dip in total recorded crime.* is part of the same event and is reported here/i,
    );
    // The total's draft stays a test (BH counts it) but is not material.
    const drafts = yearEndDipDrafts(auditInput(rows, ['derbyshire']), DEFAULT_SUDDEN_DROP_CONFIG);
    const total = drafts.find((f) => f.offence_group === null)!;
    expect(total.material).toBe(false);
    expect(total.severity).toBe('info');
    // The finer dip is named under its own key; `explained_by` is the engine's fold across checks.
    expect(total.evidence.explained_by_finer).toMatchObject({ level: 'group', offence_group: VAP });
    expect(total.evidence.explained_by).toBeUndefined();
    expect(total.summary).toMatch(
      /reported with the dip in recorded "Violence against the person", one event/i,
    );
  });

  it('puts deferral into April in the evidence: how many of the missing crimes reappeared', () => {
    const k = reported('kent')[0]!;
    const ev = parseEvidence(k) as {
      deferral: { reappeared: number; share_of_missing: number; indicated: boolean };
      crimes_missing: number;
    };
    expect(ev.deferral.indicated).toBe(true);
    expect(ev.deferral.share_of_missing).toBeGreaterThan(0.5);
    expect(k.summary).toMatch(/next financial year/);
  });

  it('names the target whose assessment window the dip meets, and a proactive-recording fall as outside it', () => {
    const d = reported('derbyshire')[0]!;
    expect(d.near_target).toBe(true);
    const dv = parseEvidence(d) as { near_targets: Array<{ id: string; relation: string }> };
    expect(dv.near_targets.map((t) => t.relation)).toEqual(['covered']);
    const l = reported('lancashire')[0]!;
    expect(l.offence_group).toBe(SEXUAL);
    expect(l.near_target).toBe(true);
    const lv = parseEvidence(l) as { near_targets: Array<{ id: string; relation: string }> };
    expect(lv.near_targets).toEqual([
      expect.objectContaining({
        id: DEFAULT_SUDDEN_DROP_CONFIG.targets[0]!.id,
        relation: 'outside the target',
      }),
    ]);
    expect(l.summary).toContain(
      `during the assessment window of ${DEFAULT_SUDDEN_DROP_CONFIG.targets[0]!.id}, outside the target`,
    );
    // Kent's 2018 dip is years before the window.
    expect(reported('kent')[0]!.near_target).toBe(false);
  });

  it('leaves a fall that persists past April to the level-shift check', () => {
    const essex = findings.filter((f) => f.force_code === 'essex' && f.period_start.startsWith('2019'));
    expect(essex.filter((f) => f.severity !== 'info')).toEqual([]);
    const drafts = yearEndDipDrafts(auditInput(rows, ['essex']), DEFAULT_SUDDEN_DROP_CONFIG);
    const theft = drafts.find((x) => x.offence_group === THEFT && x.offence_code === null)!;
    const ev = theft.evidence as unknown as {
      financial_year: string;
      recovery: { persists: boolean | null };
    };
    if (ev.financial_year === '2018/19') expect(ev.recovery.persists).toBe(true);
    expect(theft.material && ev.financial_year === '2018/19').toBe(false);
  });

  it('does not report the one-off dips again as recurring March dips', () => {
    const all = audit(rows).filter((f) => f.check_id === PERIOD_END_DIP_CHECK_ID && f.severity !== 'info');
    expect(all).toEqual([]);
  });

  it('gives the inputs to recompute the window z and p', () => {
    for (const f of findings.filter((x) => x.severity !== 'info')) {
      const ev = parseEvidence(f) as {
        statistic_inputs: {
          delta: number;
          variance_delta: number;
          centre_median_delta: number;
          tau2: number;
          z: number;
          p_window: number;
          tests: number;
          p_sidak: number;
        };
      };
      const s = ev.statistic_inputs;
      // The chart's excerpt: the year from April, its window's counts are the observed figure.
      const series = (
        parseEvidence(f) as { series: Array<{ period: string; value: number; expected?: number }> }
      ).series;
      const inWindow = series.filter((x) => x.period >= f.period_start && x.period <= f.period_end);
      expect(inWindow.reduce((a, x) => a + x.value, 0)).toBe(f.observed);
      expect(inWindow.every((x) => x.expected !== undefined)).toBe(true);
      const z = (s.delta - s.centre_median_delta) / Math.sqrt(s.variance_delta + s.tau2);
      expect(z).toBeCloseTo(s.z, 3);
      expect(1 - (1 - s.p_window) ** s.tests).toBeCloseTo(s.p_sidak, 10);
      expect(f.p_value).toBe(s.p_sidak);
    }
  });
});
