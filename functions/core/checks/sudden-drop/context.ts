/**
 * What a sudden-drop finding is set beside: crime-reduction targets (a drop in a target's assessment
 * window sets `near_target`, because targets are when the incentive to under-record is strongest) and
 * known breaks in the series (a drop that coincides with the force's records-system migration is
 * still reported and the evidence cites the migration; the engine lowers every finding that
 * overlaps an annotated break one band, engine/apply-annotations.ts).
 */
import type { KnownBreak } from '#core/detection/known-breaks.ts';
import type { CrimeTarget } from '#core/detection/targets.ts';
import { addMonths } from '#core/series/months.ts';

/**
 * Breaks that affect this force and these groups and within whose span (widened by `slackMonths` at
 * either end; a permanent break only around its start) the change month falls.
 */
export function breaksAtChange(
  breaks: readonly KnownBreak[],
  q: { force_code: string; groups: readonly string[]; changeMonth: string; slackMonths: number },
): KnownBreak[] {
  return breaks.filter((b) => {
    if (b.force_code !== null && b.force_code !== q.force_code) return false;
    if (b.offence_groups !== null && !q.groups.some((g) => b.offence_groups!.includes(g))) return false;
    const from = addMonths(b.start, -q.slackMonths);
    const to = addMonths(b.end ?? b.start, q.slackMonths);
    return from <= q.changeMonth && q.changeMonth <= to;
  });
}

/** Plain JSON for evidence. */
export function breakEvidence(b: KnownBreak): Record<string, unknown> {
  return {
    id: b.id,
    kind: b.kind,
    start: b.start,
    end: b.end,
    force_code: b.force_code,
    description: b.description,
    source: b.source,
  };
}

/** A target as evidence; `relation` is `covered` unless nearTargets said otherwise. */
export function targetEvidence(t: CrimeTarget & { relation?: string }): Record<string, unknown> {
  return {
    id: t.id,
    relation: t.relation ?? 'covered',
    description: t.description,
    assessment: t.assessment,
    baseline: t.baseline,
    reduction: t.reduction,
    window_months: t.window_months,
  };
}
