/**
 * Crime-reduction targets are configuration, not code: a target names the offences it covers, the
 * baseline it is measured from, the window in which it is assessed and the reduction sought. A drop
 * that lines up with a target's assessment window sets `near_target` on its finding and names the
 * target, because targets are when the incentive to mis-record is strongest (HMIC 2014; PASC 2014).
 *
 * The default below is an illustrative configuration in the shape of the national crime-reduction
 * ambitions of recent years (a 20% cut in homicide, serious violence and neighbourhood crime). It is
 * not an official target: deployments replace it with the targets their forces were actually set.
 */
import { lookupOffence } from '../reference/offence-reference.ts';
import { addMonths } from '../series/months.ts';

export interface CrimeTarget {
  id: string;
  description: string;
  /** Offence groups covered (Home Office group names); empty means all. */
  offence_groups: readonly string[];
  /** Offence codes covered, where the target is narrower than a group; empty means the whole groups. */
  offence_codes: readonly string[];
  /** Months (YYYY-MM) the reduction is measured from. */
  baseline: { start: string; end: string };
  /** Months in which performance against the target is assessed. */
  assessment: { start: string; end: string };
  /** Reduction sought, as a fraction (0.2 = 20%). */
  reduction: number;
  /**
   * Months either side of the assessment window that still count as "near" it. A drop that begins in
   * the year before assessment is when a force can still act to meet the target, so the default is 12.
   */
  window_months: number;
}

export const DEFAULT_TARGETS: readonly CrimeTarget[] = [
  {
    id: 'illustrative-20pc-serious-and-neighbourhood-2019-24',
    description:
      'Illustrative target: 20% reduction in serious violence, robbery and neighbourhood crime from 2019/20 to 2023/24',
    offence_groups: ['Violence against the person', 'Robbery', 'Theft offences'],
    offence_codes: [],
    baseline: { start: '2019-04', end: '2020-03' },
    assessment: { start: '2023-04', end: '2024-03' },
    reduction: 0.2,
    window_months: 12,
  },
];

/**
 * The offences a finding is about. `codes`: the offence codes it concerns (any of them; empty for a
 * whole group or total). `groups`: the Home Office groups it covers, or 'all' for a series of every
 * offence (a force total, which contains whatever any target covers).
 */
export interface OffenceScope {
  codes: readonly string[];
  groups: readonly string[] | 'all';
}

/**
 * True when the target covers at least one offence of the scope. A target narrowed to codes covers a
 * code-level scope only through those codes, and a group-level scope when one of its codes sits in
 * one of the scope's groups; a target of whole groups (or of everything) covers any scope that
 * shares a group with it.
 */
export function targetCovers(target: CrimeTarget, scope: OffenceScope): boolean {
  if (scope.groups === 'all') return true;
  const groups = scope.groups;
  if (target.offence_codes.length > 0) {
    if (scope.codes.length > 0) return scope.codes.some((c) => target.offence_codes.includes(c));
    return target.offence_codes.some((c) => {
      const g = lookupOffence(c)?.group;
      return g !== undefined && groups.includes(g);
    });
  }
  return target.offence_groups.length === 0 || groups.some((g) => target.offence_groups.includes(g));
}

/**
 * Targets a finding lines up with: the months start..end overlap the target's assessment window
 * widened by its `window_months` either side, and the target covers the finding's offences. Every
 * check that sets `near_target` uses this one rule.
 */
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
