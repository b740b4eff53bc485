/**
 * The periods a sudden-drop comparison leaves out of a force's series.
 *
 * - Temporary national shocks that touch the series (COVID-19 restrictions), for every force alike.
 *   Peers absorb the average shock, but while it lasts forces diverge several times more than usual
 *   and recover within months; a shift located inside it cannot be told from the shock. A change
 *   across the shock is still tested, as the level after it against the level before it.
 * - The force's own annotated breaks (an auditor's `auditor annotate`, kind `annotation`): the
 *   months an explanation covers stay out of every baseline, so a known break is not the "normal"
 *   a later month is judged against. They stay in test windows: a finding about the explained
 *   months is still reported, cites the annotation and is one band lower
 *   (engine/apply-annotations.ts). A break still in force covers every month from its start; one
 *   group's break does not cover the force total (annotationCovers agrees). Built-in force breaks (a
 *   records-system migration) are cited and lower a band but are not masked.
 */
import type { KnownBreak } from '#core/detection/known-breaks.ts';
import { periodEndOf } from '#core/series/periods.ts';
import type { Panel, SeriesSpec } from './panel.ts';

export const touches = (b: KnownBreak, spec: SeriesSpec): boolean =>
  b.offence_groups === null || spec.groups.some((g) => b.offence_groups!.includes(g));

/** One group's break is no reason to cut the force total's months (annotationCovers agrees). */
const within = (b: KnownBreak, spec: SeriesSpec): boolean =>
  b.offence_groups === null || spec.groups.every((g) => b.offence_groups!.includes(g));

/** True when the break is the force's own annotated break and covers all of the series' offences. */
export function explains(b: KnownBreak, spec: SeriesSpec, force: string): boolean {
  return b.kind === 'annotation' && b.end !== null && b.force_code === force && within(b, spec);
}

function maskOf(panel: Panel, breaks: readonly KnownBreak[]): Uint8Array | null {
  if (breaks.length === 0) return null;
  const mask = new Uint8Array(panel.periods.length);
  let any = false;
  panel.periods.forEach((p, t) => {
    const end = periodEndOf(p, panel.grain);
    if (breaks.some((b) => p <= b.end! && b.start <= end)) {
      mask[t] = 1;
      any = true;
    }
  });
  return any ? mask : null;
}

/** Periods inside a temporary national shock that touches the series, or null when none does. */
export function shockMask(panel: Panel, spec: SeriesSpec, breaks: readonly KnownBreak[]): Uint8Array | null {
  return maskOf(
    panel,
    breaks.filter(
      (b) => b.kind === 'national_shock' && b.force_code === null && b.end !== null && touches(b, spec),
    ),
  );
}

/** Periods of the force's own annotated breaks that cover the series, or null when none. */
export function annotationMask(
  panel: Panel,
  spec: SeriesSpec,
  force: string,
  breaks: readonly KnownBreak[],
): Uint8Array | null {
  return maskOf(
    panel,
    breaks.filter((b) => explains(b, spec, force)),
  );
}
