/**
 * What κ lets a mix-shift finding say (compensation.ts), and so whether it is reported:
 * - `reclassified`: κ is measurable (SE of κ̂ at κ = 0 at most `maxCompensationSe`), at least
 *   `minCompensation`, and the lesser side's rise is clear of noise (z_N ≥ `minCompensationZ`);
 * - `not_compensated`: κ is measurable and fails that: the crimes may have vanished, which is the
 *   sudden-drop check's finding, so the mix shift is not reported;
 * - `not_compensated` also when κ is not measurable but its 95% interval lies wholly below
 *   `minCompensation`: however noisy, the data say less than that share moved (a cliff whose lesser
 *   side fell as well);
 * - `undetermined`: the lesser side is so much larger or noisier than the crimes moved that κ cannot be
 *   told from 0 or 1 (5D → 8N: a few hundred crimes against 8N's thousands). The mix shift is
 *   reported, says so, and is at most MEDIUM;
 * - `serious_side_did_not_fall`: against the other forces' growth the serious side lost nothing (the
 *   mix moved because the lesser side grew): not a downgrade, not reported.
 */
import type { Compensation } from './compensation.ts';

export type CompensationVerdict =
  | 'reclassified'
  | 'not_compensated'
  | 'undetermined'
  | 'serious_side_did_not_fall';

export interface CompensationGate {
  minCompensation: number;
  minCompensationZ: number;
  maxCompensationSe: number;
}

export function compensationVerdict(c: Compensation, gate: CompensationGate): CompensationVerdict {
  if (c.kappa === null) return 'serious_side_did_not_fall';
  if (c.upper !== null && c.upper < gate.minCompensation) return 'not_compensated';
  const se0 = c.lesserExcessSd / c.seriousShortfall;
  if (se0 > gate.maxCompensationSe) return 'undetermined';
  return c.kappa >= gate.minCompensation && c.zLesser >= gate.minCompensationZ
    ? 'reclassified'
    : 'not_compensated';
}

export const reportableVerdict = (v: CompensationVerdict): boolean =>
  v === 'reclassified' || v === 'undetermined';

/** An undetermined κ caps severity at MEDIUM: the crimes may have vanished rather than moved. */
export function cappedSeverity(
  severity: 'high' | 'medium' | 'low',
  v: CompensationVerdict,
): 'high' | 'medium' | 'low' {
  return v === 'undetermined' && severity === 'high' ? 'medium' : severity;
}

/** What the summary adds for an undetermined κ, so the sentence does not read as a measured move. */
export function verdictNote(v: CompensationVerdict): string {
  return v === 'undetermined'
    ? ' These counts cannot tell whether the crimes moved to the lesser code or vanished (κ undetermined).'
    : '';
}
