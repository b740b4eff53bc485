/**
 * One event, one finding within a signature (episodes.ts), and a rise in cancellations explaining the
 * fall it causes (consolidate.ts). The cases are the shapes the detection benchmark reported twice:
 * a no-crime rise in a group and in the force's total, a 12-month rise seen in two windows, a year-end
 * dip seen by the level-shift and the year-end-dip checks, a fall over two consecutive windows.
 */
import { describe, expect, it } from 'vitest';
import { consolidate } from '#core/engine/consolidate.ts';
import { DEFAULT_CONSOLIDATION_CONFIG } from '#core/engine/consolidation-config.ts';
import { mergeEpisodes } from '#core/engine/episodes.ts';
import type { Finding } from '#core/model/findings.ts';
import { finding } from '#test-support/findings.ts';

const ev = (f: Finding) => JSON.parse(f.evidence) as Record<string, unknown>;
const byId = (fs: readonly Finding[], id: string) => fs.find((f) => f.finding_id === id)!;
const aboveInfo = (fs: readonly Finding[]) =>
  fs.filter((f) => f.severity !== 'info').map((f) => f.finding_id);
const merge = (fs: Finding[]) => mergeEpisodes(fs, DEFAULT_CONSOLIDATION_CONFIG);

const noCrime = (id: string, p: Partial<Finding>) =>
  finding({
    finding_id: id,
    signature: 'no_crime_spike',
    check_id: 'no_crime.spike',
    force_code: 'cheshire',
    period_start: '2022-09',
    period_end: '2022-11',
    offence_group: 'Violence against the person',
    offence_subgroup: null,
    offence_code: null,
    unit: 'rate',
    observed: 0.3,
    expected: 0.1,
    evidence: JSON.stringify({ method: 'p-chart', excess_cancellations: 120 }),
    ...p,
  });

const drop = (id: string, p: Partial<Finding>) =>
  finding({
    finding_id: id,
    signature: 'sudden_drop',
    check_id: 'sudden_drop.level_shift',
    force_code: 'cheshire',
    period_start: '2019-01',
    period_end: '2019-03',
    offence_group: 'Violence against the person',
    offence_subgroup: null,
    offence_code: null,
    observed: 4396,
    expected: 5883,
    evidence: JSON.stringify({ method: 'level shift' }),
    ...p,
  });

