/**
 * What a finding's offence columns cover, as a path in the offence hierarchy (total → group →
 * subgroup → code), and whether one scope holds another. A code's group and subgroup come from the
 * offence reference table when the finding leaves them out, so "8N" sits inside "Violence against the
 * person" whichever columns a check filled.
 */
import type { Finding } from '../model/findings.ts';
import { lookupOffence } from '../reference/offence-reference.ts';
import { monthsBetween } from '../series/months.ts';

/** Null at a level means every offence at that level: all nulls is total recorded crime. */
export interface OffenceScope {
  group: string | null;
  subgroup: string | null;
  code: string | null;
}

export function scopeOf(
  f: Pick<Finding, 'offence_group' | 'offence_subgroup' | 'offence_code'>,
): OffenceScope {
  if (f.offence_code !== null) return codeScope(f.offence_code, f.offence_group, f.offence_subgroup);
  return {
    group: f.offence_group,
    subgroup: f.offence_group === null ? null : f.offence_subgroup,
    code: null,
  };
}

export function codeScope(
  code: string,
  group: string | null = null,
  subgroup: string | null = null,
): OffenceScope {
  const ref = lookupOffence(code);
  return { group: group ?? ref?.group ?? null, subgroup: subgroup ?? ref?.subgroup ?? null, code };
}

/** True when every crime of `inner` is a crime of `outer` (equal scopes hold each other). */
export function holds(outer: OffenceScope, inner: OffenceScope): boolean {
  if (outer.group === null) return true;
  if (outer.group !== inner.group) return false;
  if (outer.subgroup !== null && outer.subgroup !== inner.subgroup) return false;
  return outer.code === null || outer.code === inner.code;
}

/** True when the scopes share crimes: one holds the other (the hierarchy is a tree). */
export function overlaps(a: OffenceScope, b: OffenceScope): boolean {
  return holds(a, b) || holds(b, a);
}

/** Months a finding's period spans, first and last included. */
export function monthsOf(f: Pick<Finding, 'period_start' | 'period_end'>): number {
  return monthsBetween(f.period_start, f.period_end) + 1;
}

/** Months two findings' periods share (0 when they do not overlap). */
export function sharedMonths(
  a: Pick<Finding, 'period_start' | 'period_end'>,
  b: Pick<Finding, 'period_start' | 'period_end'>,
): number {
  const start = a.period_start > b.period_start ? a.period_start : b.period_start;
  const end = a.period_end < b.period_end ? a.period_end : b.period_end;
  if (start > end) return 0;
  return monthsBetween(start, end) + 1;
}
