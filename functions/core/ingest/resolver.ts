/**
 * Resolves what a row names to the reference entries: a force (by data.police.uk slug, ONS police
 * force area code or Home Office name; or one of the non-force bodies whose rows are skipped), and an
 * offence (by code, or by the Home Office table's own group and subgroup).
 */
import type { ReturnRow } from '../model/returns.ts';
import { resolveForce, resolveNonForceBody } from '../reference/forces.ts';
import { lookupOffence, resolveOffenceGroup, UNKNOWN_OFFENCE_GROUP } from '../reference/offence-reference.ts';

/** Distinct force spellings remembered; beyond this each row is resolved afresh (memory stays bounded). */
const FORCE_CACHE_LIMIT = 1000;

export const UNKNOWN_FORCE_MESSAGE =
  'unknown force: expected one of the 43 territorial forces of England and Wales or BTP, as a ' +
  'data.police.uk slug (e.g. greater-manchester), an ONS police force area code (e.g. E23000005) or a ' +
  'Home Office force name (e.g. Avon & Somerset)';

/** Why the rows of a non-force body are skipped, for the run summary. */
export function nonForceBodyMessage(body: string): string {
  return `rows for ${body} were not audited: it is not a police force (fraud it records is counted nationally, not by a force)`;
}

/** A force's slug, a non-force body's name, or null for a name that is neither. */
export type ForceResolution = { slug: string } | { nonForce: string } | null;

export class ForceResolver {
  private readonly cache = new Map<string, ForceResolution>();

  resolve(text: string): ForceResolution {
    let found = this.cache.get(text);
    if (found === undefined) {
      const f = resolveForce(text);
      const body = f ? null : resolveNonForceBody(text);
      found = f ? { slug: f.slug } : body ? { nonForce: body } : null;
      if (this.cache.size < FORCE_CACHE_LIMIT) this.cache.set(text, found);
    }
    return found;
  }
}

export interface ResolvedOffence {
  code: string;
  group: string;
  subgroup: string | null;
  /** False when the code is not in the reference table: it is kept under the group "Unknown". */
  known: boolean;
}

export function resolveOffenceCode(code: string): ResolvedOffence {
  const info = lookupOffence(code);
  return info
    ? { code: info.code, group: info.group, subgroup: info.subgroup, known: true }
    : { code, group: UNKNOWN_OFFENCE_GROUP, subgroup: null, known: false };
}

/** The offence fields of a cell, code level or group level. */
export type CellOffence = Pick<ReturnRow, 'level' | 'offence_code' | 'offence_group' | 'offence_subgroup'>;

/** A resolved code as the offence fields of a code-level cell. */
export function codeLevel(o: ResolvedOffence): CellOffence {
  return { level: 'code', offence_code: o.code, offence_group: o.group, offence_subgroup: o.subgroup };
}

/** What a Home Office row says of its offence: a code with its optional group, or a group alone. */
export type QuarterOffenceText =
  | { offence_code: string; offence_group: string | null; offence_subgroup: string | null }
  | { offence_group: string };

/**
 * Code level: the table's own group and subgroup are the publisher's mapping for that year and are
 * kept; the reference table fills them only where the export left them blank. So a code retired
 * before 2024/25 is not "unknown" here: the Home Office said what it was. `known` is false only for a
 * code neither the table nor the reference places in a group.
 * Group level: the canonical spelling when it is a known group; otherwise as published (never guessed).
 */
export function resolveQuarterOffence(r: QuarterOffenceText): { offence: CellOffence; known: boolean } {
  if (!('offence_code' in r)) {
    return {
      offence: {
        level: 'group',
        offence_code: null,
        offence_group: resolveOffenceGroup(r.offence_group) ?? r.offence_group,
        offence_subgroup: null,
      },
      known: true,
    };
  }
  const ref = lookupOffence(r.offence_code);
  const group = r.offence_group ? (resolveOffenceGroup(r.offence_group) ?? r.offence_group) : ref?.group;
  const subgroup = r.offence_subgroup ?? (ref && ref.group === group ? ref.subgroup : null);
  return {
    offence: {
      level: 'code',
      offence_code: ref?.code ?? r.offence_code,
      offence_group: group ?? UNKNOWN_OFFENCE_GROUP,
      offence_subgroup: group ? subgroup : null,
    },
    known: group !== undefined,
  };
}
