import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SUDDEN_DROP_CONFIG } from '#core/checks/sudden-drop/config.ts';
import { PERIOD_END_DIP_CHECK_ID, periodEndDipDrafts } from '#core/checks/sudden-drop/period-end-dip.ts';
import type { Finding } from '#core/model/findings.ts';
import { addMonths } from '#core/series/months.ts';
import { normalCdf } from '#core/stats/distributions.ts';
import { cleanReturns } from './clean-returns.ts';
import { audit, auditInput, parseEvidence } from './helpers.ts';

const VAP = 'Violence against the person';
const THEFT = 'Theft offences';

describe('sudden_drop.period_end_dip', () => {
  let dips: Finding[];
  beforeAll(() => {
    const g = cleanReturns({
      seed: 41,
      start: '2014-04',
      months: 120,
      maxCodes: 40,
      injections: [
        // Every March 15% of violence goes unrecorded.
        { force: 'derbyshire', groups: [VAP], from: '2014-04', calendarMonths: [3], factor: 0.85 },
        // Every March 15% of theft is recorded in April instead.
        {
          force: 'kent',
          groups: [THEFT],
          from: '2014-04',
          calendarMonths: [3],
          factor: 0.85,
          deferredShare: 1,
        },
      ],
    });
    dips = audit(g.rows).filter((f) => f.check_id === PERIOD_END_DIP_CHECK_ID);
  });

  it('finds the March dips that were planted, and elsewhere no more than its error budget, all low', () => {
    const keys = dips.map((f) => `${f.force_code}|${f.offence_group}`);
    expect(keys).toContain(`derbyshire|${VAP}`);
    expect(keys).toContain(`kent|${THEFT}`);
    // 440 clean force-years at 0.005 false flags a force-year, shared by three sudden-drop checks:
    // about 0.7 expected from this check; more than 4 would mean its p-values undercut the uniform.
    const others = dips.filter((f) => !['derbyshire', 'kent'].includes(f.force_code));
    expect(others.length).toBeLessThanOrEqual(4);
    for (const f of others) expect(f.severity).toBe('low');
    const d = dips.find((f) => f.force_code === 'derbyshire')!;
    expect(d.effect_size!).toBeLessThan(Math.log(0.9));
    expect(d.effect_size!).toBeGreaterThan(Math.log(0.78));
    expect(d.summary).toMatch(/requires explanation/);
  });

  it('notes deferral when March crimes reappear in April, and not when they vanish', () => {
    const kent = parseEvidence(dips.find((f) => f.force_code === 'kent')!) as {
      deferral: { indicated: boolean; share_deferred_estimate: number };
    };
    expect(kent.deferral.indicated).toBe(true);
    expect(kent.deferral.share_deferred_estimate).toBeGreaterThan(0.5);
    expect(dips.find((f) => f.force_code === 'kent')!.summary).toMatch(/next financial year/);
    const derby = parseEvidence(dips.find((f) => f.force_code === 'derbyshire')!) as {
      deferral: { indicated: boolean };
    };
    expect(derby.deferral.indicated).toBe(false);
  });

  it('leaves COVID-19 Marches out and gives the inputs to recompute z and p', () => {
    const f = dips.find((x) => x.force_code === 'derbyshire')!;
    const ev = parseEvidence(f) as {
      statistic_inputs: {
        years: Array<{ march: string; d: number; variance: number }>;
        D: number;
        variance_D: number;
        centre_median_D: number;
        tau2: number;
        z: number;
      };
    };
    const left = (ev.statistic_inputs as unknown as { left_out_year: { march: string; d: number } })
      .left_out_year;
    const marches = [...ev.statistic_inputs.years.map((y) => y.march), left.march].sort();
    expect(marches).not.toContain('2020-03');
    expect(marches).not.toContain('2021-03');
    expect(marches).toEqual(['2015-03', '2016-03', '2017-03', '2018-03', '2019-03', '2022-03', '2023-03']);
    // Rule 1.1.0: the year with the lowest contrast is left out of the average.
    expect(ev.statistic_inputs.years.every((y) => y.d >= left.d)).toBe(true);
    expect(ev.statistic_inputs.years).toHaveLength(6);
    const k = ev.statistic_inputs.years.length;
    const D = ev.statistic_inputs.years.reduce((s, y) => s + y.d, 0) / k;
    expect(D).toBeCloseTo(ev.statistic_inputs.D, 5);
    const v = ev.statistic_inputs.years.reduce((s, y) => s + y.variance, 0) / (k * k);
    expect(v).toBeCloseTo(ev.statistic_inputs.variance_D, 8);
    const z = (D - ev.statistic_inputs.centre_median_D) / Math.sqrt(v + ev.statistic_inputs.tau2);
    expect(z).toBeCloseTo(ev.statistic_inputs.z, 3);
    expect(normalCdf(ev.statistic_inputs.z)).toBeCloseTo(f.p_value!, 6);
    expect(f.period_start).toBe('2015-02');
    expect(f.period_end).toBe('2023-04');
  });

  it('covers exactly the February–April months of the years in evidence, whose Marches are the observed figure', () => {
    for (const f of dips) {
      const ev = parseEvidence(f) as {
        statistic_inputs: { years: Array<{ march: string; counts: { mar: number } }> };
        series: Array<{ period: string }>;
      };
      const years = ev.statistic_inputs.years;
      expect(f.period_start).toBe(addMonths(years[0]!.march, -1));
      expect(f.period_end).toBe(addMonths(years[years.length - 1]!.march, 1));
      expect(f.observed).toBe(years.reduce((s, y) => s + y.counts.mar, 0));
      expect(f.summary).toContain(`(${years.length} years,`);
      for (const p of ev.series) {
        expect(p.period >= f.period_start && p.period <= f.period_end).toBe(true);
      }
    }
  });

  it('does not turn a dip in one March into a recurring finding (that is year_end_dip)', () => {
    const g = cleanReturns({
      seed: 43,
      start: '2016-04',
      months: 48,
      maxCodes: 30,
      injections: [{ force: 'derbyshire', groups: [VAP], from: '2019-03', calendarMonths: [3], factor: 0.6 }],
    });
    // Marches 2017–2019 are tested (March 2020 is COVID-19 and the data end there): only 2019's is cut.
    const drafts = periodEndDipDrafts(auditInput(g.rows, ['derbyshire']), DEFAULT_SUDDEN_DROP_CONFIG);
    const vap = drafts.find((d) => d.offence_group === VAP)!;
    const ev = vap.evidence as unknown as { statistic_inputs: { left_out_year: { march: string } } };
    expect(ev.statistic_inputs.left_out_year.march).toBe('2019-03');
    expect(vap.material).toBe(false);
  });

  it('emits one draft per force and offence group, and none for quarterly returns', () => {
    const g = cleanReturns({ seed: 42, start: '2018-04', months: 60, maxCodes: 20 });
    const drafts = periodEndDipDrafts(auditInput(g.rows, ['derbyshire', 'kent']), DEFAULT_SUDDEN_DROP_CONFIG);
    const keys = drafts.map((d) => `${d.force_code}|${d.offence_group}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(drafts.map((d) => d.force_code))).toEqual(new Set(['derbyshire', 'kent']));
    expect(drafts.every((d) => d.p_value !== null && d.offence_code === null)).toBe(true);
    const quarterly = g.rows.map((r) => ({ ...r, grain: 'quarter' as const }));
    expect(periodEndDipDrafts(auditInput(quarterly), DEFAULT_SUDDEN_DROP_CONFIG)).toEqual([]);
  });
});
