import { describe, expect, it } from 'vitest';
import { draft } from '#core/checks/draft.ts';
import { consolidate } from '#core/engine/consolidate.ts';
import { DEFAULT_CONSOLIDATION_CONFIG } from '#core/engine/consolidation-config.ts';
import { CheckRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import type { Finding } from '#core/model/findings.ts';
import { input, row } from '#test-support/check-inputs.ts';
import { finding } from '#test-support/findings.ts';

const violence = { offence_group: 'Violence against the person', offence_subgroup: 'Violence with injury' };

/** Hertfordshire's shape: 8N fell 1,395 below expectation over 12 months. */
const drop8N = (p: Partial<Finding> = {}) =>
  finding({
    finding_id: 'f_drop_8n',
    signature: 'sudden_drop',
    check_id: 'sudden_drop.level_shift',
    severity: 'high',
    force_code: 'hertfordshire',
    period_start: '2022-10',
    period_end: '2023-09',
    ...violence,
    offence_code: '8N',
    observed: 4679,
    expected: 6074,
    evidence: JSON.stringify({ method: 'level shift' }),
    ...p,
  });

/** A reclassification 8N → 105A that moved 1,231 crimes (serious side 5,015 against 6,246 expected). */
const reclass = (kappa: number | null, p: Partial<Finding> = {}) =>
  finding({
    finding_id: 'f_reclass',
    signature: 'reclassification',
    check_id: 'reclassification.mix_shift',
    severity: 'high',
    force_code: 'hertfordshire',
    period_start: '2022-10',
    period_end: '2023-09',
    ...violence,
    offence_code: '8N',
    related_offence_code: '105A',
    observed: 5015,
    expected: 6246,
    evidence: JSON.stringify({ method: 'mix shift', ...(kappa === null ? {} : { compensation: { kappa } }) }),
    ...p,
  });

/** Lancashire's shape: theft fell 4,315 below expectation in the four months shoplifting was 0. */
const theftDrop = (p: Partial<Finding> = {}) =>
  finding({
    finding_id: 'f_drop_theft',
    signature: 'sudden_drop',
    check_id: 'sudden_drop.level_shift',
    severity: 'high',
    force_code: 'lancashire',
    period_start: '2022-06',
    period_end: '2022-09',
    offence_group: 'Theft offences',
    offence_subgroup: null,
    offence_code: null,
    observed: 13786,
    expected: 18101,
    evidence: JSON.stringify({ method: 'level shift' }),
    ...p,
  });

const zeroRun = (crimes: number, p: Partial<Finding> = {}) =>
  finding({
    finding_id: 'f_zero_46',
    signature: 'data_quality',
    check_id: 'dq.zero_run',
    severity: 'high',
    force_code: 'lancashire',
    period_start: '2022-06',
    period_end: '2022-09',
    offence_group: 'Theft offences',
    offence_subgroup: 'Shoplifting',
    offence_code: '46',
    observed: 0,
    expected: crimes,
    p_value: null,
    q_value: null,
    evidence: JSON.stringify({ method: 'zero run', crimes_missing: crimes }),
    ...p,
  });

const ev = (f: Finding) => JSON.parse(f.evidence) as Record<string, unknown>;
const byId = (fs: readonly Finding[], id: string) => fs.find((f) => f.finding_id === id)!;

describe('consolidate: a reclassification explains the fall of its serious side', () => {
  it('folds the drop into the reclassification when the crimes moved (κ ≥ ½)', () => {
    const out = consolidate([drop8N(), reclass(0.91)]);
    const d = byId(out, 'f_drop_8n');
    const r = byId(out, 'f_reclass');
    expect(d.severity).toBe('info');
    // 1,231 moved of 1,395 missing over the same 12 months.
    expect(ev(d).explained_by).toEqual({
      finding_id: 'f_reclass',
      check_id: 'reclassification.mix_shift',
      signature: 'reclassification',
      explained_share: 1231 / 1395,
      relation: 'explains',
      severity_before: 'high',
    });
    expect(d.summary).toMatch(
      /reported as the reclassification 8N → 105A \(reclassification\.mix_shift, finding f_reclass\)/,
    );
    expect(r.severity).toBe('high');
    expect(ev(r).also_seen_as).toEqual([
      {
        finding_id: 'f_drop_8n',
        check_id: 'sudden_drop.level_shift',
        signature: 'sudden_drop',
        severity: 'high',
        period_start: '2022-10',
        period_end: '2023-09',
        offence_group: 'Violence against the person',
        offence_code: '8N',
        relation: 'explains',
        crimes_missing: 1395,
        explained_share: 1231 / 1395,
      },
    ]);
    expect(out.filter((f) => f.severity !== 'info')).toHaveLength(1);
  });

  it('keeps both when κ says the crimes vanished rather than moved', () => {
    const input = [drop8N(), reclass(0.1)];
    expect(consolidate(input)).toEqual(input);
  });

  it('uses the finding’s own columns when there is no κ (a record-level reclassification)', () => {
    const out = consolidate([drop8N(), reclass(null)]);
    expect(byId(out, 'f_drop_8n').severity).toBe('info');
  });

  it('does not explain a fall of the group the crimes moved within', () => {
    const group = drop8N({ offence_code: null, offence_subgroup: null, expected: 9000, observed: 7000 });
    const input = [group, reclass(0.9)];
    expect(consolidate(input)).toEqual(input);
  });

  it('needs the same force, a shared month and a majority of the missing crimes', () => {
    const elsewhere = [drop8N({ force_code: 'kent' }), reclass(0.9)];
    expect(consolidate(elsewhere)).toEqual(elsewhere);
    const later = [drop8N({ period_start: '2023-10', period_end: '2024-03' }), reclass(0.9)];
    expect(consolidate(later)).toEqual(later);
    // 1,231 moved against 4,000 missing: most of the fall is not the move.
    const bigger = [drop8N({ observed: 2074 }), reclass(0.9)];
    expect(consolidate(bigger)).toEqual(bigger);
  });

  it('counts only the shared months of a longer explanation', () => {
    // The reclassification spans 24 months; the drop shares 6 of them: 1,231 × 6/24 ≈ 308 of 1,395.
    const long = reclass(0.9, { period_start: '2022-04', period_end: '2024-03' });
    const short = drop8N({ period_start: '2022-04', period_end: '2022-09' });
    expect(consolidate([short, long])).toEqual([short, long]);
  });
});

describe('consolidate: a data-quality problem explains the missing crimes', () => {
  it('folds a group drop into the zero run of a code inside it', () => {
    const out = consolidate([theftDrop(), zeroRun(4727)]);
    expect(byId(out, 'f_drop_theft').severity).toBe('info');
    expect((ev(byId(out, 'f_drop_theft')).explained_by as { check_id: string }).check_id).toBe('dq.zero_run');
    expect((ev(byId(out, 'f_zero_46')).also_seen_as as unknown[]).length).toBe(1);
  });

  it('leaves a large fall alone when a small zero run explains little of it', () => {
    const input = [theftDrop(), zeroRun(300)];
    expect(consolidate(input)).toEqual(input);
  });

  it('ignores data-quality findings that do not say crimes are missing', () => {
    const dup = zeroRun(4727, { check_id: 'dq.duplicate_key', evidence: JSON.stringify({ method: 'dup' }) });
    expect(consolidate([theftDrop(), dup])).toEqual([theftDrop(), dup]);
  });

  it('gives the explanation the higher severity, and says what its own was', () => {
    const out = consolidate([theftDrop(), zeroRun(4727, { severity: 'medium' })]);
    const z = byId(out, 'f_zero_46');
    expect(z.severity).toBe('high');
    expect(ev(z).severity_own).toBe('medium');
  });

  it('picks the explanation with the largest share when two could explain one drop', () => {
    const other = zeroRun(2500, { finding_id: 'f_zero_45', offence_code: '45', offence_subgroup: null });
    const out = consolidate([theftDrop(), other, zeroRun(4727)]);
    expect((ev(byId(out, 'f_drop_theft')).explained_by as { finding_id: string }).finding_id).toBe(
      'f_zero_46',
    );
    expect(byId(out, 'f_zero_45')).toEqual(other);
  });
});

describe('consolidate: deterministic and idempotent', () => {
  it('keeps every finding and id, and a second pass changes nothing', () => {
    const input = [drop8N(), reclass(0.9), theftDrop(), zeroRun(4727)];
    const once = consolidate(input);
    expect(once.map((f) => f.finding_id)).toEqual(input.map((f) => f.finding_id));
    expect(consolidate(once)).toEqual(once);
    expect(consolidate([...input].reverse())).toEqual([...once].reverse());
  });

  it('has documented defaults', () => {
    expect(DEFAULT_CONSOLIDATION_CONFIG).toEqual({
      min_kappa: 0.5,
      min_explained_share: 0.5,
      same_check_gap_months: 2,
      move_end_months: 3,
      episode_precedence: ['sudden_drop.year_end_dip', 'sudden_drop.period_end_dip'],
    });
  });
});

describe('runChecks consolidates after gating', () => {
  it('reports a zero run and the fall it causes once, with stable ids across runs', () => {
    const common = {
      force_code: 'kent',
      period_start: '2022-06',
      period_end: '2022-09',
      offence_group: 'Theft offences',
    };
    const registry = new CheckRegistry()
      .register({
        id: 't.drop',
        signature: 'sudden_drop',
        ruleVersion: '1.0.0',
        description: 'test drop',
        run: () => [
          draft({
            ...common,
            severity: 'high',
            observed: 600,
            expected: 1000,
            p_value: 1e-9,
            summary: 'Theft fell; this requires explanation.',
            evidence: { method: 'test' },
          }),
        ],
      })
      .register({
        id: 't.zero',
        signature: 'data_quality',
        ruleVersion: '1.0.0',
        description: 'test zero run',
        run: () => [
          draft({
            ...common,
            offence_code: '46',
            severity: 'high',
            observed: 0,
            expected: 400,
            summary: 'Shoplifting was 0; this requires explanation.',
            evidence: { method: 'test', crimes_missing: 400 },
          }),
        ],
      });
    const audit = input([row({ force_code: 'kent', period_start: '2022-06' })], { forces: ['kent'] });
    const run = () => runChecks(registry, audit, { run_id: 'r', now: new Date(0) }).findings;
    const first = run();
    expect(first.map((f) => [f.check_id, f.severity])).toEqual([
      ['t.zero', 'high'],
      ['t.drop', 'info'],
    ]);
    expect(run().map((f) => f.finding_id)).toEqual(first.map((f) => f.finding_id));
  });
});
