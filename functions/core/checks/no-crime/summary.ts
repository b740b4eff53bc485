/**
 * The one-sentence summary of a tested window, written once its fate is decided: a reported finding
 * names the rate, the crimes it is a share of, the baseline and the CUSUM onset; a window below the
 * reporting gate (never shown: the engine drops it) gets a plain label without the reference lookup.
 */
import { lookupOffence } from '#core/reference/offence-reference.ts';
import { spanLabel } from '#core/series/periods.ts';
import { ratePercent, wholeNumber } from '../wording.ts';
import { isCohort, type TestedWindow } from './analysis.ts';

export interface SummaryFacts {
  /** Material and not covered by a better window or a coarser series. */
  reported: boolean;
  /** The window's cancellation rate. */
  rate: number;
  /** First and last month of the window. */
  first: string;
  last: string;
  /** The month the CUSUM dates the rise from, when reported and dated. */
  onset: string | null;
}

export function windowSummary(t: TestedWindow, f: SummaryFacts): string {
  const s = t.series;
  if (!f.reported) {
    return (
      `${t.force.force_code} ${cancelledVerb(t)} ${ratePercent(f.rate)} of ${s.key === '*' ? 'all offences' : s.key} from ` +
      `${f.first} to ${f.last} against ${ratePercent(t.fit.mu)} expected; below the reporting gate.`
    );
  }
  const r = t.result.plugIn;
  const from = isCohort(t)
    ? `the cohorts of its previous ${t.fit.months} months`
    : `its previous ${t.fit.months} months of returns`;
  return (
    `${t.force.force_code} ${cancelledVerb(t)} ${ratePercent(f.rate)} (${wholeNumber(r.y)} of ${wholeNumber(r.n)}) of ${what(t)} ` +
    `in ${spanLabel(f.first, f.last, 'month')} against ${ratePercent(t.fit.mu)} expected from ${from}` +
    (f.onset !== null ? `; a CUSUM chart dates the rise from ${f.onset}` : '') +
    '; the rise requires explanation.'
  );
}

/** "cancelled" or, for a cohort rate, "cancelled within 90 days". */
function cancelledVerb(t: TestedWindow): string {
  return isCohort(t) ? `cancelled within ${t.force.followUpDays} days` : 'cancelled';
}

/** What the rate is a share of, in words. */
function what(t: TestedWindow): string {
  const s = t.series;
  if (s.level === 'all') return 'the crimes it recorded';
  if (s.level === 'group') return `the crimes it recorded as ${s.offence_group}`;
  const description = lookupOffence(s.offence_code!)?.description;
  return `the crimes it recorded as ${s.offence_code}${description ? ` (${description})` : ''}`;
}
