import { describe, expect, it } from 'vitest';
import { DEFAULT_PROACTIVE_RECORDING } from '#core/checks/sudden-drop/config.ts';
import { targetClause } from '#core/checks/wording.ts';
import {
  type CrimeTarget,
  isProactiveScope,
  nearTargets,
  targetsNear,
  targetsOutside,
} from '#core/detection/targets.ts';
import { lookupOffence } from '#core/reference/offence-reference.ts';

const TARGET: CrimeTarget = {
  id: 'serious-violence-2023',
  description: 'test target',
  offence_groups: ['Violence against the person', 'Robbery'],
  offence_codes: [],
  baseline: { start: '2019-04', end: '2020-03' },
  assessment: { start: '2023-04', end: '2024-03' },
  reduction: 0.2,
  window_months: 12,
};
const SEX = { codes: [] as string[], groups: ['Sexual offences'] };

describe('targets a finding is set beside', () => {
  it('knows every configured proactive-recording code, each with its reason', () => {
    for (const c of DEFAULT_PROACTIVE_RECORDING.codes) {
      expect(lookupOffence(c.code), c.code).toBeDefined();
      expect(c.reason.length).toBeGreaterThan(10);
    }
    expect(lookupOffence('106')?.description).toMatch(/slavery/i);
  });

  it('treats sexual offences, child sexual abuse codes and modern slavery as proactive, and nothing else', () => {
    expect(isProactiveScope(SEX, DEFAULT_PROACTIVE_RECORDING)).toBe(true);
    expect(
      isProactiveScope({ codes: ['71'], groups: ['Sexual offences'] }, DEFAULT_PROACTIVE_RECORDING),
    ).toBe(true);
    expect(
      isProactiveScope(
        { codes: ['106'], groups: ['Violence against the person'] },
        DEFAULT_PROACTIVE_RECORDING,
      ),
    ).toBe(true);
    expect(isProactiveScope({ codes: [], groups: ['Theft offences'] }, DEFAULT_PROACTIVE_RECORDING)).toBe(
      false,
    );
    expect(
      isProactiveScope(
        { codes: ['8N'], groups: ['Violence against the person'] },
        DEFAULT_PROACTIVE_RECORDING,
      ),
    ).toBe(false);
    expect(isProactiveScope({ codes: [], groups: 'all' }, DEFAULT_PROACTIVE_RECORDING)).toBe(false);
  });

  it('returns a target outside whose offences a proactive-recording fall lies, inside its window ± window_months', () => {
    const inWindow = { start: '2022-06', end: '2022-08', ...SEX };
    expect(targetsNear([TARGET], inWindow)).toEqual([]);
    expect(targetsOutside([TARGET], inWindow, DEFAULT_PROACTIVE_RECORDING).map((t) => t.id)).toEqual([
      TARGET.id,
    ]);
    // The window edges: 2022-04 is the first month near the target, 2025-03 the last.
    expect(
      targetsOutside([TARGET], { start: '2022-03', end: '2022-03', ...SEX }, DEFAULT_PROACTIVE_RECORDING),
    ).toEqual([]);
    expect(
      targetsOutside([TARGET], { start: '2022-04', end: '2022-04', ...SEX }, DEFAULT_PROACTIVE_RECORDING),
    ).toHaveLength(1);
    expect(
      targetsOutside([TARGET], { start: '2025-04', end: '2025-06', ...SEX }, DEFAULT_PROACTIVE_RECORDING),
    ).toEqual([]);
    // Not proactive: a theft fall is not "outside the target", whatever the window.
    expect(
      targetsOutside(
        [TARGET],
        { start: '2023-01', end: '2023-03', codes: [], groups: ['Theft offences'] },
        DEFAULT_PROACTIVE_RECORDING,
      ),
    ).toEqual([]);
    // Modern slavery sits in violence, which this target covers: covered, not outside.
    const slavery = {
      start: '2023-01',
      end: '2023-03',
      codes: ['106'],
      groups: ['Violence against the person'],
    };
    expect(targetsOutside([TARGET], slavery, DEFAULT_PROACTIVE_RECORDING)).toEqual([]);
    expect(nearTargets([TARGET], slavery, DEFAULT_PROACTIVE_RECORDING).map((t) => t.relation)).toEqual([
      'covered',
    ]);
  });

  it('labels each target with its relation and words the outside one as the window, not the cause', () => {
    const near = nearTargets(
      [TARGET],
      { start: '2023-01', end: '2023-03', ...SEX },
      DEFAULT_PROACTIVE_RECORDING,
    );
    expect(near).toEqual([expect.objectContaining({ id: TARGET.id, relation: 'outside the target' })]);
    expect(targetClause(near)).toContain(`during the assessment window of ${TARGET.id}, outside the target`);
    expect(targetClause(near)).not.toContain('overlaps');
    const covered = nearTargets(
      [TARGET],
      { start: '2023-01', end: '2023-03', codes: [], groups: ['Robbery'] },
      DEFAULT_PROACTIVE_RECORDING,
    );
    expect(covered.map((t) => t.relation)).toEqual(['covered']);
    expect(targetClause(covered)).toContain('overlaps the assessment window');
    expect(targetClause([])).toBe('');
  });
});
