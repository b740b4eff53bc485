/**
 * The windows the year-end dip check compares, per force × series × financial year, read from the
 * force's peer comparison (comparison.ts): April–December (the year's own run-rate), January–March,
 * March alone (monthly data only), and the next April–June (did the series recover?) and next April
 * (were the missing crimes recorded there instead?), and the next April–December. A financial year is used only when every
 * period of April–March is usable; the next year's windows are null when they are not there.
 * Financial years touching a temporary national shock from their April to the next June are left
 * out (COVID-19: forces' dips and recoveries then differed several-fold).
 */
import type { KnownBreak } from '#core/detection/known-breaks.ts';
import { addMonths, calendarMonth } from '#core/series/months.ts';
import { explains } from './baseline-mask.ts';
import type { PeerComparison } from './comparison.ts';
import type { Panel, SeriesSpec } from './panel.ts';
import type { WindowCounts } from './year-end-dip-stats.ts';

export interface FinancialYearCells {
  /** The year's first month, YYYY-04. */
  april: string;
  base: WindowCounts;
  quarter: WindowCounts;
  march: WindowCounts | null;
  nextQuarter: WindowCounts | null;
  /** The next April–December: the recovery test when it is there (three times the months). */
  nextYear: WindowCounts | null;
  nextApril: WindowCounts | null;
}

/** Period offsets from a financial year's April position, by grain. */
const LAYOUT = {
  month: {
    base: [0, 8],
    quarter: [9, 11],
    march: [11, 11],
    next: [12, 14],
    nextYear: [12, 20],
    nextApril: [12, 12],
  },
  quarter: { base: [0, 2], quarter: [3, 3], march: null, next: [4, 4], nextYear: [4, 6], nextApril: [4, 4] },
} as const;

export function financialYearCells(
  panel: Panel,
  spec: SeriesSpec,
  c: PeerComparison,
  knownBreaks: readonly KnownBreak[],
): FinancialYearCells[] {
  const usable = new Uint8Array(panel.periods.length);
  for (const t of c.index) usable[t] = 1;
  const layout = LAYOUT[panel.grain];
  const shocks = knownBreaks.filter(
    (b) =>
      b.kind === 'national_shock' &&
      b.force_code === null &&
      b.end !== null &&
      (b.offence_groups === null || spec.groups.some((g) => b.offence_groups!.includes(g))),
  );
  const sum = (t0: number, span: readonly [number, number] | null, all: boolean): WindowCounts | null => {
    if (span === null) return null;
    let y = 0;
    let e = 0;
    for (let t = t0 + span[0]; t <= t0 + span[1]; t++) {
      if (t >= panel.periods.length || !usable[t]) {
        if (all) return null;
        continue;
      }
      y += c.y[t]!;
      e += c.e[t]!;
    }
    return { y, e };
  };
  const explained = knownBreaks.filter((b) => explains(b, spec, c.force));
  const out: FinancialYearCells[] = [];
  panel.periods.forEach((p, t) => {
    if (calendarMonth(p) !== 4) return;
    const last = addMonths(p, 14); // the next June: a later shock only costs the nextYear window
    if (shocks.some((b) => p <= b.end! && b.start <= last)) return;
    // April to December is the year's own run-rate: explained months there leave it no baseline. A
    // year whose last quarter the force explained is still tested (its finding cites the annotation).
    const runRateEnd = addMonths(p, 8);
    if (explained.some((b) => p <= b.end! && b.start <= runRateEnd)) return;
    const base = sum(t, layout.base, true);
    const quarter = sum(t, layout.quarter, true);
    if (!base || !quarter || base.e <= 0 || quarter.e <= 0) return;
    out.push({
      april: p,
      base,
      quarter,
      march: sum(t, layout.march, true),
      nextQuarter: sum(t, layout.next, true),
      nextYear: sum(t, layout.nextYear, true),
      nextApril: sum(t, layout.nextApril, true),
    });
  });
  return out;
}

/** The financial year's label, `2019/20` for the year from April 2019. */
export function financialYearLabel(april: string): string {
  const y = Number(april.slice(0, 4));
  return `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
}
