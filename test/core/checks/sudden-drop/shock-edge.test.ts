/**
 * A drop that comes within a year of the end of an excluded national shock (COVID-19, to June 2021).
 * The segment between the shock's end and the drop is short because the mask cut it, not because the
 * level rose for a while; it must not trigger the temporary-rise (intersection–union) comparison with
 * the level before the shock, years earlier (rule 1.2.0, config `shockEdgeIsNotTemporary`).
 */
import { describe, expect, it } from 'vitest';
import type { CheckDraft } from '#core/checks/check.ts';
import { DEFAULT_SUDDEN_DROP_CONFIG, suddenDropConfig } from '#core/checks/sudden-drop/config.ts';
import { levelShiftDrafts } from '#core/checks/sudden-drop/level-shift.ts';
import { monthsBetween } from '#core/series/months.ts';
import { cleanReturns } from './clean-returns.ts';
import { auditInput } from './helpers.ts';

const THEFT = 'Theft offences';

describe('level shift just after an excluded national shock', () => {
  const g = cleanReturns({
    start: '2016-04',
    months: 96,
    maxCodes: 40,
    seed: 31,
    injections: [
      // The force comes out of the shock 20% above its old level, then falls 25% from March 2022.
      { force: 'derbyshire', groups: [THEFT], from: '2021-07', factor: 1.2 },
      { force: 'derbyshire', groups: [THEFT], from: '2022-03', factor: 0.75 },
    ],
  });
  const input = auditInput(g.rows);
  const drop = (drafts: CheckDraft[]) =>
    drafts.find(
      (d) =>
        d.force_code === 'derbyshire' &&
        d.offence_group === THEFT &&
        d.offence_code === null &&
        Math.abs(monthsBetween('2022-03', d.period_start)) <= 1,
    );
  const withRule = drop(levelShiftDrafts(input, DEFAULT_SUDDEN_DROP_CONFIG));
  const without = drop(
    levelShiftDrafts(input, suddenDropConfig({ levelShift: { shockEdgeIsNotTemporary: false } })),
  );

  it('tests the drop against the post-shock level alone', () => {
    expect(withRule).toBeDefined();
    expect(withRule!.evidence.p_value_rule).toMatch(/^p_primary/);
    expect(withRule!.evidence.relative_drop as number).toBeGreaterThan(0.15);
  });

  it('the earlier rule compared the new level with the pre-shock one as well, losing power', () => {
    expect(without).toBeDefined();
    expect(without!.evidence.p_value_rule).toMatch(/^max\(p_primary, p_established\)/);
    expect(withRule!.p_value!).toBeLessThan(without!.p_value!);
  });
});
