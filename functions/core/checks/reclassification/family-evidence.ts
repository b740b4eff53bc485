/** Evidence and draft fields both reclassification checks write the same way for a family's finding. */
import { seriousnessWeight, severityFromWeightedExcess } from '#core/detection/seriousness.ts';
import { type CrimeTarget, targetsNear } from '#core/detection/targets.ts';
import { lookupOffence } from '#core/reference/offence-reference.ts';
import type { ReclassificationFamily } from '#core/reference/reclassification-families.ts';
import type { DraftFields } from '../draft.ts';

export function familyEvidence(family: ReclassificationFamily): Record<string, unknown> {
  return {
    id: family.id,
    description: family.description,
    level: family.level,
    serious_codes: family.serious.codes,
    lesser_codes: family.lesser.codes,
  };
}

/** The first target over the family's serious codes near the window, or null. */
export function familyTarget(
  targets: readonly CrimeTarget[],
  family: ReclassificationFamily,
  start: string,
  end: string,
): CrimeTarget | null {
  return (
    targetsNear(targets, { groups: [family.offence_group], codes: family.serious.codes, start, end })[0] ??
    null
  );
}

/**
 * What a finding of a family says about its offences, and its severity: the one given (the mix-shift
 * check's, from severityOf), else from the crimes moved alone (the record-level check's rule).
 */
export function familyFindingFields(
  family: ReclassificationFamily,
  codes: { serious: string; lesser: string },
  excess: number,
  target: CrimeTarget | null,
  severity?: 'high' | 'medium' | 'low',
): Pick<
  DraftFields,
  'severity' | 'offence_group' | 'offence_subgroup' | 'offence_code' | 'related_offence_code' | 'near_target'
> {
  return {
    severity:
      severity ??
      severityFromWeightedExcess(
        Math.max(0, excess) * seriousnessWeight(family.offence_group, codes.serious),
      ),
    offence_group: family.offence_group,
    offence_subgroup: lookupOffence(codes.serious)?.subgroup ?? null,
    offence_code: family.level === 'code' ? codes.serious : null,
    related_offence_code: codes.lesser,
    near_target: target !== null,
  };
}
