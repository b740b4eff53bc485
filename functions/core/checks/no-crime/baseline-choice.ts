/**
 * The months a window's baseline is taken from. The rule of detection/baselines.ts baselineWindow:
 * up to `baselineMonths` months before the window, after a guard band of `baselineGapMonths`,
 * skipping (and reaching past) months of temporary known breaks (COVID-19, recording drives, IT
 * migrations), examining at most `baselineLookbackMonths` other months (chosen or missing), never
 * across a permanent break. Breaks are looked up for the series' offence group; for the all-offences
 * series every temporary break counts but only permanent breaks of every group do (breaksForSeries):
 * recoding burglary or moving fraud to Action Fraud renames or removes codes, which does not make a
 * force's overall cancellation rate incomparable, and honouring them would leave the total untested
 * for 18 months after each. The shared helper is called once per reported finding, for its evidence;
 * the selection itself runs here on precomputed break masks, because a national audit needs ~10⁴
 * selections per force (a test keeps the two equal).
 */
import { breaksAffecting, type KnownBreak } from '#core/detection/known-breaks.ts';
import { monthIndex } from '#core/series/months.ts';
import type { NoCrimeConfig } from './config.ts';

/** Known breaks of one force and offence group on the force's month axis. */
export interface BreakMask {
  /** 1 where a temporary break covers the month. */
  temporary: Uint8Array;
  /** Month indices of the permanent breaks' first months, ascending. */
  permanentStarts: number[];
}

/** The breaks that bound a series' baseline (see the file header). */
export function breaksForSeries(breaks: readonly KnownBreak[], group: string | null): readonly KnownBreak[] {
  return group === null ? breaks.filter((b) => b.end !== null || b.offence_groups === null) : breaks;
}

export function breakMask(
  breaks: readonly KnownBreak[],
  force: string,
  group: string | null,
  origin: number,
  T: number,
): BreakMask {
  const temporary = new Uint8Array(T);
  const permanentStarts: number[] = [];
  const affecting = breaksAffecting(breaks, {
    force_code: force,
    offence_group: group,
    start: '0000-01',
    end: '9999-12',
  });
  for (const b of affecting) {
    const start = monthIndex(b.start);
    if (b.end === null) {
      permanentStarts.push(start);
      continue;
    }
    const end = monthIndex(b.end);
    for (let m = Math.max(start, origin); m <= Math.min(end, origin + T - 1); m++) temporary[m - origin] = 1;
  }
  permanentStarts.sort((a, b) => a - b);
  return { temporary, permanentStarts };
}

/**
 * Axis positions chosen as baseline for a window starting at month index `ws` (baselineWindow's rule:
 * skip the guard band; skip temporary-break months without counting them; count every other month
 * examined, chosen or missing, up to `lookback`; stop at a permanent break that starts at or before
 * the window; stop once `length` months are chosen).
 */
export function chooseBaseline(
  ws: number,
  origin: number,
  mask: BreakMask,
  usable: (t: number) => boolean,
  c: Pick<NoCrimeConfig, 'baselineMonths' | 'baselineGapMonths' | 'baselineLookbackMonths'>,
): number[] {
  let floor = Number.NEGATIVE_INFINITY;
  for (const s of mask.permanentStarts) if (s <= ws) floor = s;
  const out: number[] = [];
  let examined = 0;
  for (let back = c.baselineGapMonths + 1; examined < c.baselineLookbackMonths; back++) {
    if (out.length >= c.baselineMonths) break;
    const m = ws - back;
    if (m < floor) break;
    const t = m - origin;
    if (t < 0) break; // every earlier month is before the force's first return
    if (mask.temporary[t] === 1) continue;
    examined++;
    if (usable(t)) out.push(t);
  }
  return out.reverse();
}
