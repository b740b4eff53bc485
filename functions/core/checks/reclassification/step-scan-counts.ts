/**
 * What a step-scan result says in crimes: the pair's counts before and after the change, the serious
 * crimes the step displaced, and κ against the other forces' growth over the same months.
 *
 * Displaced: each month after the change is moved back up by the excess step Δ = δ̂ − δ̃ on the logit
 * scale, D = Σ_t n_t·(expit(y_t − Δ) − s_t/n_t), y_t the month's ½-corrected log odds: the same step
 * the test measured, in crimes. κ (compensation.ts) compares the months after the change with the
 * baseline months scaled to the same length; each side's growth is the median over the other forces
 * with data on both sides of the same change month.
 */
import { monthIndex } from '#core/series/months.ts';
import { type Compensation, compensation } from './compensation.ts';
import { leaveOneOutMedians, sideDrift } from './mix-shift.ts';
import type { ScanSeries, StepScanResult } from './step-scan-analysis.ts';

export interface ScanCounts {
  seriousBase: number;
  lesserBase: number;
  seriousWindow: number;
  lesserWindow: number;
  baseMonths: number;
  windowMonths: number;
}

export function scanCounts(s: ScanSeries, change: string, baselineMonths: number): ScanCounts {
  const c = monthIndex(change);
  const out = {
    seriousBase: 0,
    lesserBase: 0,
    seriousWindow: 0,
    lesserWindow: 0,
    baseMonths: 0,
    windowMonths: 0,
  };
  s.months.forEach((m, i) => {
    const pc = s.ff.periods.get(m)!;
    if (s.t[i]! >= c) {
      out.seriousWindow += pc.serious;
      out.lesserWindow += pc.lesser;
      out.windowMonths += 1;
    } else if (c - s.t[i]! <= baselineMonths) {
      out.seriousBase += pc.serious;
      out.lesserBase += pc.lesser;
      out.baseMonths += 1;
    }
  });
  return out;
}

export interface ScanExpectation {
  counts: ScanCounts;
  observedShare: number;
  expectedShare: number;
  expectedSerious: number;
  displaced: number;
  growthSerious: number;
  growthLesser: number;
  compensation: Compensation;
}

const expit = (v: number) => 1 / (1 + Math.exp(-v));

/** Baseline counts scaled to the window's length (so growth compares like with like). */
const scaled = (k: ScanCounts) => {
  const f = k.baseMonths > 0 ? k.windowMonths / k.baseMonths : 0;
  return {
    seriousWindow: k.seriousWindow,
    lesserWindow: k.lesserWindow,
    seriousBase: k.seriousBase * f,
    lesserBase: k.lesserBase * f,
  };
};

export function scanExpectation(
  r: StepScanResult,
  all: readonly ScanSeries[],
  baselineMonths: number,
): ScanExpectation {
  const counts = scanCounts(r.series, r.change, baselineMonths);
  const step = r.delta - r.centre;
  let displaced = 0;
  const c = monthIndex(r.change);
  r.series.months.forEach((m, i) => {
    if (r.series.t[i]! < c) return;
    const pc = r.series.ff.periods.get(m)!;
    const n = pc.serious + pc.lesser;
    if (n === 0) return;
    const y = Math.log((pc.serious + 0.5) / (pc.lesser + 0.5));
    displaced += n * expit(y - step) - pc.serious;
  });
  // The other forces with months on both sides of the change, the focal force first.
  const others = all
    .filter((s) => s.force !== r.series.force)
    .map((s) => scanCounts(s, r.change, baselineMonths))
    .filter((k) => k.baseMonths >= 12 && k.windowMonths >= 12);
  const units = [counts, ...others].map((k) => ({ counts: scaled(k) }));
  const national = others.length >= 7;
  const lg = (w: number, b: number) => Math.log((w + 0.5) / (b + 0.5));
  const gS = national
    ? leaveOneOutMedians(units.map((u) => lg(u.counts.seriousWindow, u.counts.seriousBase)))[0]!
    : 0;
  const gL = national
    ? leaveOneOutMedians(units.map((u) => lg(u.counts.lesserWindow, u.counts.lesserBase)))[0]!
    : 0;
  const drift = sideDrift(
    units.map((u) => ({
      counts: { ...u.counts, codeWindow: new Float64Array(), codeBase: new Float64Array(), periods: [] },
    })),
    units.map((u) => lg(u.counts.seriousWindow, u.counts.seriousBase)),
    units.map((u) => lg(u.counts.lesserWindow, u.counts.lesserBase)),
    national,
    r.pair.family.fallback_tau,
  );
  const total = counts.seriousWindow + counts.lesserWindow;
  const expectedSerious = counts.seriousWindow + displaced;
  return {
    counts,
    observedShare: total > 0 ? counts.seriousWindow / total : 0,
    expectedShare: total > 0 ? expectedSerious / total : 0,
    expectedSerious,
    displaced,
    growthSerious: Math.exp(gS),
    growthLesser: Math.exp(gL),
    compensation: compensation(
      { ...units[0]!.counts, growthSerious: Math.exp(gS), growthLesser: Math.exp(gL) },
      drift,
    ),
  };
}
