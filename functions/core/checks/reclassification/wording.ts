/**
 * Small pieces of wording shared by the reclassification checks' summaries: counts with thousands
 * separators (written out by hand so that no locale or ICU build changes a finding's text) and
 * percentages, plus the target-window test that sets `near_target`.
 */
import type { CrimeTarget } from '../../detection/targets.ts';
import { addMonths } from '../../series/months.ts';

/** 1234.4 → "1,234"; rounds to a whole number. */
export function count(n: number): string {
  const rounded = Math.round(Math.abs(n));
  const digits = String(rounded);
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return (n < 0 && rounded > 0 ? '-' : '') + out;
}

/** 0.2013 → "20.1%". */
export function percent(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}

/**
 * True when the months [start, end] touch a target's assessment window (widened by its
 * `window_months`) and the target covers the family's group and at least one of its serious codes.
 */
export function nearTarget(
  targets: readonly CrimeTarget[],
  q: { offenceGroup: string; seriousCodes: readonly string[]; start: string; end: string },
): CrimeTarget | null {
  for (const t of targets) {
    if (t.offence_groups.length > 0 && !t.offence_groups.includes(q.offenceGroup)) continue;
    if (t.offence_codes.length > 0 && !q.seriousCodes.some((c) => t.offence_codes.includes(c))) continue;
    const from = addMonths(t.assessment.start, -t.window_months);
    const to = addMonths(t.assessment.end, t.window_months);
    if (q.start <= to && from <= q.end) return t;
  }
  return null;
}
