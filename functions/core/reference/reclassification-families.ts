/**
 * The versioned families of substitutable offence codes (reclassification-families.json): which
 * codes can stand in for each other, which side is the serious one, and why. Validated once at load:
 * a family whose codes are unknown to the offence reference, or that lists a code on both sides or in
 * two families, is a programming error and throws here, not in the middle of an audit.
 */
import { z } from 'zod';
import { lookupOffence, normaliseOffenceCode } from './offence-reference.ts';
import table from './reclassification-families.json' with { type: 'json' };

const side = z.object({
  /** Plural noun phrase for summaries ("assaults with injury"). */
  label: z.string().min(1),
  codes: z.array(z.string().min(1)).min(1),
});

const FamilySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  description: z.string().min(1),
  /**
   * `code`: findings name the serious and lesser codes. `subgroup`: the serious codes are variants of
   * one offence, so findings name the subgroup of the serious code that lost most (offence_code null).
   */
  level: z.enum(['code', 'subgroup']),
  offence_group: z.string().min(1),
  serious: side,
  lesser: side,
  /** Plural noun phrase per code, for summaries. */
  labels: z.record(z.string(), z.string().min(1)),
  /**
   * Year-on-year between-force drift (logit scale) used when too few forces are in the run to estimate
   * τ̂ from the data (a single force's audit).
   */
  fallback_tau: z.number().positive(),
  /** Known-break ids (detection/known-breaks.ts) that no test window may straddle for this family. */
  skip_across_breaks: z.array(z.string()),
  rationale: z.string().min(1),
  evidence: z.array(z.string().min(1)).min(1),
});
export type ReclassificationFamily = z.infer<typeof FamilySchema>;

const TableSchema = z.object({
  version: z.string().min(1),
  description: z.string().min(1),
  sources: z.array(z.string()),
  group_level: z.object({ families: z.array(FamilySchema), rationale: z.string().min(1) }),
  families: z.array(FamilySchema).min(1),
});
export type ReclassificationFamilyTable = z.infer<typeof TableSchema>;

/** Which side of which family an offence code sits on. */
export interface FamilyMembership {
  family: ReclassificationFamily;
  side: 'serious' | 'lesser';
}

/** Parses and checks a family table; throws with the reason when it is inconsistent. */
export function parseReclassificationFamilies(json: unknown): ReclassificationFamilyTable {
  const parsed = TableSchema.parse(json);
  const owner = new Map<string, string>();
  for (const family of [...parsed.families, ...parsed.group_level.families]) {
    for (const code of [...family.serious.codes, ...family.lesser.codes]) {
      const info = lookupOffence(code);
      if (info === null) throw new Error(`family ${family.id}: offence code ${code} is not in the reference`);
      if (normaliseOffenceCode(code) !== normaliseOffenceCode(info.code)) {
        throw new Error(`family ${family.id}: write offence code ${code} as ${info.code}`);
      }
      const seen = owner.get(code);
      if (seen !== undefined) throw new Error(`offence code ${code} is in both ${seen} and ${family.id}`);
      owner.set(code, family.id);
      if (family.labels[code] === undefined) throw new Error(`family ${family.id}: no label for ${code}`);
    }
  }
  return parsed;
}

export const RECLASSIFICATION_FAMILY_TABLE: ReclassificationFamilyTable =
  parseReclassificationFamilies(table);
export const RECLASSIFICATION_FAMILIES_VERSION: string = RECLASSIFICATION_FAMILY_TABLE.version;
export const RECLASSIFICATION_FAMILIES: readonly ReclassificationFamily[] =
  RECLASSIFICATION_FAMILY_TABLE.families;

/** code → its family and side, for a list of families (codes are unique across families). */
export function familyIndex(
  families: readonly ReclassificationFamily[],
): ReadonlyMap<string, FamilyMembership> {
  const out = new Map<string, FamilyMembership>();
  for (const family of families) {
    for (const code of family.serious.codes) out.set(code, { family, side: 'serious' });
    for (const code of family.lesser.codes) out.set(code, { family, side: 'lesser' });
  }
  return out;
}

/** The phrase a summary uses for a code: the family's label, else the reference description. */
export function codeLabel(family: ReclassificationFamily, code: string): string {
  return family.labels[code] ?? lookupOffence(code)?.description ?? code;
}
