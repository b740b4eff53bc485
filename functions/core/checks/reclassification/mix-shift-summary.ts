/** The one-sentence summary of a mix-shift finding: what the force recorded against the mix's expectation. */
import { type LadderStep, stepPhrase } from '#core/detection/seriousness-ladders.ts';
import { codeLabel, type ReclassificationFamily } from '#core/reference/reclassification-families.ts';
import { percentFixed, wholeNumber } from '../wording.ts';
import type { MixShiftResult } from './mix-shift.ts';
import type { TestWindow } from './windows.ts';

export function mixShiftSummary(
  r: MixShiftResult,
  family: ReclassificationFamily,
  window: TestWindow,
  codes: { serious: string; lesser: string },
  step: LadderStep | null = null,
): string {
  const c = r.counts;
  const { serious: seriousCode, lesser: lesserCode } = codes;
  const named = (side: readonly string[], code: string) => (side.length === 1 ? code : `mostly ${code}`);
  const seriousPhrase =
    family.serious.codes.length === 1 ? codeLabel(family, seriousCode) : family.serious.label;
  const lesserPhrase = family.lesser.codes.length === 1 ? codeLabel(family, lesserCode) : family.lesser.label;
  const lesserMove =
    c.lesserWindow >= c.lesserBase
      ? `rose from ${wholeNumber(c.lesserBase)} to ${wholeNumber(c.lesserWindow)}`
      : `went from ${wholeNumber(c.lesserBase)} to ${wholeNumber(c.lesserWindow)}`;
  if (r.displaced <= 0) {
    return (
      `In ${window.label} ${r.force} recorded ${wholeNumber(c.seriousWindow)} ${seriousPhrase} ` +
      `(${named(family.serious.codes, seriousCode)}) against ${wholeNumber(r.expectedSerious)} expected from the ` +
      `mix of ${window.baseLabel}; no shift towards ${lesserPhrase} was seen.`
    );
  }
  return (
    `In ${window.label} ${r.force} recorded ${wholeNumber(r.displaced)} fewer ${seriousPhrase} ` +
    `(${named(family.serious.codes, seriousCode)}) than the mix of ${window.baseLabel} predicts ` +
    `(${percentFixed(r.observedShare)} of the family against ${percentFixed(r.expectedShare)}), while ${lesserPhrase} ` +
    `(${named(family.lesser.codes, lesserCode)}) ${lesserMove}; the shift from ${seriousCode} to ` +
    `${lesserCode}${stepClause(step, seriousCode, lesserCode)} requires explanation.`
  );
}

/** ", a step down the violence ladder," (the step named too when the codes do not name it). */
export function stepClause(step: LadderStep | null, seriousCode: string, lesserCode: string): string {
  if (step === null) return '';
  if (step.name === `${seriousCode} → ${lesserCode}`) return `, a step down ${step.ladder.name},`;
  return `, ${stepPhrase(step)},`;
}