describe('one episode within a signature', () => {
  it('reports a rise in a group and in the force total once, at the stronger test', () => {
    const group = noCrime('f_group', { severity: 'high', p_value: 2e-13 });
    const total = noCrime('f_total', { severity: 'medium', p_value: 5e-7, offence_group: null });
    const out = merge([total, group]);
    expect(aboveInfo(out)).toEqual(['f_group']);
    expect(ev(byId(out, 'f_total')).explained_by).toEqual({
      finding_id: 'f_group',
      check_id: 'no_crime.spike',
      signature: 'no_crime_spike',
      relation: 'same_episode',
      severity_before: 'medium',
    });
    const seen = ev(byId(out, 'f_group')).also_seen_as as Array<Record<string, unknown>>;
    expect(seen.map((e) => [e.finding_id, e.relation, e.period_start, e.offence_group])).toEqual([
      ['f_total', 'same_episode', '2022-09', null],
    ]);
    expect(byId(out, 'f_group').summary).toMatch(/also shows in no_crime\.spike finding f_total/);
    expect(byId(out, 'f_total').summary).toMatch(
      /part of the episode reported by no_crime\.spike finding f_group/,
    );
    // Its own "requires explanation" is answered by the finding that reports the episode.
    expect(byId(out, 'f_total').summary).toMatch(/the explanation is due on that finding, not this one/);
  });

  it('compares a code and its group by excess cancellations, not by rates', () => {
    // Rape inside sexual offences: the code's rate rose 0.35 and the group's 0.08 (a ratio of 0.23),
    // but 40 of the group's 48 excess cancellations are the code's: one episode.
    const rates = (observed: number, expected: number, excess: number) => ({
      offence_group: 'Sexual offences',
      observed,
      expected,
      evidence: JSON.stringify({ method: 'p-chart', excess_cancellations: excess }),
    });
    const code = noCrime('f_rape', {
      ...rates(0.448, 0.102, 40),
      offence_subgroup: 'Rape offences',
      offence_code: '19C',
      severity: 'medium',
      p_value: 3e-12,
    });
    const group = noCrime('f_sexual', { ...rates(0.154, 0.075, 48), severity: 'medium', p_value: 1e-5 });
    expect(aboveInfo(merge([code, group]))).toEqual(['f_rape']);
    // A code with a fifth of its group's excess is a part of it, not the same episode.
    const small = noCrime('f_rape', { ...code, evidence: group.evidence.replace('48', '9') });
    expect(aboveInfo(merge([small, group])).sort()).toEqual(['f_rape', 'f_sexual']);
  });

  it('gives the episode to the check that names its mechanism, at the highest severity of its parts', () => {
    const dip = drop('f_dip', { check_id: 'sudden_drop.year_end_dip', severity: 'medium', p_value: 1e-6 });
    const shift = drop('f_shift', { severity: 'high', p_value: 1e-8 });
    const merged = merge([dip, shift]);
    expect(aboveInfo(merged)).toEqual(['f_dip']);
    const lead = merged.find((f) => f.finding_id === 'f_dip')!;
    expect(lead.severity).toBe('high');
    expect(JSON.parse(lead.evidence).severity_own).toBe('medium');
  });

  it('among findings of equal precedence, gives it to the most severe, then the smallest p', () => {
    const weaker = drop('f_weaker', { severity: 'medium', p_value: 1e-12 });
    const shift = drop('f_shift', { severity: 'high', p_value: 1e-8 });
    expect(aboveInfo(merge([weaker, shift]))).toEqual(['f_shift']);
    const sharper = drop('f_sharper', { severity: 'high', p_value: 1e-9 });
    expect(aboveInfo(merge([sharper, shift]))).toEqual(['f_sharper']);
  });

  it('joins windows of one check up to two months apart, and no further', () => {
    const first = noCrime('f_first', { period_start: '2022-01', period_end: '2022-03', p_value: 2e-5 });
    const next = noCrime('f_next', { period_start: '2022-06', period_end: '2022-09', p_value: 8e-7 });
    expect(aboveInfo(merge([first, next]))).toEqual(['f_next']);
    const later = noCrime('f_later', { period_start: '2022-07', period_end: '2022-09', p_value: 8e-7 });
    expect(aboveInfo(merge([first, later])).sort()).toEqual(['f_first', 'f_later']);
    // Consecutive windows of one fall (2022-04..12, then 2023).
    const a = drop('f_a', {
      period_start: '2022-04',
      period_end: '2022-12',
      severity: 'high',
      p_value: 4e-11,
    });
    const b = drop('f_b', { period_start: '2023-01', period_end: '2023-12', p_value: 5e-6 });
    expect(aboveInfo(merge([a, b]))).toEqual(['f_a']);
  });

  it('needs a shared month between two different checks', () => {
    const shift = drop('f_shift', { period_start: '2019-04', period_end: '2019-06' });
    const dip = drop('f_dip', {
      check_id: 'sudden_drop.year_end_dip',
      period_start: '2019-01',
      period_end: '2019-03',
    });
    expect(aboveInfo(merge([shift, dip])).sort()).toEqual(['f_dip', 'f_shift']);
  });

  it('keeps apart other forces, signatures, offences that do not nest, and data-quality findings', () => {
    const violence = drop('f_v', { severity: 'high', p_value: 1e-9 });
    const theft = drop('f_t', { offence_group: 'Theft offences', p_value: 1e-6 });
    const elsewhere = drop('f_e', { force_code: 'kent' });
    const code = drop('f_c', { offence_subgroup: 'Violence with injury', offence_code: '8N' });
    const otherCode = drop('f_o', { offence_group: 'Theft offences', offence_code: '46' });
    const dq = [1, 2].map((i) =>
      finding({
        finding_id: `f_dq${i}`,
        signature: 'data_quality',
        check_id: 'dq.zero_run',
        force_code: 'cheshire',
      }),
    );
    const out = merge([violence, theft, elsewhere, code, otherCode, ...dq]);
    // 8N sits inside violence; theft, 46 (in theft, which absorbs it) and Kent are other events.
    expect(aboveInfo(out).sort()).toEqual(['f_dq1', 'f_dq2', 'f_e', 'f_t', 'f_v']);
    expect(ev(byId(out, 'f_o')).explained_by).toMatchObject({ finding_id: 'f_t' });
  });

  it('absorbs only what is one episode with the reporting finding itself, not through a third', () => {
    // A rise in the total touches a violence rise and a theft rise: two events, not one.
    const total = noCrime('f_total', { offence_group: null, severity: 'low', p_value: 1e-3 });
    const v = noCrime('f_v', { severity: 'high', p_value: 1e-12 });
    const t = noCrime('f_t', { offence_group: 'Theft offences', severity: 'high', p_value: 1e-10 });
    expect(aboveInfo(merge([total, v, t])).sort()).toEqual(['f_t', 'f_v']);
  });

  it('leaves findings already at info alone and changes nothing on a second pass', () => {
    const input = [
      noCrime('f_group', { severity: 'high', p_value: 2e-13 }),
      noCrime('f_total', { offence_group: null, p_value: 5e-7 }),
      noCrime('f_info', { severity: 'info', period_start: '2022-10', period_end: '2022-12' }),
    ];
    const once = merge(input);
    expect(byId(once, 'f_info')).toEqual(input[2]);
    expect(merge(once)).toEqual(once);
    expect(consolidate(consolidate(input))).toEqual(consolidate(input));
  });
});

