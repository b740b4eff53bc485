/**
 * What κ lets a mix-shift finding say (compensation.ts), and so whether it is reported. A
 * reclassification finding says the crimes the serious side lost reappeared on the lesser side, so it
 * needs κ materially above 0: its point estimate at least `minCompensation` (0.5, nearer a one-for-one
 * swap than crimes that vanished) and its one-sided 95% lower confidence limit (Fieller's) above 0, which
 * is the lesser side's rise clear of noise, z_N ≥ `minCompensationZ` (1.645): crimes that vanished
 * (κ = 0) then pass as a reclassification in at most 5% of tests, however large the lesser side
 * (issue 9, item 4: a burglary cliff with nothing rising elsewhere is a drop, not a move).
 * - `reclassified`: both hold and κ is measurable (SE of κ̂ at κ = 0 at most `maxCompensationSe`);
 * - `imprecise` (rule 2.2.0): both hold but κ is not measurable: the lesser side is so much larger or
 *   noisier than the crimes moved (5D → 8N: a few hundred crimes against 8N's thousands) that the counts
 *   show crimes reappeared but not how many. Reported, says so, at most MEDIUM. Without the lower
 *   limit here a cliff in 28E read as "the shift from 28E to 49" whenever 49 was large enough to hide
 *   anything;
 * - `not_compensated`: either fails, or κ's 95% interval lies wholly below `minCompensation`: the
 *   crimes may have vanished, which is the sudden-drop checks' finding, so the mix shift is not reported;
 * - `serious_side_did_not_fall`: against the other forces' growth the serious side lost nothing (the
 *   mix moved because the lesser side grew): not a downgrade, not reported.
 */
import type { Compensation } from './compensation.ts';

export type CompensationVerdict =
  | 'reclassified'
  | 'not_compensated'
  | 'imprecise'
  | 'serious_side_did_not_fall';

export interface CompensationGate {
  minCompensation: number;
  minCompensationZ: number;
  maxCompensationSe: number;
}

export function compensationVerdict(c: Compensation, gate: CompensationGate): CompensationVerdict {
  if (c.kappa === null) return 'serious_side_did_not_fall';
  if (c.upper !== null && c.upper < gate.minCompensation) return 'not_compensated';
  if (!(c.kappa >= gate.minCompensation && c.zLesser >= gate.minCompensationZ)) return 'not_compensated';
  const se0 = c.lesserExcessSd / c.seriousShortfall;
  return se0 > gate.maxCompensationSe ? 'imprecise' : 'reclassified';
}

export const reportableVerdict = (v: CompensationVerdict): boolean =>
  v === 'reclassified' || v === 'imprecise';

/** An imprecise κ caps severity at MEDIUM: how many crimes moved is not known. */
export function cappedSeverity(
  severity: 'high' | 'medium' | 'low',
  v: CompensationVerdict,
): 'high' | 'medium' | 'low' {
  return v === 'imprecise' && severity === 'high' ? 'medium' : severity;
}

/** What the summary adds for an imprecise κ, so the sentence does not read as a measured move. */
export function verdictNote(v: CompensationVerdict): string {
  return v === 'imprecise'
    ? ' The lesser code rose clear of noise, so crimes reappeared there, but these counts cannot say how many of those lost moved (κ imprecise).'
    : '';
}

/** `evidence.compensation`'s statement of the rule, so an auditor can check the verdict from κ and its limit. */
export const COMPENSATION_RULE =
  'reported when κ ≥ min_compensation and the one-sided 95% lower limit of κ (Fieller) is above 0, i.e. z_lesser ≥ min_compensation_z; imprecise when the SE of κ at 0 exceeds max_compensation_se';
