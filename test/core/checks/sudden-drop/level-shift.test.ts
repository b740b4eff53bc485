import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SUDDEN_DROP_CONFIG } from '#core/checks/sudden-drop/config.ts';
import { LEVEL_SHIFT_CHECK_ID, levelShiftDrafts } from '#core/checks/sudden-drop/level-shift.ts';
import { builtInBreakOf } from '#core/detection/built-in-annotations.ts';
import type { Finding } from '#core/model/findings.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { addMonths, calendarMonth, monthsBetween } from '#core/series/months.ts';
import { brokenTrend } from '#core/stats/broken-trend.ts';
import { normalCdf } from '#core/stats/distributions.ts';
import { cleanReturns } from './clean-returns.ts';
import { audit, auditInput, loadExampleReturns, parseEvidence } from './helpers.ts';

const VAP = 'Violence against the person';
const levelShifts = (fs: Finding[]) => fs.filter((f) => f.check_id === LEVEL_SHIFT_CHECK_ID);

/** Monthly code rows summed to quarterly offence-group rows, as the Home Office group table holds them. */
function toQuarterlyGroups(rows: readonly ReturnRow[]): ReturnRow[] {
  const cells = new Map<string, ReturnRow>();
  for (const r of rows) {
    const back = (calendarMonth(r.period_start) - 1) % 3; // Jan/Apr/Jul/Oct start a quarter
    const start = addMonths(r.period_start, -back);
    const key = `${r.force_code}|${start}|${r.offence_group}`;
    const cell = cells.get(key);
    if (cell) cell.recorded += r.recorded;
    else
      cells.set(key, {
        ...r,
        period_start: start,
        period_end: addMonths(start, 2),
        grain: 'quarter',
        level: 'group',
        offence_code: null,
        offence_subgroup: null,
        source_format: 'home_office_pfa_group',
      });
  }
  return [...cells.values()];
}

