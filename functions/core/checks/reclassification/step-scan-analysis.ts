/**
 * The whole-run test of a pair's monthly mix (rule 2.0.0): did a force's serious share step down at
 * some month and stay down? The year-on-year windows compare 12 months with the 12 before, which
 * uses half of what the data holds when a downgrade runs for years; this test compares every month
 * since a candidate change with up to `scanBaselineMonths` before it.
 *
 * For each force: x_t = logit of the serious share (½-corrected) minus the nation's pooled logit
 * that month (removing seasonality, national shocks and counting changes), weights w_t = the inverse
 * binomial variance; δ̂_c is the step at candidate c (quarter starts) in a weighted fit with a level
 * (and, with `scanTrend`, a linear trend), φ̂ from successive differences
 * (stats/step-scan.ts). Calibration as in the windows (mix-shift.ts): at each c, the national median
 * δ̃_c and the robust between-force τ̂²_c (max with the value pooled over all c) absorb what every force
 * did and how forces' mixes wander; z_c = (δ̂_c − δ̃_c)/√(φ̂ v_c + τ̂²_c). The force's statistic is
 * Z = min_c z_c, its p the scan's (stats/step-scan.ts: simulated, else the Hunter–Worsley bound).
 * Monthly returns only (a quarterly table has too few points to place a change).
 */
import type { KnownBreak } from '#core/detection/known-breaks.ts';
import { calendarMonth, monthIndex } from '#core/series/months.ts';
import { median } from '#core/stats/descriptive.ts';
import { createRng } from '#core/stats/random.ts';
import { robustTau2 } from '#core/stats/robust-tau2.ts';
import {
  type ScanPValue,
  scanMinPValue,
  stepCorrelations,
  stepFits,
  successiveDispersion,
} from '#core/stats/step-scan.ts';
import { annotatedSpans, insideSpans, type MonthSpan } from './annotated-months.ts';
import type { ForceFamily } from './family-counts.ts';
import type { TestedPair } from './tested-pairs.ts';

export interface StepScanOptions {
  baselineMonths: number;
  minBaselineMonths: number;
  minAfterMonths: number;
  sims: number;
  trend: boolean;
  minForces: number;
  breaks: readonly KnownBreak[];
}

/** One force's series on the scan's axis. */
export interface ScanSeries {
  force: string;
  ff: ForceFamily;
  months: string[];
  /** Months with data left out because the force's annotated break explains them (annotated-months.ts). */
  explained: string[];
  x: number[];
  t: number[];
  w: number[];
  phi: number;
}

export interface StepScanResult {
  series: ScanSeries;
  pair: TestedPair;
  /** The change month (first month at the lower level) and the series' last month. */
  change: string;
  end: string;
  baseStart: string;
  delta: number;
  se2: number;
  centre: number;
  tau2: number;
  z: number;
  candidates: number;
  scan: ScanPValue;
  calibration: 'national' | 'fallback';
}

const logit = (s: number, l: number) => Math.log((s + 0.5) / (l + 0.5));

/** The first month the pair may be compared from for a force (after a break it must not straddle). */
function firstComparable(pair: TestedPair, force: string, breaks: readonly KnownBreak[]): string {
  let from = '';
  for (const b of breaks) {
    if (!pair.family.skip_across_breaks.includes(b.id)) continue;
    if (b.force_code !== null && b.force_code !== force) continue;
    if (b.start > from) from = b.start;
  }
  return from;
}

/**
 * The force's series without the months its annotated breaks explain (annotated-months.ts): they
 * are neither baseline nor window of its own scan. The same object when none is explained.
 */
function withoutExplained(s: ScanSeries, spans: readonly MonthSpan[]): ScanSeries {
  if (spans.length === 0 || !s.months.some((m) => insideSpans(m, spans))) return s;
  const keep = s.months.flatMap((m, i) => (insideSpans(m, spans) ? [] : [i]));
  const x = keep.map((i) => s.x[i]!);
  const w = keep.map((i) => s.w[i]!);
  return {
    ...s,
    months: keep.map((i) => s.months[i]!),
    explained: s.months.filter((m) => insideSpans(m, spans)),
    x,
    t: keep.map((i) => s.t[i]!),
    w,
    phi: successiveDispersion(x, w),
  };
}

