/**
 * evidence.parameters of a finding, derived from the parsed configuration the check ran with: its
 * fields, at every depth, under their snake_case names (evidence keys are snake_case throughout, while
 * configuration is written in TypeScript's camelCase), so no hand-written list of parameters can drift
 * from the schema. Every check family derives its parameters through these.
 */

/** `minRelativeDrop` → `min_relative_drop`, `standOutZ` → `stand_out_z`. */
export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A plain configuration value with every object key snake_cased (arrays and scalars as they are). */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [snakeCase(k), snakeKeys(v)]));
}

/** A configuration section as evidence.parameters, with the run's own facts (grain, excluded groups) beside it. */
export function parametersOf(
  section: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { ...(snakeKeys(section) as Record<string, unknown>), ...extra };
}