describe('sudden_drop.level_shift on the example returns', () => {
  let findings: Finding[];
  beforeAll(async () => {
    findings = levelShifts(audit(await loadExampleReturns()));
  });

  it("flags Northamptonshire's violence drop (every violence code −25% from 2022-04) at 2022-04 ± 1 month", () => {
    const hits = findings.filter(
      (f) => f.force_code === 'northamptonshire' && f.offence_group === VAP && f.offence_code === null,
    );
    expect(hits).toHaveLength(1);
    const f = hits[0]!;
    expect(Math.abs(monthsBetween('2022-04', f.period_start))).toBeLessThanOrEqual(1);
    expect(f.effect_size!).toBeLessThan(Math.log(0.85));
    expect(f.q_value!).toBeLessThanOrEqual(0.05);
    expect(f.severity).toBe('high');
    // 2022-04 onwards runs into the illustrative target's 2023/24 assessment window.
    expect(f.near_target).toBe(true);
    expect(f.summary).toMatch(/requires explanation/);
    expect(f.summary).toMatch(/illustrative-20pc/);
    expect(f.summary).not.toMatch(/manipulat|fiddl|fraudulent|cheat|gaming/i);
  });

  it('gives evidence from which the statistic can be recomputed', () => {
    const f = findings.find((x) => x.force_code === 'northamptonshire' && x.offence_group === VAP)!;
    const ev = parseEvidence(f) as {
      did: {
        inputs: {
          focal_pre: number;
          focal_post: number;
          peer_pre: number;
          peer_post: number;
          dispersion_phi: number;
        };
        log_rate_ratio: number;
        se: number;
        calibration: {
          tau2: number;
          centre_median_placebo: number;
          z: number;
          p_one_sided: number;
          placebos: unknown[];
        };
        post_window: { start: string; end: string };
        broken_trend: {
          pre_window: { start: string; end: string };
          baseline: string;
          step: number;
          se: number;
          working_ratio: number;
          calibration: { tau2: number; centre_median_placebo: number; z: number };
          p_point: number;
          expected: number;
        };
      };
      scan: { candidates: number };
      excluded_periods: string[];
      peer_series: Array<{ period: string; value: number | null }>;
      formula: string;
      peers: string[];
      series: Array<{ period: string; value: number | null; expected?: number | null }>;
      changepoints: { dispersion_phi: number; penalty_beta: number };
    };
    const { inputs, calibration } = ev.did;
    // The level DiD beside the test: recomputable from its four totals.
    const lnRR =
      Math.log(inputs.focal_post / inputs.focal_pre) - Math.log(inputs.peer_post / inputs.peer_pre);
    expect(lnRR).toBeCloseTo(ev.did.log_rate_ratio, 5);
    const se = Math.sqrt(
      inputs.dispersion_phi *
        (1 / inputs.focal_pre + 1 / inputs.focal_post + 1 / inputs.peer_pre + 1 / inputs.peer_post),
    );
    expect(se).toBeCloseTo(ev.did.se, 5);
    const z = (lnRR - calibration.centre_median_placebo) / Math.sqrt(se * se + calibration.tau2);
    expect(z).toBeCloseTo(calibration.z, 3);
    expect(f.observed).toBe(inputs.focal_post);
    // The tested broken-trend step: refitted from the series excerpt, φ̂ and the working ratio.
    const bt = ev.did.broken_trend;
    const peer = new Map(ev.peer_series.map((p) => [p.period, p.value]));
    const t: number[] = [];
    const r: number[] = [];
    const v: number[] = [];
    const post: boolean[] = [];
    ev.series.forEach((s, k) => {
      const e = peer.get(s.period);
      const inPre = s.period >= bt.pre_window.start && s.period <= bt.pre_window.end;
      const inPost = s.period >= ev.did.post_window.start && s.period <= ev.did.post_window.end;
      const left = ev.excluded_periods.includes(s.period);
      if (s.value === null || e === null || e === undefined || left || !(inPre || inPost)) return;
      t.push(k);
      r.push(Math.log((s.value + 0.5) / (e + 0.5)));
      v.push(inputs.dispersion_phi * (1 / Math.max(bt.working_ratio * e, 0.5) + 1 / e));
      post.push(inPost);
    });
    const fit = brokenTrend({ t, r, v, post, slope: bt.baseline === 'local_trend' });
    expect(fit.step).toBeCloseTo(bt.step, 3);
    expect(fit.step).toBeCloseTo(f.effect_size!, 3);
    expect(fit.se).toBeCloseTo(bt.se, 3);
    const zt =
      (fit.step - bt.calibration.centre_median_placebo) / Math.sqrt(fit.se ** 2 + bt.calibration.tau2);
    expect(zt).toBeCloseTo(bt.calibration.z, 2);
    expect(normalCdf(bt.calibration.z)).toBeCloseTo(bt.p_point, 6);
    // The reported p bounds p_point over the scan's candidate changes: never below it, nor above Bonferroni.
    expect(f.p_value!).toBeGreaterThanOrEqual(bt.p_point);
    expect(f.p_value!).toBeLessThanOrEqual(Math.min(1, ev.scan.candidates * bt.p_point) + 1e-300);
    expect(f.expected!).toBeCloseTo(bt.expected, 0);
    expect(ev.formula).toMatch(/δ/);
    expect(ev.peers.length).toBeGreaterThanOrEqual(3);
    expect(ev.peers).not.toContain('northamptonshire');
    expect(calibration.placebos.length).toBeGreaterThan(30);
    expect(ev.series.some((s) => s.period === f.period_start)).toBe(true);
  });

  it('does not flag the example forces that had nothing planted in their violence series', () => {
    const others = findings.filter(
      (f) => f.offence_group === VAP && f.offence_code === null && f.force_code !== 'northamptonshire',
    );
    expect(others.length).toBeLessThanOrEqual(2);
  });
});

