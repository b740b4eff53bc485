/**
 * The months of a force's own annotated breaks (an auditor's `auditor annotate`) that a
 * reclassification test keeps out of its baselines: an explained change is not the "normal" a later
 * offence mix is judged against. A break covers a family when it names all offences or a group one
 * of the family's codes belongs to. Only bounded breaks count (knownBreaksOf gives an annotation
 * still in force an end far in the future, so it leaves out every month from its start).
 */
import type { KnownBreak } from '#core/detection/known-breaks.ts';
import { lookupOffence } from '#core/reference/offence-reference.ts';
import type { ReclassificationFamily } from '#core/reference/reclassification-families.ts';
import { familyCodes } from './family-counts.ts';

export type MonthSpan = readonly [start: string, end: string];

function familyGroups(family: ReclassificationFamily): Set<string> {
  const groups = new Set([family.offence_group]);
  for (const code of familyCodes(family)) {
    const group = lookupOffence(code)?.group;
    if (group) groups.add(group);
  }
  return groups;
}

/** The force's annotated spans that cover the family, in no particular order. */
export function annotatedSpans(
  breaks: readonly KnownBreak[],
  force: string,
  family: ReclassificationFamily,
): MonthSpan[] {
  const own = breaks.filter((b) => b.kind === 'annotation' && b.force_code === force && b.end !== null);
  if (own.length === 0) return [];
  const groups = familyGroups(family);
  return own
    .filter((b) => b.offence_groups === null || b.offence_groups.some((g) => groups.has(g)))
    .map((b) => [b.start, b.end!] as const);
}

export const insideSpans = (month: string, spans: readonly MonthSpan[]): boolean =>
  spans.some(([s, e]) => s <= month && month <= e);

export const overlapsSpans = (start: string, end: string, spans: readonly MonthSpan[]): boolean =>
  spans.some(([s, e]) => s <= end && start <= e);
