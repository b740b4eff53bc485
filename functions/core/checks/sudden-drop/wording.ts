/**
 * Words the sudden-drop summaries share, so that every sentence names forces, offences and periods
 * the same way and stays neutral: it describes a pattern and asks for an explanation, never alleges.
 */
import type { CrimeTarget } from '../../detection/targets.ts';
import { forceBySlug } from '../../reference/forces.ts';
import { lookupOffence } from '../../reference/offence-reference.ts';
import { fmt } from '../data-quality/common.ts';
import type { SeriesSpec } from './panel.ts';

export function forceName(slug: string): string {
  return forceBySlug(slug)?.name ?? slug;
}

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

/** `24.8%` of a fraction. */
export function percent(fraction: number): string {
  return `${fmt(Math.round(fraction * 1000) / 10)}%`;
}

/** A neutral clause naming the targets, or '' when none. */
export function targetClause(targets: readonly CrimeTarget[]): string {
  if (targets.length === 0) return '';
  const ids = targets.map((t) => t.id).join(', ');
  return ` The period overlaps the assessment window of the configured crime-reduction target ${ids}.`;
}

export { fmt };