describe('sudden_drop.level_shift on generated returns', () => {
  const base = { start: '2016-04', months: 96, maxCodes: 40 } as const;

  it('does not flag a national drop that every force shares', () => {
    const g = cleanReturns({ ...base, seed: 11, nationalStep: { from: '2022-04', factor: 0.8 } });
    const near = levelShifts(audit(g.rows)).filter(
      (f) => Math.abs(monthsBetween('2022-04', f.period_start)) <= 2,
    );
    expect(near).toEqual([]);
  });

  it('finds a force-level drop at the same place when only that force falls', () => {
    const g = cleanReturns({
      ...base,
      seed: 11,
      injections: [{ force: 'derbyshire', from: '2022-04', factor: 0.8 }],
    });
    const hits = levelShifts(audit(g.rows)).filter(
      (f) => f.force_code === 'derbyshire' && Math.abs(monthsBetween('2022-04', f.period_start)) <= 1,
    );
    expect(hits.some((f) => f.offence_group === null && f.offence_code === null)).toBe(true);
  });

  it('reports a drop that coincides with a records-system migration, citing it, one severity band lower', () => {
    const g = cleanReturns({
      ...base,
      seed: 12,
      injections: [{ force: 'greater-manchester', groups: [VAP], from: '2019-07', factor: 0.75 }],
    });
    const pick = (fs: Finding[]) =>
      levelShifts(fs).find(
        (f) =>
          f.force_code === 'greater-manchester' &&
          f.offence_group === VAP &&
          f.offence_code === null &&
          Math.abs(monthsBetween('2019-07', f.period_start)) <= 1,
      );
    const withBreak = pick(audit(g.rows));
    const withoutBreak = pick(audit(g.rows, DEFAULT_SUDDEN_DROP_CONFIG, undefined, []));
    expect(withBreak).toBeDefined();
    expect(withoutBreak).toBeDefined();
    expect(withoutBreak!.severity).toBe('high');
    expect(withBreak!.severity).toBe('medium');
    const ev = parseEvidence(withBreak!) as { known_breaks: Array<{ id: string }>; annotations: string[] };
    expect(ev.known_breaks.map((b) => b.id)).toContain('gmp-iops-2019');
    expect(ev.annotations.map((id) => builtInBreakOf(id)?.id)).toContain('gmp-iops-2019');
    expect(withBreak!.summary).toMatch(/gmp-iops-2019/);
  });

  it('does not report a return to the usual level after a temporary rise', () => {
    const g = cleanReturns({
      ...base,
      seed: 13,
      injections: [
        { force: 'derbyshire', groups: [VAP], from: '2022-07', factor: 1.3 },
        { force: 'derbyshire', groups: [VAP], from: '2023-01', factor: 1 / 1.3 },
      ],
    });
    const drops = levelShifts(audit(g.rows)).filter(
      (f) => f.force_code === 'derbyshire' && f.period_start >= '2022-11' && f.period_start <= '2023-03',
    );
    expect(drops).toEqual([]);
  });

  it('runs on quarterly offence-group returns and places the drop in its quarter', () => {
    const g = cleanReturns({
      ...base,
      seed: 14,
      injections: [{ force: 'derbyshire', groups: [VAP], from: '2022-04', factor: 0.8 }],
    });
    const quarterly = toQuarterlyGroups(g.rows);
    const hits = levelShifts(audit(quarterly)).filter(
      (f) => f.force_code === 'derbyshire' && f.offence_group === VAP,
    );
    expect(hits.map((f) => f.period_start)).toContain('2022-04');
    const f = hits.find((x) => x.period_start === '2022-04')!;
    expect(f.summary).toMatch(/2022\/23 Q1/);
    // The period is the four quarters the figures cover, not the rest of the data.
    expect(f.period_end).toBe('2023-03');
    expect(f.summary).toContain('expected from its own trend against its peers, 2022/23 Q1 to 2022/23 Q4)');
    const ev = parseEvidence(f) as { did: { post_window: { end: string } }; lower_level: { end: string } };
    expect(ev.did.post_window.end).toBe(f.period_end);
    expect(ev.lower_level.end).toBe('2024-03');
  });

  it('emits one p = 1, not material, draft for a series without any downward shift, and tests each shift once', () => {
    const g = cleanReturns({ ...base, seed: 15, forces: undefined });
    const drafts = levelShiftDrafts(auditInput(g.rows, ['derbyshire']), DEFAULT_SUDDEN_DROP_CONFIG);
    expect(drafts.length).toBeGreaterThan(0);
    expect(drafts.every((d) => d.force_code === 'derbyshire')).toBe(true);
    for (const d of drafts) {
      expect(d.p_value).not.toBeNull();
      if (d.discriminator === 'no_downward_shift') {
        expect(d.p_value).toBe(1);
        expect(d.material).toBe(false);
      }
    }
    const keys = drafts.map((d) => `${d.offence_group}|${d.offence_code}|${d.period_start}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('does nothing for a force without peers (a single-force upload cannot be compared)', () => {
    const g = cleanReturns({ ...base, seed: 16, forces: ['derbyshire'] });
    expect(levelShiftDrafts(auditInput(g.rows), DEFAULT_SUDDEN_DROP_CONFIG)).toEqual([]);
  });
});