function scanSeries(
  byForce: ReadonlyMap<string, ForceFamily>,
  pair: TestedPair,
  breaks: readonly KnownBreak[],
): ScanSeries[] {
  const national = new Map<string, [number, number]>();
  for (const ff of byForce.values()) {
    for (const [m, pc] of ff.periods) {
      const n = national.get(m) ?? [0, 0];
      national.set(m, [n[0] + pc.serious, n[1] + pc.lesser]);
    }
  }
  const out: ScanSeries[] = [];
  for (const [force, ff] of byForce) {
    const from = firstComparable(pair, force, breaks);
    const months = ff.sorted.filter((m) => m >= from);
    const x: number[] = [];
    const w: number[] = [];
    for (const m of months) {
      const pc = ff.periods.get(m)!;
      const [ns, nl] = national.get(m)!;
      x.push(logit(pc.serious, pc.lesser) - logit(ns, nl));
      w.push(1 / (1 / (pc.serious + 0.5) + 1 / (pc.lesser + 0.5)));
    }
    out.push({
      force,
      ff,
      months,
      explained: [],
      x,
      t: months.map(monthIndex),
      w,
      phi: successiveDispersion(x, w),
    });
  }
  return out;
}

interface Candidate {
  series: ScanSeries;
  fits: ReturnType<typeof stepFits>;
}

function candidatesOf(s: ScanSeries, opts: StepScanOptions): Candidate {
  const idx: number[] = [];
  const first = s.t[0] ?? 0;
  const last = s.t[s.t.length - 1] ?? 0;
  s.months.forEach((m, i) => {
    if (calendarMonth(m) % 3 !== 1) return;
    if (s.t[i]! - first < opts.minBaselineMonths || last - s.t[i]! + 1 < opts.minAfterMonths) return;
    idx.push(i);
  });
  return { series: s, fits: stepFits(s.x, s.t, s.w, idx, opts.baselineMonths, opts.trend) };
}

/** Per candidate month: the cross-section's median δ̂ and robust τ̂² (null below minForces). */
function crossSection(cands: readonly Candidate[], opts: StepScanOptions) {
  const byMonth = new Map<string, { d: number[]; se: number[] }>();
  for (const c of cands) {
    for (const f of c.fits) {
      const m = c.series.months[f.candidate]!;
      const e = byMonth.get(m) ?? { d: [], se: [] };
      e.d.push(f.delta);
      e.se.push(Math.sqrt(c.series.phi * f.varianceFactor));
      byMonth.set(m, e);
    }
  }
  const cal = new Map<string, { centre: number; tau2: number }>();
  const dev: number[] = [];
  const devSe: number[] = [];
  for (const [m, e] of byMonth) {
    if (e.d.length < opts.minForces) continue;
    const centre = median(e.d);
    cal.set(m, { centre, tau2: robustTau2(e.d, e.se, centre).tau2 });
    e.d.forEach((d, i) => {
      dev.push(d - centre);
      devSe.push(e.se[i]!);
    });
  }
  const pooled = dev.length >= 2 ? robustTau2(dev, devSe, 0).tau2 : 0;
  return (m: string) => {
    const c = cal.get(m);
    return c === undefined ? null : { centre: c.centre, tau2: Math.max(c.tau2, pooled) };
  };
}

/** A stable seed per force and pair, so a run's p-values do not depend on the order of the tests. */
function seedOf(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Every force's scan for one pair; `fallbackTau` calibrates a force audited without a cross-section. */
export function stepScans(
  byForce: ReadonlyMap<string, ForceFamily>,
  pair: TestedPair,
  opts: StepScanOptions,
): StepScanResult[] {
  const cands = scanSeries(byForce, pair, opts.breaks).map((s) => candidatesOf(s, opts));
  // The cross-section is every force's series as recorded: one force's annotation is its own
  // baseline's business and moves no other force's calibration.
  const calOf = crossSection(cands, opts);
  const out: StepScanResult[] = [];
  for (const plain of cands) {
    const own = withoutExplained(plain.series, annotatedSpans(opts.breaks, plain.series.force, pair.family));
    const c = own === plain.series ? plain : candidatesOf(own, opts);
    if (c.fits.length === 0) continue;
    const zs = c.fits.map((f) => {
      const m = c.series.months[f.candidate]!;
      const cal = calOf(m) ?? { centre: 0, tau2: pair.family.fallback_tau ** 2 };
      const se2 = c.series.phi * f.varianceFactor;
      return { f, m, cal, se2, z: (f.delta - cal.centre) / Math.sqrt(se2 + cal.tau2) };
    });
    const best = zs.reduce((a, b) => (b.z < a.z ? b : a));
    const corr = stepCorrelations(c.fits, c.series.w);
    const rng = createRng(seedOf(`${c.series.force}|${pair.family.id}`));
    const months = c.series.months;
    out.push({
      series: c.series,
      pair,
      change: best.m,
      end: months[months.length - 1]!,
      baseStart: months.find((m) => monthIndex(best.m) - monthIndex(m) <= opts.baselineMonths)!,
      delta: best.f.delta,
      se2: best.se2,
      centre: best.cal.centre,
      tau2: best.cal.tau2,
      z: best.z,
      candidates: c.fits.length,
      scan: scanMinPValue(best.z, corr, rng, opts.sims),
      calibration: calOf(best.m) === null ? 'fallback' : 'national',
    });
  }
  return out;
}