describe('a rise in cancellations explains the fall it causes', () => {
  it('folds a drop of the same offences and months into the no-crime rise', () => {
    const rise = noCrime('f_rise', {
      force_code: 'norfolk',
      offence_group: 'Sexual offences',
      period_start: '2021-08',
      period_end: '2021-10',
      severity: 'medium',
      evidence: JSON.stringify({ method: 'p-chart', excess_cancellations: 91 }),
    });
    const fall = drop('f_fall', {
      force_code: 'norfolk',
      offence_group: 'Sexual offences',
      period_start: '2021-08',
      period_end: '2021-10',
      observed: 158,
      expected: 266,
      severity: 'high',
    });
    const out = consolidate([rise, fall]);
    expect(aboveInfo(out)).toEqual(['f_rise']);
    expect(ev(byId(out, 'f_fall')).explained_by).toMatchObject({
      finding_id: 'f_rise',
      explained_share: 91 / 108,
    });
    expect(byId(out, 'f_rise').severity).toBe('high');
    expect(byId(out, 'f_fall').summary).toMatch(/the rise in cancellations no_crime\.spike/);
    expect(byId(out, 'f_fall').summary).toMatch(/the explanation is due on that finding, not this one/);
  });

  it('does not when the excess cancellations are a minority of the missing crimes', () => {
    const rise = noCrime('f_rise', {
      offence_group: 'Sexual offences',
      period_start: '2021-08',
      period_end: '2021-10',
      evidence: JSON.stringify({ method: 'p-chart', excess_cancellations: 40 }),
    });
    const fall = drop('f_fall', {
      offence_group: 'Sexual offences',
      period_start: '2021-08',
      period_end: '2021-10',
      observed: 158,
      expected: 266,
    });
    expect(aboveInfo(consolidate([rise, fall])).sort()).toEqual(['f_fall', 'f_rise']);
  });
});

describe('a reclassification explains its lesser side falling back when the move stops', () => {
  // 8N → 105A moved 3,340 crimes over 2022-10..2023-09 (278 a month); 105A then fell 1,831 in 7 months.
  const move = finding({
    finding_id: 'f_move',
    signature: 'reclassification',
    check_id: 'reclassification.mix_shift',
    severity: 'high',
    force_code: 'humberside',
    period_start: '2022-10',
    period_end: '2023-09',
    offence_subgroup: 'Violence with injury',
    offence_code: '8N',
    related_offence_code: '105A',
    observed: 9369,
    expected: 12709,
    evidence: JSON.stringify({ method: 'mix shift', compensation: { kappa: 0.74 } }),
  });
  const back = (p: Partial<Finding>) =>
    drop('f_back', {
      force_code: 'humberside',
      offence_subgroup: 'Violence without injury',
      offence_code: '105A',
      period_start: '2023-09',
      period_end: '2024-03',
      observed: 3592,
      expected: 5423,
      ...p,
    });

  it('folds the lesser code’s fall into the move, saying the move ended', () => {
    const out = consolidate([move, back({})]);
    expect(aboveInfo(out)).toEqual(['f_move']);
    const by = ev(byId(out, 'f_back')).explained_by as Record<string, number | string>;
    expect(by).toMatchObject({ finding_id: 'f_move', relation: 'move_ended' });
    expect(by.explained_share).toBeCloseTo(((12709 - 9369) / 12) * (7 / 1831), 12);
    expect(byId(out, 'f_back').summary).toMatch(/as the move ends/);
  });

  it('not when the fall starts more than three months after the move, or is about its serious side too', () => {
    expect(aboveInfo(consolidate([move, back({ period_start: '2024-01' })])).sort()).toEqual([
      'f_back',
      'f_move',
    ]);
    const group = back({ offence_subgroup: null, offence_code: null });
    expect(aboveInfo(consolidate([move, group])).sort()).toEqual(['f_back', 'f_move']);
  });
});
