/**
 * One way to write a draft: a check names what its finding is about and what it found, and every
 * field it leaves out takes the findings table's neutral value (no offence, no figures, no p-value,
 * not near a target, counted in crimes). Checks then state only what differs between them.
 */
import type { CheckDraft } from './check.ts';

type Required = 'force_code' | 'period_start' | 'period_end' | 'severity' | 'summary' | 'evidence';

export type DraftFields = Pick<CheckDraft, Required> & Partial<Omit<CheckDraft, Required>>;

export function draft(fields: DraftFields): CheckDraft {
  return {
    offence_group: null,
    offence_subgroup: null,
    offence_code: null,
    related_offence_code: null,
    observed: null,
    expected: null,
    unit: 'crimes',
    effect_size: null,
    p_value: null,
    near_target: false,
    ...fields,
  };
}
