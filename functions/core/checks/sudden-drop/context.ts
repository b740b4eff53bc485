/**
 * What a sudden-drop finding is set beside: crime-reduction targets (a drop in a target's assessment
 * window sets `near_target`, because targets are when the incentive to under-record is strongest) and
 * known breaks in the series (a drop that coincides with the force's records-system migration is
 * still reported, but the evidence cites the migration and the severity goes down one band, because
 * an IT change is a documented, checkable explanation). National breaks are cited for context only:
 * the peer comparison already removes them.
 */
import type { KnownBreak } from '../../detection/known-breaks.ts';
import type { CrimeTarget } from '../../detection/targets.ts';
import type { Severity } from '../../model/findings.ts';
import { lookupOffence } from '../../reference/offence-reference.ts';
import { addMonths } from '../../series/months.ts';

/** The offences a finding is about: a code, one or more groups, or (total) every group listed. */
export interface OffenceScope {
  offence_code: string | null;
  groups: readonly string[];
}

/** True when the target covers at least one offence of the scope. */
export function targetCovers(target: CrimeTarget, scope: OffenceScope): boolean {
  const groupOfTargetCode = (code: string): string | null => lookupOffence(code)?.group ?? null;
  if (scope.offence_code !== null) {
    if (target.offence_codes.length > 0) return target.offence_codes.includes(scope.offence_code);
    return target.offence_groups.length === 0 || scope.groups.some((g) => target.offence_groups.includes(g));
  }
  if (target.offence_codes.length > 0) {
    return target.offence_codes.some((c) => {
      const g = groupOfTargetCode(c);
      return g !== null && scope.groups.includes(g);
    });
  }
  return target.offence_groups.length === 0 || scope.groups.some((g) => target.offence_groups.includes(g));
}

/** Targets whose assessment window, widened by its `window_months`, overlaps start..end for covered offences. */
export function targetsNear(
  targets: readonly CrimeTarget[],
  q: { start: string; end: string } & OffenceScope,
): CrimeTarget[] {
  return targets.filter((t) => {
    const from = addMonths(t.assessment.start, -t.window_months);
    const to = addMonths(t.assessment.end, t.window_months);
    return q.start <= to && from <= q.end && targetCovers(t, q);
  });
}

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

/** One band lower: high → medium → low → info. */
export function lowerSeverity(s: Severity): Severity {
  return s === 'high' ? 'medium' : s === 'medium' ? 'low' : 'info';
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

export function targetEvidence(t: CrimeTarget): Record<string, unknown> {
  return {
    id: t.id,
    description: t.description,
    assessment: t.assessment,
    baseline: t.baseline,
    reduction: t.reduction,
    window_months: t.window_months,
  };
}
