import { describe, expect, it } from 'vitest';
import { breaksAtChange } from '#core/checks/sudden-drop/context.ts';
import { differenceDispersion, segmentedDispersion } from '#core/checks/sudden-drop/dispersion.ts';
import { KNOWN_BREAKS } from '#core/detection/known-breaks.ts';
import { type CrimeTarget, DEFAULT_TARGETS, targetCovers, targetsNear } from '#core/detection/targets.ts';
import { lowerSeverity } from '#core/engine/apply-annotations.ts';
import { fitPoissonGlm } from '#core/stats/glm-poisson.ts';
import { createRng } from '#core/synthetic/rng.ts';

// VAP, robbery, theft; assessed 2023-04..2024-03; widened here by ±3 months to test the arithmetic.
const TARGET: CrimeTarget = { ...DEFAULT_TARGETS[0]!, window_months: 3 };
const VAP = 'Violence against the person';

describe('near_target: a finding in a target window for offences the target covers', () => {
  it('overlaps the assessment window widened by window_months, and no further', () => {
    const q = { codes: [], groups: [VAP] };
    expect(targetsNear([TARGET], { ...q, start: '2022-04', end: '2024-03' })).toEqual([TARGET]);
    expect(targetsNear([TARGET], { ...q, start: '2022-04', end: '2023-01' })).toEqual([TARGET]);
    expect(targetsNear([TARGET], { ...q, start: '2022-04', end: '2022-12' })).toEqual([]);
    expect(targetsNear([TARGET], { ...q, start: '2024-06', end: '2024-09' })).toEqual([TARGET]);
    expect(targetsNear([TARGET], { ...q, start: '2024-07', end: '2024-09' })).toEqual([]);
  });

  it('needs an offence the target covers: its groups, their codes, or a total that includes them', () => {
    const w = { start: '2023-06', end: '2023-09' };
    expect(targetsNear([TARGET], { ...w, codes: [], groups: ['Drug offences'] })).toEqual([]);
    expect(targetsNear([TARGET], { ...w, codes: ['8N'], groups: [VAP] })).toEqual([TARGET]);
    expect(targetsNear([TARGET], { ...w, codes: [], groups: ['Drug offences', 'Robbery'] })).toEqual([
      TARGET,
    ]);
    const codeTarget: CrimeTarget = { ...TARGET, id: 'knife', offence_groups: [], offence_codes: ['8N'] };
    expect(targetCovers(codeTarget, { codes: ['105A'], groups: [VAP] })).toBe(false);
    expect(targetCovers(codeTarget, { codes: ['8N'], groups: [VAP] })).toBe(true);
    expect(targetCovers(codeTarget, { codes: [], groups: [VAP] })).toBe(true);
    expect(targetCovers(codeTarget, { codes: [], groups: ['Robbery'] })).toBe(false);
    const everything: CrimeTarget = { ...TARGET, offence_groups: [], offence_codes: [] };
    expect(targetCovers(everything, { codes: [], groups: ['Drug offences'] })).toBe(true);
    // A series of every offence (a force total) lines up with any target whose window it meets.
    expect(targetCovers(codeTarget, { codes: [], groups: 'all' })).toBe(true);
    // Several codes (a reclassification family's serious side): any one of them the target names.
    expect(targetCovers(codeTarget, { codes: ['5D', '8N'], groups: [VAP] })).toBe(true);
    expect(targetCovers(codeTarget, { codes: ['5D', '105A'], groups: [VAP] })).toBe(false);
  });
});

describe('known breaks at a change', () => {
  it("cites a force's own records-system migration only for that force", () => {
    const at = (force: string, month: string) =>
      breaksAtChange(KNOWN_BREAKS, {
        force_code: force,
        groups: [VAP],
        changeMonth: month,
        slackMonths: 3,
      }).map((b) => b.id);
    expect(at('greater-manchester', '2019-07')).toContain('gmp-iops-2019');
    expect(at('greater-manchester', '2019-04')).toContain('gmp-iops-2019');
    expect(at('greater-manchester', '2019-03')).not.toContain('gmp-iops-2019');
    expect(at('kent', '2019-07')).not.toContain('gmp-iops-2019');
    expect(at('kent', '2020-06')).toContain('covid-19-2020');
    // A permanent counting-rule change is cited only around its start, and only for its groups.
    const fraud = (month: string, groups: string[]) =>
      breaksAtChange(KNOWN_BREAKS, { force_code: 'kent', groups, changeMonth: month, slackMonths: 3 }).map(
        (b) => b.id,
      );
    expect(fraud('2013-05', ['Fraud offences'])).toContain('fraud-to-action-fraud-2013');
    expect(fraud('2015-05', ['Fraud offences'])).not.toContain('fraud-to-action-fraud-2013');
    expect(fraud('2013-05', [VAP])).not.toContain('fraud-to-action-fraud-2013');
  });

  it('lowers severity one band', () => {
    expect(['high', 'medium', 'low', 'info'].map((s) => lowerSeverity(s as 'high'))).toEqual([
      'medium',
      'low',
      'info',
      'info',
    ]);
  });
});

describe('difference-based dispersion', () => {
  const rng = createRng(7);
  const series = (mu: number, size: number, step?: { at: number; factor: number }) => {
    const y: number[] = [];
    const e: number[] = [];
    for (let t = 0; t < 120; t++) {
      const season = Math.exp(0.15 * Math.cos((2 * Math.PI * t) / 12));
      const level = step && t >= step.at ? step.factor : 1;
      y.push(
        size === Infinity
          ? rng.poisson(mu * season * level)
          : rng.negativeBinomial(mu * season * level, size),
      );
      e.push(7 * mu * season);
    }
    return { y, e };
  };

  it('is about 1 for Poisson counts and about 1 + μ/k for negative-binomial ones', () => {
    const p = series(300, Infinity);
    expect(differenceDispersion(p.y, p.e)).toBeLessThan(1.4);
    const nb = series(2000, 200); // φ = 1 + 2000/200 = 11
    const phi = differenceDispersion(nb.y, nb.e);
    expect(phi).toBeGreaterThan(11 * 0.7);
    expect(phi).toBeLessThan(11 * 1.3);
  });

  it('is not inflated by the level shift being sought, unlike a one-level quasi-Poisson fit', () => {
    const s = series(2000, 200, { at: 60, factor: 0.8 });
    const robust = differenceDispersion(s.y, s.e);
    const oneLevel = fitPoissonGlm(
      s.y,
      s.y.map(() => [1]),
      { offset: s.e.map(Math.log) },
    ).dispersion;
    expect(robust).toBeLessThan(11 * 1.3);
    expect(oneLevel).toBeGreaterThan(3 * robust);
    // Once the step is a segment, the Pearson φ̂ agrees with the difference-based one.
    const rate = (a: number, b: number) =>
      s.y.slice(a, b).reduce((x, v) => x + v, 0) / s.e.slice(a, b).reduce((x, v) => x + v, 0);
    const segmented = segmentedDispersion(s.y, s.e, [
      { start: 1, end: 60, rate: rate(0, 60) },
      { start: 61, end: 120, rate: rate(60, 120) },
    ]);
    expect(segmented / robust).toBeGreaterThan(0.7);
    expect(segmented / robust).toBeLessThan(1.4);
  });
});
