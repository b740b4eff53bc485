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
