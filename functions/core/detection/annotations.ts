/**
 * Annotation identity and scope (model/annotations.ts).
 *
 * annotation_id = "a_" + the first 32 hex digits of SHA-256 over the JSON array
 *   [force_code, period_start, period_end, offence_group, offence_code, reason]
 * so recording the same break twice (by anyone, at any time) gives the same id and one row: who
 * recorded it and when are facts about the row, not its content.
 */
import { sha256Hex } from '../engine/finding-identity.ts';
import type { Annotation } from '../model/annotations.ts';
import type { Finding } from '../model/findings.ts';

export type AnnotationContent = Pick<
  Annotation,
  'force_code' | 'period_start' | 'period_end' | 'offence_group' | 'offence_code' | 'reason'
>;

export function annotationId(a: AnnotationContent): string {
  const parts = [a.force_code, a.period_start, a.period_end, a.offence_group, a.offence_code, a.reason];
  return `a_${sha256Hex(JSON.stringify(parts)).slice(0, 32)}`;
}

/** A complete annotation row from its content, who recorded it and the (injected) time. */
export function makeAnnotation(content: AnnotationContent, actor: string, createdAt: Date): Annotation {
  return { ...content, annotation_id: annotationId(content), actor, created_at: createdAt };
}

/** The last month an annotation covers: its end, or (still in force) every month from its start on. */
export function annotationEnd(a: Pick<Annotation, 'period_end'>): string {
  return a.period_end ?? '9999-12';
}

type FindingScope = Pick<
  Finding,
  'force_code' | 'period_start' | 'period_end' | 'offence_group' | 'offence_code' | 'related_offence_code'
>;

/**
 * True when the finding is about this annotation's force, a period overlapping its months, and
 * offences it names: every finding for an all-offences annotation; for a group, the findings about
 * that group (or a code in it); for a code, the findings about that code, or a reclassification
 * whose crimes appear to have gone to it. A finding about a coarser level (all offences, for a
 * group annotation) is not covered: one group's break does not explain a change in the total.
 */
export function annotationCovers(a: Annotation, f: FindingScope): boolean {
  if (a.force_code !== f.force_code) return false;
  if (!(a.period_start <= f.period_end && f.period_start <= annotationEnd(a))) return false;
  if (a.offence_code !== null)
    return f.offence_code === a.offence_code || f.related_offence_code === a.offence_code;
  return a.offence_group === null || f.offence_group === a.offence_group;
}
