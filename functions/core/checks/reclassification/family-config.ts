/**
 * The configuration both reclassification checks share (the family table, its version and the
 * targets a finding is checked against), and the rule for what of a parsed configuration a finding
 * reports: every field of the check's `reported` schema, under its snake_case name, so that
 * `evidence.parameters` cannot drift from the configuration the check actually ran with.
 */
import { z } from 'zod';
import { type CrimeTarget, DEFAULT_TARGETS } from '#core/detection/targets.ts';
import {
  RECLASSIFICATION_FAMILIES,
  RECLASSIFICATION_FAMILIES_VERSION,
  type ReclassificationFamily,
} from '#core/reference/reclassification-families.ts';
import { snakeCase } from '../parameters.ts';

/** A list of reference entries passed in whole (validated where the table is loaded, not again here). */
export const referenceList = <T>(what: string) =>
  z.custom<readonly T[]>((v) => Array.isArray(v), { message: `expected a list of ${what}` });

/** The family table and the targets: inputs of the check, not thresholds, so not in evidence.parameters. */
export const familyInputs = {
  families:
    referenceList<ReclassificationFamily>('reclassification families').default(RECLASSIFICATION_FAMILIES),
  targets: referenceList<CrimeTarget>('crime targets').default(DEFAULT_TARGETS),
};

/** Version of `families`, part of the rule version and of every finding's parameters. */
export const familiesVersion = z.string().min(1).default(RECLASSIFICATION_FAMILIES_VERSION);

export const count = (value: number) => z.number().int().nonnegative().default(value);
export const share = (value: number) => z.number().min(0).max(1).default(value);

/** The rule version: the check's own rules and the family table's version. */
export function ruleVersionOf(rules: string, config: { familiesVersion: string }): string {
  return `${rules}+families.${config.familiesVersion}`;
}

/** `config`'s values of the `reported` schema's fields, keyed by their snake_case names. */
export function reportedParameters<C extends object>(
  reported: z.ZodObject,
  config: C,
): Record<string, string | number> {
  const values = config as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(reported.shape).map((key) => [snakeCase(key), values[key] as string | number]),
  );
}
