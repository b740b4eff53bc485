import { describe, expect, it } from 'vitest';
import type { CheckDraft } from '#core/checks/check.ts';
import { makeAnnotation } from '#core/detection/annotations.ts';
import { BUILT_IN_ANNOTATIONS, builtInBreakOf, withBuiltIns } from '#core/detection/built-in-annotations.ts';
import { lowerSeverity } from '#core/engine/apply-annotations.ts';
import { CheckRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import type { Annotation } from '#core/model/annotations.ts';
import type { Severity } from '#core/model/findings.ts';
import { input, row } from '#test-support/check-inputs.ts';

const CTX = { run_id: 'run-1', now: new Date('2024-05-01T12:00:00Z') };
const NOW = new Date('2024-04-01T00:00:00Z');

function draft(p: Partial<CheckDraft>): CheckDraft {
  return {
    severity: 'high',
    force_code: 'kent',
    period_start: '2019-01',
    period_end: '2019-03',
    offence_group: 'Robbery',
    offence_subgroup: null,
    offence_code: null,
    related_offence_code: null,
    observed: 1,
    expected: null,
    unit: 'crimes',
    effect_size: null,
    p_value: null,
    near_target: false,
    summary: 'A test finding; please confirm.',
    evidence: { method: 'test' },
    ...p,
  };
}

function audit(drafts: Partial<CheckDraft>[], annotations?: readonly Annotation[]) {
  const reg = new CheckRegistry().register({
    id: 't.check',
    signature: 'data_quality',
    ruleVersion: '1.0.0',
    description: 'test',
    run: () => drafts.map(draft),
  });
  const base = input([row({ period_start: '2019-01' })]);
  return runChecks(reg, annotations ? { ...base, annotations } : base, CTX).findings;
}

const robbery = (p: Partial<Annotation> = {}) =>
  makeAnnotation(
    {
      force_code: 'kent',
      period_start: '2019-02',
      period_end: '2019-02',
      offence_group: 'Robbery',
      offence_code: null,
      reason: 'records migrated',
      ...p,
    },
    'auditor',
    NOW,
  );

describe('annotations in runChecks', () => {
  it('lowers severity one band, info staying info', () => {
    const bands: Severity[] = ['high', 'medium', 'low', 'info'];
    expect(bands.map(lowerSeverity)).toEqual(['medium', 'low', 'info', 'info']);
  });

  it('a finding overlapping an annotation cites its id and drops one band; its id is unchanged', () => {
    const a = robbery();
    const [plain] = audit([{}], []);
    const [annotated] = audit([{}], [a]);
    expect(plain!.severity).toBe('high');
    expect(JSON.parse(plain!.evidence).annotations).toBeUndefined();
    expect(annotated!.severity).toBe('medium');
    expect(JSON.parse(annotated!.evidence).annotations).toEqual([a.annotation_id]);
    expect(annotated!.finding_id).toBe(plain!.finding_id);
  });

  it('drops once however many annotations it overlaps, citing each (sorted)', () => {
    const a = robbery();
    const b = robbery({ reason: 'a second explanation' });
    const [f] = audit([{}], [a, b]);
    expect(f!.severity).toBe('medium');
    expect(JSON.parse(f!.evidence).annotations).toEqual([a.annotation_id, b.annotation_id].sort());
  });

  it('leaves findings of another force, period or group alone', () => {
    const found = audit(
      [{ force_code: 'kent', offence_group: 'Theft offences' }, { period_start: '2019-03' }],
      [robbery(), robbery({ force_code: 'essex', period_end: null })],
    );
    expect(found.map((f) => f.severity)).toEqual(['high', 'high']);
  });

  it('with no annotations in the input, applies the built-in ones: a national break is cited, not lowered', () => {
    const [f] = audit([{ period_start: '2020-04', period_end: '2020-06' }]);
    expect(f!.severity).toBe('high');
    const ids: string[] = JSON.parse(f!.evidence).annotations;
    expect(ids.map((id) => builtInBreakOf(id)?.id)).toEqual(['covid-19-2020']);
    expect(BUILT_IN_ANNOTATIONS.some((x) => x.annotation_id === ids[0])).toBe(true);
    expect(
      JSON.parse(audit([{ period_start: '2020-04', period_end: '2020-06' }], [])[0]!.evidence).annotations,
    ).toBe(undefined);
  });

  it("lowers for a force's own built-in break (Greater Manchester's records system, 2019)", () => {
    const gmp = { force_code: 'greater-manchester', period_start: '2019-06', period_end: '2019-08' };
    const base = input([row({ period_start: '2019-01', force_code: 'greater-manchester' })]);
    const reg = new CheckRegistry().register({
      id: 't.check',
      signature: 'data_quality',
      ruleVersion: '1.0.0',
      description: 'test',
      run: () => [draft(gmp)],
    });
    const [f] = runChecks(reg, { ...base, annotations: withBuiltIns([]) }, CTX).findings;
    expect(f!.severity).toBe('medium');
    const ids: string[] = JSON.parse(f!.evidence).annotations;
    expect(ids.map((id) => builtInBreakOf(id)?.id)).toEqual(['gmp-iops-2019']);
  });

  it("lowers for an auditor's annotation of a national cause, recorded for that force", () => {
    const covid = robbery({ period_start: '2020-03', period_end: '2021-06', offence_group: null });
    const [f] = audit([{ period_start: '2020-04', period_end: '2020-06' }], withBuiltIns([covid]));
    expect(f!.severity).toBe('medium');
    expect(JSON.parse(f!.evidence).annotations).toContain(covid.annotation_id);
  });
});
