/**
 * A level shift's period agrees with its evidence (rule 1.3.0): period_start..period_end is the DiD's
 * post window, the one observed, expected, the test and the summary's months cover; how long the
 * lower level lasted is in evidence.lower_level and the summary, not in the period.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckDraft } from '#core/checks/check.ts';
import { DEFAULT_SUDDEN_DROP_CONFIG } from '#core/checks/sudden-drop/config.ts';
import {
  LEVEL_SHIFT_CHECK_ID,
  LEVEL_SHIFT_RULE_VERSION,
  levelShiftDrafts,
} from '#core/checks/sudden-drop/level-shift.ts';
import { addMonths, monthsBetween } from '#core/series/months.ts';
import { type Grain, spanLabel } from '#core/series/periods.ts';
import { cleanReturns } from './clean-returns.ts';
import { audit, auditInput, loadExampleReturns, parseEvidence } from './helpers.ts';

const VAP = 'Violence against the person';
const base = { start: '2016-04', months: 96, maxCodes: 40 } as const;

interface LevelShiftEvidence {
  parameters: { grain: Grain };
  did: {
    post_window: { start: string; end: string };
    inputs: { focal_post: number; post_periods: number };
  };
  lower_level: { start: string; end: string; usable_periods: number; runs_to_end_of_data: boolean };
}

/** The period, the figures and the summary's months describe the same window. */
function expectPeriodMatchesEvidence(
  f: Pick<CheckDraft, 'period_start' | 'period_end' | 'observed' | 'summary'>,
  ev: LevelShiftEvidence,
): void {
  const grain = ev.parameters.grain;
  const len = grain === 'quarter' ? 3 : 1;
  expect(f.period_start).toBe(ev.did.post_window.start);
  expect(f.period_end).toBe(ev.did.post_window.end);
  expect(f.observed).toBe(ev.did.inputs.focal_post);
  const lastPeriod = addMonths(f.period_end, 1 - len);
  const windowPeriods = (monthsBetween(f.period_start, f.period_end) + 1) / len;
  const leftOut = windowPeriods - ev.did.inputs.post_periods;
  expect(leftOut).toBeGreaterThanOrEqual(0);
  const span = spanLabel(f.period_start, lastPeriod, grain);
  expect(f.summary).toContain(
    leftOut > 0
      ? `expected from its own trend against its peers, ${span} without the ${leftOut} ${grain}${leftOut === 1 ? '' : 's'} left out`
      : `expected from its own trend against its peers, ${span})`,
  );
  // The lower level starts with the period and lasts at least as long as it.
  expect(ev.lower_level.start).toBe(f.period_start);
  expect(ev.lower_level.end >= f.period_end).toBe(true);
}

describe('sudden_drop.level_shift period against evidence', () => {
  it('has its own rule version', () => {
    expect(LEVEL_SHIFT_RULE_VERSION).toBe('2.2.0');
  });

  describe('on the example returns', () => {
    let findings: Awaited<ReturnType<typeof audit>>;
    beforeAll(async () => {
      findings = audit(await loadExampleReturns()).filter((f) => f.check_id === LEVEL_SHIFT_CHECK_ID);
    });

    it('ends every finding period with the last month of its observed window', () => {
      expect(findings.length).toBeGreaterThan(0);
      for (const f of findings)
        expectPeriodMatchesEvidence(f, parseEvidence(f) as unknown as LevelShiftEvidence);
    });

    it("gives Northamptonshire's violence drop the 12 months after it and keeps the lower level to the data's end", () => {
      const f = findings.find(
        (x) => x.force_code === 'northamptonshire' && x.offence_group === VAP && x.offence_code === null,
      )!;
      const ev = parseEvidence(f) as unknown as LevelShiftEvidence;
      expect(monthsBetween(f.period_start, f.period_end)).toBe(11);
      expect(ev.did.inputs.post_periods).toBe(12);
      expect(ev.lower_level).toMatchObject({ end: '2024-03', runs_to_end_of_data: true });
      expect(f.summary).toContain(`${f.period_start} to ${f.period_end})`);
      expect(f.summary).toMatch(/the lower level continues to the end of the data \(2024-03\)/);
    });
  });

  describe('on generated returns', () => {
    const draftsFor = (
      seed: number,
      injections: Parameters<typeof cleanReturns>[0]['injections'],
      forces: readonly string[] | null = ['derbyshire'],
    ) =>
      levelShiftDrafts(
        auditInput(cleanReturns({ ...base, seed, injections }).rows, forces ?? undefined),
        DEFAULT_SUDDEN_DROP_CONFIG,
      ).filter((d) => d.evidence.did !== undefined);

    it('holds for every tested shift of every force, reported or not', () => {
      const drafts = draftsFor(
        15,
        [{ force: 'derbyshire', groups: [VAP], from: '2022-04', factor: 0.8 }],
        null,
      );
      expect(drafts.length).toBeGreaterThan(20);
      for (const d of drafts) expectPeriodMatchesEvidence(d, d.evidence as unknown as LevelShiftEvidence);
    });

    it('says which months a window across the COVID-19 gap leaves out', () => {
      const drafts = draftsFor(17, [{ force: 'derbyshire', groups: [VAP], from: '2019-10', factor: 0.75 }]);
      const d = drafts.find(
        (x) =>
          x.offence_group === VAP &&
          x.offence_code === null &&
          Math.abs(monthsBetween('2019-10', x.period_start)) <= 1,
      )!;
      expect(d).toBeDefined();
      const ev = d.evidence as unknown as LevelShiftEvidence;
      expectPeriodMatchesEvidence(d, ev);
      expect(ev.did.inputs.post_periods).toBe(12);
      // Twelve usable months, the excluded shock months in between.
      expect(monthsBetween(d.period_start, d.period_end) + 1).toBeGreaterThan(12);
      expect(d.summary).toMatch(/without the \d+ months left out as a national shock or missing/);
      expect(ev.lower_level.runs_to_end_of_data).toBe(true);
    });

    it('records when a lower level that outlasts the window came to an end', () => {
      const drafts = draftsFor(18, [
        { force: 'derbyshire', groups: [VAP], from: '2021-10', factor: 0.75 },
        { force: 'derbyshire', groups: [VAP], from: '2023-04', factor: 1 / 0.75 },
      ]);
      const d = drafts.find(
        (x) =>
          x.offence_group === VAP &&
          x.offence_code === null &&
          Math.abs(monthsBetween('2021-10', x.period_start)) <= 1,
      )!;
      expect(d).toBeDefined();
      const ev = d.evidence as unknown as LevelShiftEvidence;
      expectPeriodMatchesEvidence(d, ev);
      expect(monthsBetween(d.period_start, d.period_end)).toBe(11);
      expect(ev.lower_level.runs_to_end_of_data).toBe(false);
      expect(Math.abs(monthsBetween('2023-03', ev.lower_level.end))).toBeLessThanOrEqual(1);
      expect(d.summary).toContain(`the lower level lasted until ${ev.lower_level.end}`);
    });
  });
});
