/**
 * Whether a window of cancellations lines up with a crime-reduction target (detection/targets.ts):
 * cancelling crimes lowers the recorded count a target is assessed on, so a rise near an assessment
 * window is the pattern HMIC (2014) warned about. A target is near when the window overlaps its
 * assessment window widened by `window_months` either side and the target covers the series'
 * offences (any target for the all-offences series, which contains every covered offence).
 */
import type { CrimeTarget } from '../../detection/targets.ts';
import { addMonths } from '../../series/months.ts';

const spans = new WeakMap<readonly CrimeTarget[], ReadonlyArray<{ from: string; to: string }>>();

/** Each target's assessment window widened by its `window_months`, computed once per target list. */
function widened(targets: readonly CrimeTarget[]): ReadonlyArray<{ from: string; to: string }> {
  let out = spans.get(targets);
  if (!out) {
    out = targets.map((t) => ({
      from: addMonths(t.assessment.start, -t.window_months),
      to: addMonths(t.assessment.end, t.window_months),
    }));
    spans.set(targets, out);
  }
  return out;
}

export function targetsNear(
  targets: readonly CrimeTarget[],
  q: { offence_group: string | null; offence_code: string | null; start: string; end: string },
): CrimeTarget[] {
  const span = widened(targets);
  return targets.filter((t, i) => {
    const { from, to } = span[i]!;
    if (q.end < from || q.start > to) return false;
    if (q.offence_group === null) return true;
    if (t.offence_groups.length > 0 && !t.offence_groups.includes(q.offence_group)) return false;
    if (q.offence_code !== null && t.offence_codes.length > 0)
      return t.offence_codes.includes(q.offence_code);
    return true;
  });
}
