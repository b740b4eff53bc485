/**
 * One way to write a draft: a check names what its finding is about and what it found, and every
 * field it leaves out takes the findings table's neutral value (no offence, no figures, no p-value,
 * not near a target, counted in crimes). Checks then state only what differs between them.
 */
import type { CheckDraft } from './check.ts';

type Evidence = CheckDraft['evidence'];

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

/**
 * A draft whose evidence is built on first read, once: a check with thousands of tests a run, few of
 * them reported, need not build every test's evidence (the engine reads it only for what it keeps).
 * `evidence` is a non-enumerable getter, so copying the draft's fields (as the engine does) does not
 * build it; `build` must read nothing that changes after the draft is made.
 */
export function withLazyEvidence(fields: Omit<DraftFields, 'evidence'>, build: () => Evidence): CheckDraft {
  // The placeholder is replaced by the getter at once.
  const out = draft({ ...fields, evidence: { method: '' } });
  let built: Evidence | undefined;
  Object.defineProperty(out, 'evidence', {
    configurable: true,
    enumerable: false,
    get: () => {
      built ??= build();
      return built;
    },
  });
  return out;
}
