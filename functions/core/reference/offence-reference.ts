/**
 * The versioned offence reference table: Home Office offence code → description, offence group and
 * subgroup. Built by scripts/build-offence-reference.ts from the 2024/25 lookup; `version` travels
 * with every use so a finding can say which mapping it was computed with.
 */

import { nameKey } from './name-key.ts';
import { normaliseOffenceCode } from './offence-code.ts';
import table from './offence-codes-2024-25.json' with { type: 'json' };

export { normaliseOffenceCode } from './offence-code.ts';

export interface OffenceInfo {
  /** As the reference table writes it (e.g. "8N", "4.10", "UK Finance"). */
  readonly code: string;
  readonly description: string;
  readonly group: string;
  readonly subgroup: string;
}

export const OFFENCE_REFERENCE_VERSION: string = table.version;

/** The group given to a code the reference table does not know (the row is kept, and noted). */
export const UNKNOWN_OFFENCE_GROUP = 'Unknown';

export const OFFENCES: readonly OffenceInfo[] = Object.freeze(
  table.offences.map((o) => Object.freeze({ ...o })),
);

/** The Home Office offence groups, including "Fraud offences" (police-recorded fraud until 2013/14). */
export const OFFENCE_GROUPS: readonly string[] = Object.freeze([...table.groups]);

export const OFFENCE_SUBGROUPS: ReadonlyArray<{ readonly group: string; readonly subgroup: string }> =
  Object.freeze(table.subgroups.map((s) => Object.freeze({ ...s })));

const BY_CODE: ReadonlyMap<string, OffenceInfo> = new Map(
  OFFENCES.map((o) => [normaliseOffenceCode(o.code), o]),
);
const GROUP_BY_KEY: ReadonlyMap<string, string> = new Map(OFFENCE_GROUPS.map((g) => [nameKey(g), g]));
const SUBGROUP_BY_KEY: ReadonlyMap<string, { group: string; subgroup: string }> = new Map(
  OFFENCE_SUBGROUPS.map((s) => [nameKey(s.subgroup), s]),
);

/**
 * The reference entry for an offence code, tolerant of padding and letter case ("8n " → 8N) but never
 * of numeric rewriting: "4.1" and "4.10" stay different codes. Null when the table does not know it.
 */
export function lookupOffence(code: string): OffenceInfo | null {
  return BY_CODE.get(normaliseOffenceCode(code)) ?? null;
}

/** The canonical spelling of an offence group, tolerant of case, spacing, "&"/"and"; null when unknown. */
export function resolveOffenceGroup(name: string): string | null {
  return GROUP_BY_KEY.get(nameKey(name)) ?? null;
}

/** The canonical spelling of an offence subgroup (and its group); null when unknown. */
export function resolveOffenceSubgroup(name: string): { group: string; subgroup: string } | null {
  return SUBGROUP_BY_KEY.get(nameKey(name)) ?? null;
}
