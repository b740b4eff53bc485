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

/**
 * How a target relates to a finding whose period meets its assessment window: `covered` when the
 * target's offences include the finding's, `outside the target` when they do not and the finding is
 * about offences whose recording depends on proactive police work. Targets make officers attend to
 * what is counted; crime that is found only when looked for (child sexual abuse, modern slavery) is
 * what falls when attention moves (South Yorkshire Police after Rotherham; HMIC 2014 ch. 3).
 */
export type TargetRelation = 'covered' | 'outside the target';

export interface NearTarget extends CrimeTarget {
  relation: TargetRelation;
}

/** Offences whose recorded volume depends on proactive recording (configuration, with reasons). */
export interface ProactiveRecordingOffences {
  groups: ReadonlyArray<{ group: string; reason: string }>;
  codes: ReadonlyArray<{ code: string; reason: string }>;
}

/**
 * True when every offence of the scope is one of the proactive-recording offences: a code-level
 * scope through its codes (listed, or in a listed group), a group-level scope through its groups.
 * A force total is never such a scope: it holds every offence.
 */
export function isProactiveScope(scope: OffenceScope, proactive: ProactiveRecordingOffences): boolean {
  if (scope.groups === 'all') return false;
  const groups = new Set(proactive.groups.map((g) => g.group));
  const codes = new Set(proactive.codes.map((c) => c.code));
  if (scope.codes.length > 0)
    return scope.codes.every((c) => codes.has(c) || groups.has(lookupOffence(c)?.group ?? ''));
  return scope.groups.length > 0 && scope.groups.every((g) => groups.has(g));
}

/**
 * Targets whose assessment window (± window_months) the months start..end meet but whose offences do
 * NOT cover the finding's, for a finding about proactive-recording offences only (otherwise none):
 * the drop signature where the target's incentive is neglect rather than under-recording.
 */
export function targetsOutside(
  targets: readonly CrimeTarget[],
  q: { start: string; end: string } & OffenceScope,
  proactive: ProactiveRecordingOffences,
): CrimeTarget[] {
  if (!isProactiveScope(q, proactive)) return [];
  return targets.filter((t) => {
    const from = addMonths(t.assessment.start, -t.window_months);
    const to = addMonths(t.assessment.end, t.window_months);
    return q.start <= to && from <= q.end && !targetCovers(t, q);
  });
}

/** Every target a finding is set beside, covered ones first, each with its relation. */
export function nearTargets(
  targets: readonly CrimeTarget[],
  q: { start: string; end: string } & OffenceScope,
  proactive: ProactiveRecordingOffences,
): NearTarget[] {
  return [
    ...targetsNear(targets, q).map((t) => ({ ...t, relation: 'covered' as const })),
    ...targetsOutside(targets, q, proactive).map((t) => ({ ...t, relation: 'outside the target' as const })),
  ];
}
