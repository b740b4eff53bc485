/**
 * Words the sudden-drop summaries share, so that every sentence names forces, offences and periods
 * the same way and stays neutral: it describes a pattern and asks for an explanation, never alleges.
 */
import { lookupOffence } from '#core/reference/offence-reference.ts';
import type { SeriesSpec } from './panel.ts';

/** `total recorded crime (excluding fraud)`, `recorded robbery`, `offence code 8N (Assault with injury)`. */
export function seriesLabel(spec: SeriesSpec, excludedGroups: readonly string[]): string {
  if (spec.level === 'total') {
    return excludedGroups.length > 0
      ? `total recorded crime (excluding ${excludedGroups.map((g) => g.toLowerCase()).join(', ')})`
      : 'total recorded crime';
  }
  if (spec.level === 'group') return `recorded "${spec.offence_group}"`;
  const description = lookupOffence(spec.offence_code!)?.description;
  return `offence code ${spec.offence_code}${description ? ` (${description})` : ''}`;
}
