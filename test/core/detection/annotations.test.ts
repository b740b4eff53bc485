import { describe, expect, it } from 'vitest';
import { breakMask, chooseBaseline } from '#core/checks/no-crime/baseline-choice.ts';
import { DEFAULT_NO_CRIME_CONFIG } from '#core/checks/no-crime/config.ts';
import { annotationCovers, annotationId, makeAnnotation } from '#core/detection/annotations.ts';
import { baselineWindow } from '#core/detection/baselines.ts';
import {
  BUILT_IN_ANNOTATIONS,
  builtInBreakOf,
  knownBreaksOf,
  withBuiltIns,
} from '#core/detection/built-in-annotations.ts';
import { KNOWN_BREAKS } from '#core/detection/known-breaks.ts';
import { AnnotationSchema } from '#core/model/annotations.ts';
import { FORCES } from '#core/reference/forces.ts';
import { monthIndex, monthRange } from '#core/series/months.ts';

const NOW = new Date('2025-01-02T03:04:05Z');
const ROBBERY = 'Robbery';
const content = {
  force_code: 'kent',
  period_start: '2022-04',
  period_end: '2022-09' as string | null,
  offence_group: ROBBERY as string | null,
  offence_code: null as string | null,
  reason: 'New crime recording system went live; backlog of robbery records.',
};
const scope = {
  force_code: 'kent',
  period_start: '2022-06',
  period_end: '2022-06',
  offence_group: ROBBERY as string | null,
  offence_code: null as string | null,
  related_offence_code: null as string | null,
};

describe('annotation identity', () => {
  it('is the same for the same content whoever records it and whenever', () => {
    const a = makeAnnotation(content, 'auditor one', NOW);
    const b = makeAnnotation(content, 'auditor two', new Date('2026-01-01T00:00:00Z'));
    expect(a.annotation_id).toBe(b.annotation_id);
    expect(a.annotation_id).toMatch(/^a_[0-9a-f]{32}$/);
    expect(AnnotationSchema.parse(a)).toEqual(a);
  });

  it('changes with any field of the content', () => {
    const base = annotationId(content);
    expect(annotationId({ ...content, period_end: null })).not.toBe(base);
    expect(annotationId({ ...content, offence_group: null })).not.toBe(base);
    expect(annotationId({ ...content, reason: `${content.reason}.` })).not.toBe(base);
    expect(annotationId({ ...content, force_code: 'essex' })).not.toBe(base);
  });

  it('refuses an end before the start', () => {
    const bad = makeAnnotation({ ...content, period_end: '2022-03' }, 'x', NOW);
    expect(AnnotationSchema.safeParse(bad).success).toBe(false);
  });
});

describe('annotationCovers', () => {
  const a = makeAnnotation(content, 'x', NOW);

  it('covers a finding of its force and group whose period overlaps its months', () => {
    expect(annotationCovers(a, scope)).toBe(true);
    expect(annotationCovers(a, { ...scope, period_start: '2021-01', period_end: '2022-04' })).toBe(true);
    expect(annotationCovers(a, { ...scope, offence_code: '34B' })).toBe(true);
  });

  it('does not cover another force, period or group, nor the all-offences total', () => {
    expect(annotationCovers(a, { ...scope, force_code: 'essex' })).toBe(false);
    expect(annotationCovers(a, { ...scope, period_start: '2022-10', period_end: '2023-03' })).toBe(false);
    expect(annotationCovers(a, { ...scope, offence_group: 'Theft offences' })).toBe(false);
    expect(annotationCovers(a, { ...scope, offence_group: null })).toBe(false);
  });

  it('still in force: covers every later period', () => {
    const open = makeAnnotation({ ...content, period_end: null }, 'x', NOW);
    expect(annotationCovers(open, { ...scope, period_start: '2030-01', period_end: '2030-12' })).toBe(true);
  });

  it('a code annotation covers that code and reclassifications towards it only', () => {
    const code = makeAnnotation({ ...content, offence_code: '34B' }, 'x', NOW);
    expect(annotationCovers(code, { ...scope, offence_code: '34B' })).toBe(true);
    expect(annotationCovers(code, { ...scope, offence_code: '34A', related_offence_code: '34B' })).toBe(true);
    expect(annotationCovers(code, { ...scope, offence_code: '34A' })).toBe(false);
    expect(annotationCovers(code, scope)).toBe(false);
  });
});

describe('built-in annotations', () => {
  it('are the known breaks, one per force and group, and give them back to the checks unchanged', () => {
    expect(knownBreaksOf(BUILT_IN_ANNOTATIONS)).toEqual(KNOWN_BREAKS);
    const covid = BUILT_IN_ANNOTATIONS.filter((a) => builtInBreakOf(a.annotation_id)?.id === 'covid-19-2020');
    expect(covid.map((a) => a.force_code).sort()).toEqual(FORCES.map((f) => f.slug).sort());
    for (const a of BUILT_IN_ANNOTATIONS) expect(AnnotationSchema.safeParse(a).success).toBe(true);
  });

  it('annotate a permanent counting-rule change over its first financial year', () => {
    const fraud = BUILT_IN_ANNOTATIONS.find(
      (a) => builtInBreakOf(a.annotation_id)?.id === 'fraud-to-action-fraud-2013' && a.force_code === 'kent',
    );
    expect(fraud).toMatchObject({
      period_start: '2013-04',
      period_end: '2014-03',
      offence_group: 'Fraud offences',
    });
  });

  it('join the stored ones, a stored copy of a built-in row adding nothing', () => {
    const own = makeAnnotation(content, 'x', NOW);
    const all = withBuiltIns([own, BUILT_IN_ANNOTATIONS[0]!]);
    expect(all.length).toBe(BUILT_IN_ANNOTATIONS.length + 1);
    expect(knownBreaksOf(all).at(-1)).toMatchObject({
      id: own.annotation_id,
      kind: 'annotation',
      force_code: 'kent',
    });
  });
});

describe('an annotation keeps its months out of baselines', () => {
  const months = monthRange('2019-01', '2024-12');
  const series = new Map(months.map((m, t) => [m, t]));
  const own = makeAnnotation({ ...content, period_start: '2023-01', period_end: '2023-06' }, 'x', NOW);
  const q = {
    force_code: 'kent',
    offence_group: ROBBERY,
    grain: 'month' as const,
    before: '2023-09',
    length: 12,
  };

  it('in the shared baseline rule', () => {
    const without = baselineWindow(series, { ...q, breaks: knownBreaksOf(BUILT_IN_ANNOTATIONS) }).periods;
    const withIt = baselineWindow(series, { ...q, breaks: knownBreaksOf(withBuiltIns([own])) }).periods;
    expect(without).toContain('2023-03');
    expect(withIt.some((m) => m >= '2023-01' && m <= '2023-06')).toBe(false);
    expect(withIt).toHaveLength(12);
    expect(withIt[0]! < without[0]!).toBe(true);
  });

  it('in the no-crime check, for that force only', () => {
    const origin = monthIndex(months[0]!);
    const breaks = knownBreaksOf(withBuiltIns([own]));
    const choose = (force: string) =>
      chooseBaseline(
        monthIndex('2023-09'),
        origin,
        breakMask(breaks, force, ROBBERY, origin, months.length),
        () => true,
        DEFAULT_NO_CRIME_CONFIG,
      ).map((i) => months[i]!);
    expect(choose('kent').some((m) => m >= '2023-01' && m <= '2023-06')).toBe(false);
    expect(choose('essex').some((m) => m >= '2023-01' && m <= '2023-06')).toBe(true);
  });
});
