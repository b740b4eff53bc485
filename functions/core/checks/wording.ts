/**
 * Wording every check family shares, so that summaries and notices name forces, offences, counts
 * and percentages the same way and stay neutral (a pattern that requires explanation, never an
 * allegation). Numbers are grouped by hand (no Intl): a finding's text must not change with the
 * machine's locale or ICU build.
 */
import type { CrimeTarget } from '../detection/targets.ts';
import { forceBySlug } from '../reference/forces.ts';

/** `1,234`, `1,234.5`: one decimal at most, thousands grouped. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const rounded = Math.round(n * 10) / 10;
  const [int, frac] = String(Math.abs(rounded)).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** 1234.4 → "1,234": a whole number with thousands separators. */
export function wholeNumber(n: number): string {
  const rounded = Math.round(Math.abs(n));
  const digits = String(rounded);
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return (n < 0 && rounded > 0 ? '-' : '') + out;
}

/** `3 months`, `1 month`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmt(n)} ${n === 1 ? one : many}`;
}

/** A fraction as a percentage to one decimal, trailing zero dropped: 0.248 → "24.8%", 0.25 → "25%". */
export function percent(fraction: number): string {
  return `${fmt(Math.round(fraction * 1000) / 10)}%`;
}

/** A share as a percentage to exactly one decimal: 0.2013 → "20.1%", 0.25 → "25.0%". */
export function percentFixed(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}

/** A rate as a percentage, two decimals below 1%: 0.0231 → "2.3%", 0.0042 → "0.42%". */
export function ratePercent(x: number): string {
  const v = x * 100;
  return `${v >= 1 ? v.toFixed(1) : v.toFixed(2)}%`;
}

/** A force's name as published (`Metropolitan Police`), or its slug when the slug is unknown. */
export function forceName(slug: string): string {
  return forceBySlug(slug)?.name ?? slug;
}

/** Forces named in a sentence: all of them up to five, else the first five "and N more". */
export function forceList(forces: readonly string[]): string {
  return forces.length > 5
    ? `${forces.slice(0, 5).join(', ')} and ${forces.length - 5} more`
    : forces.join(', ');
}

/** `offence code 8N (Violence against the person)` or `offence group "Drug offences"`. */
export function offenceLabel(o: { offence_code: string | null; offence_group: string }): string {
  return o.offence_code !== null
    ? `offence code ${o.offence_code} (${o.offence_group})`
    : `offence group "${o.offence_group}"`;
}

/** `lines 4, 9 and 12` / `line 4`; long lists are shortened (the evidence keeps them all). */
export function linesLabel(lines: readonly number[]): string {
  const sorted = [...lines].sort((a, b) => a - b);
  if (sorted.length === 1) return `line ${sorted[0]}`;
  const shown =
    sorted.length > 6 ? [...sorted.slice(0, 5).map(String), `${sorted.length - 5} more`] : sorted.map(String);
  return `lines ${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** `Total recorded crime …` at the start of a sentence. */
export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * A neutral clause naming the targets, or '' when none. A target with relation `outside the target`
 * (detection/targets.ts `nearTargets`) is named as the window the finding falls in, not as its cause.
 */
export function targetClause(targets: readonly (CrimeTarget & { relation?: string })[]): string {
  const covered = targets.filter((t) => t.relation !== 'outside the target');
  const outside = targets.filter((t) => t.relation === 'outside the target');
  const ids = (ts: readonly CrimeTarget[]) => ts.map((t) => t.id).join(', ');
  const a =
    covered.length > 0
      ? ` The period overlaps the assessment window of the configured crime-reduction target ${ids(covered)}.`
      : '';
  const b =
    outside.length > 0
      ? ` It falls during the assessment window of ${ids(outside)}, outside the target: these offences ` +
        "are not among the target's and are recorded mostly when the police look for them."
      : '';
  return a + b;
}
