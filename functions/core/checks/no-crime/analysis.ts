/**
 * Runs the window test (chart.ts) over every force, series and test window that qualifies, before any
 * gate: the peer comparison needs every force's result in a window, audited or not.
 *
 * Windows. Blocks of `windowMonths` months over the stream's whole span. Code series use calendar-
 * aligned blocks (January–March, April–June, … at the default 3); the all-offences and group series,
 * few per force, use rolling blocks starting every month (windowStep), so that a spike straddling
 * two quarters is still seen whole (gates.ts keeps the best of overlapping windows). The latest
 * windows may be partial, so the latest month is tested as soon as it arrives. Within a window only
 * the usable months of the window's source family (that of its last month that is not an edge) count;
 * the lead-in and tail months of a record-level extract without cohorts, and the cohort months whose
 * follow-up is incomplete (rates.ts), never count.
 *
 * Baseline. The rule of detection/baselines.ts baselineWindow, over the force's months of the same
 * source family (monthly returns, record-level decision months, record-level cohorts: three rates that
 * are never mixed, the cohort rate counting only cancellations within the follow-up), chosen on
 * precomputed break masks (baseline-choice.ts). The series' own unusable months are then dropped;
 * fewer than `minBaselineMonths` left → the window is not tested. Months flagged earlier stay in later
 * baselines (no data-driven exclusion): a spike in a baseline can only make later tests more
 * conservative.
 *
 * Eligibility (from the baseline alone): μ̂ × mean baseline n ≥ `minExpectedPerMonth`. Only eligible
 * windows are tested (and become drafts); every fitted window, eligible or not, contributes its
 * contrast to the peer comparison, so that a national rise is recognised even where few forces' series
 * of an offence are large enough to be tested.
 *
 * ρ floor: rhoFloorShare × the median ρ̂ of the eligible fits of the same series and window across
 * forces (when at least peerMinForces forces are eligible there), applied to every p-value and
 * contrast of the eligible windows (chart.ts); a window too small to test enters the peer comparison
 * at its own ρ̂.
 *
 * Pooled dispersion: the same eligible fits give the prior that moderates each force's X² in the
 * predictive p-value (dispersion-prior.ts: the own 18–36 months alone left a t-like tail that hid
 * 2.5× spikes at national multiplicity).
 *
 * Families across forces. Peers, the ρ floor and the pooled dispersion take every force's same series
 * and window whatever its source family: a force rated by cohorts is compared with forces that send
 * monthly returns. What crosses forces is never a rate level but a force's rise against its own
 * baseline in its own family (θ = ln(y/(N μ̂))) and the month-to-month wobble of a share of the month's
 * crimes (ρ): both mean the same for a cohort rate and a decision-month rate. Requiring one family
 * would leave a force rated by cohorts without peers (and without peer confirmation of a national
 * change) until most forces send record-level extracts.
 */
import type { CancellationCohort } from '#core/model/ingest.ts';
import { calendarMonth, monthFromIndex, monthIndex } from '#core/series/months.ts';
import type { AuditContext } from '../audit-context.ts';
import { type BreakMask, breakMask, breaksForSeries, chooseBaseline } from './baseline-choice.ts';
import {
  type Counts,
  countsOf,
  type MomentFit,
  momentFit,
  type WindowResult,
  windowContrast,
  windowResult,
} from './chart.ts';
import type { NoCrimeConfig } from './config.ts';
import { type DispersionPrior, dispersionPrior, moderatedFit, NO_PRIOR } from './dispersion-prior.ts';
import {
  type CancellationSeries,
  cancellationSeries,
  type ForceCancellations,
  type SourceFamily,
} from './rates.ts';

export interface TestedWindow {
  force: ForceCancellations;
  series: CancellationSeries;
  /** First month of the calendar window (its identity for peers). */
  windowStart: string;
  /** Axis positions of the window months used, ascending, and their sums. */
  windowIdx: number[];
  window: Counts;
  family: SourceFamily;
  /**
   * Axis positions the baseline rule chose for the family and group (shared by the group's series);
   * baselineIdxOf drops the series' own empty months. Kept unfiltered because only reported windows
   * need the list: a national audit holds ~5·10⁴ tested windows until its drafts are made.
   */
  candidates: readonly number[];
  /** The known-break mask of the series' force and group (for the CUSUM's guard-band months). */
  mask: BreakMask;
  fit: MomentFit;
  /**
   * The fit the predictive p-value integrates over: X² and its degrees of freedom moderated by the
   * other forces' dispersions of the same series and window (dispersion-prior.ts). μ̂ and ρ̂ are `fit`'s.
   */
  pivot: MomentFit;
  prior: DispersionPrior;
  /** The lower bound put on ρ: a share of the median ρ̂ of every force's same series and window. */
  rhoFloor: number;
  result: WindowResult;
  /** (y − expected) / months used. */
  excessPerMonth: number;
}

/** An eligible window with its baseline fitted, its ρ floor not yet known. */
type Pending = Omit<TestedWindow, 'result' | 'excessPerMonth' | 'rhoFloor' | 'pivot' | 'prior'>;

/**
 * Every force's contrast of one series in one window (chart.ts WindowContrast: θ = logRatio and its
 * SE), for the peer comparison, in parallel arrays: a national audit has ~10⁵ of them, and one object
 * each kept to the end of the run costs more in garbage collection than the whole test.
 */
export interface PeerContrasts {
  forces: string[];
  logRatio: number[];
  logRatioSe: number[];
}

/** Everything fitted for one series and window across forces. */
interface ByKey {
  eligible: Pending[];
  contrasts: PeerContrasts;
}

export interface Analysis {
  /** Every eligible window, tested. */
  tested: TestedWindow[];
  /** `level|key|windowStart` → every force's contrast of that series in that window (eligible or not). */
  contrasts: Map<string, PeerContrasts>;
}

/** A window rated by cancellation cohorts (rates.ts), whose rate counts only cancellations within the follow-up. */
export function isCohort(t: Pick<TestedWindow, 'family'>): boolean {
  return t.family === 'record_level_cohort';
}

export function peerKey(t: Pick<TestedWindow, 'series' | 'windowStart'>): string {
  return `${t.series.level}|${t.series.key}|${t.windowStart}`;
}

export function analyse(
  ctx: AuditContext,
  config: NoCrimeConfig,
  cohorts?: readonly CancellationCohort[],
): Analysis {
  const byKey = new Map<string, ByKey>();
  for (const force of cancellationSeries(ctx, config.recordLevelLeadInMonths, cohorts)) {
    analyseForce(force, config, byKey);
  }
  const tested: TestedWindow[] = [];
  const contrasts = new Map<string, PeerContrasts>();
  for (const [key, { eligible, contrasts: peers }] of byKey) {
    const { floor, prior } = pooledDispersion(eligible, config);
    for (const p of eligible) {
      const pivot = moderatedFit(p.fit, prior);
      const result = windowResult(p.window, pivot, floor);
      peers.forces.push(p.force.force_code);
      peers.logRatio.push(result.plugIn.logRatio);
      peers.logRatioSe.push(result.plugIn.logRatioSe);
      tested.push({
        force: p.force,
        series: p.series,
        windowStart: p.windowStart,
        windowIdx: p.windowIdx,
        window: p.window,
        family: p.family,
        candidates: p.candidates,
        mask: p.mask,
        fit: p.fit,
        pivot,
        prior,
        rhoFloor: floor,
        result,
        excessPerMonth: (result.plugIn.y - result.plugIn.expected) / p.window.months,
      });
    }
    contrasts.set(key, peers);
  }
  return { tested, contrasts };
}

/**
 * What the forces tested in one series and window say about its dispersion together: the ρ floor
 * (rhoFloorShare × their median ρ̂) and the prior that moderates each force's X² (dispersion-prior.ts).
 * Neither with fewer than peerMinForces forces.
 */
function pooledDispersion(
  list: readonly Pending[],
  config: NoCrimeConfig,
): { floor: number; prior: DispersionPrior } {
  const seen = new Set<string>();
  const fits: MomentFit[] = [];
  for (const p of list) {
    if (seen.has(p.force.force_code)) continue;
    seen.add(p.force.force_code);
    fits.push(p.fit);
  }
  if (fits.length < config.peerMinForces) return { floor: 0, prior: NO_PRIOR };
  const rhos = fits.map((f) => f.rho).sort((a, b) => a - b);
  const mid = rhos.length >> 1;
  const median = rhos.length % 2 === 1 ? rhos[mid]! : 0.5 * (rhos[mid - 1]! + rhos[mid]!);
  return {
    floor: config.rhoFloorShare * median,
    prior: dispersionPrior(fits, median, config.peerMinForces),
  };
}

/** One force's month axis and its break masks, built once per offence group when first needed. */
interface ForceAxis {
  force: ForceCancellations;
  /** Month index of the axis' first month, and the axis length. */
  origin: number;
  T: number;
  maskFor(group: string | null): BreakMask;
}

/** One test window of one force: its months on the axis and the source family they are rated in. */
interface WindowSpan {
  ws: number;
  windowStart: string;
  lo: number;
  hi: number;
  family: SourceFamily;
  inFamily: (t: number) => boolean;
  /** Baseline candidates per offence group (shared by the group's series). */
  chosen: Map<string, number[]>;
}

function analyseForce(force: ForceCancellations, config: NoCrimeConfig, out: Map<string, ByKey>): void {
  const origin = monthIndex(force.months[0]!);
  const T = force.months.length;
  const masks = new Map<string, BreakMask>();
  const axis: ForceAxis = {
    force,
    origin,
    T,
    maskFor(group) {
      const key = group ?? '';
      let m = masks.get(key);
      if (!m) {
        m = breakMask(breaksForSeries(config.knownBreaks, group), force.force_code, group, origin, T);
        masks.set(key, m);
      }
      return m;
    },
  };
  const w = config.windowMonths;
  const firstStart = origin - ((calendarMonth(force.months[0]!) - 1) % w);
  const smallest = Math.min(config.windowStep.all, config.windowStep.group, config.windowStep.code);
  for (let ws = firstStart; ws < origin + T; ws += smallest) analyseWindow(axis, ws, config, out);
}

function analyseWindow(axis: ForceAxis, ws: number, config: NoCrimeConfig, out: Map<string, ByKey>): void {
  const { force, origin, T } = axis;
  const w = config.windowMonths;
  // Calendar-aligned starts (January, April, … at 3 months) and, for rolling levels, every month.
  const aligned = (calendarMonth(monthFromIndex(ws)) - 1) % w === 0;
  const levels = {
    all: aligned || config.windowStep.all === 1,
    group: aligned || config.windowStep.group === 1,
    code: aligned || config.windowStep.code === 1,
  };
  const lo = Math.max(0, ws - origin);
  const hi = Math.min(T - 1, ws + w - 1 - origin);
  // The window's family: that of its last reported month that is not a record-level edge.
  let family: SourceFamily | null = null;
  for (let t = hi; t >= lo && family === null; t--)
    if (force.edge[t] === null) family = force.family[t] ?? null;
  if (family === null) return;
  const span: WindowSpan = {
    ws,
    windowStart: monthFromIndex(ws),
    lo,
    hi,
    family,
    inFamily: (t) => force.family[t] === family && force.edge[t] === null,
    chosen: new Map(),
  };
  for (const series of force.series) {
    if (levels[series.level]) analyseSeries(axis, span, series, config, out);
  }
}

/**
 * Fits one series' baseline for one window; an eligible window is kept for testing, a window too
 * small to test only gives its contrast to the other forces' peer comparison.
 */
function analyseSeries(
  axis: ForceAxis,
  span: WindowSpan,
  series: CancellationSeries,
  config: NoCrimeConfig,
  out: Map<string, ByKey>,
): void {
  const { y, n } = series;
  const { inFamily } = span;
  let first = -1;
  let last = -1;
  for (let t = span.lo; t <= span.hi; t++) {
    if (inFamily(t) && n[t]! > 0) {
      if (first < 0) first = t;
      last = t;
    }
  }
  if (first < 0) return;
  const groupKey = series.offence_group ?? '';
  let candidates = span.chosen.get(groupKey);
  if (!candidates) {
    candidates = chooseBaseline(span.ws, axis.origin, axis.maskFor(series.offence_group), inFamily, config);
    span.chosen.set(groupKey, candidates);
  }
  // No arrays until the window is known to be testable: most are not.
  const fit = momentFit(y, n, candidates);
  if (!fit || fit.months < config.minBaselineMonths) return;
  const key = `${series.level}|${series.key}|${span.windowStart}`;
  let entry = out.get(key);
  if (!entry) {
    entry = { eligible: [], contrasts: { forces: [], logRatio: [], logRatioSe: [] } };
    out.set(key, entry);
  }
  if (fit.mu * (fit.n / fit.months) < config.minExpectedPerMonth) {
    // Too small to test: its contrast (at its own ρ̂; the floor is known only once every force is
    // fitted) still counts among the other forces' peers.
    const c = windowContrast(spanCounts(series, first, last, inFamily), fit);
    entry.contrasts.forces.push(axis.force.force_code);
    entry.contrasts.logRatio.push(c.logRatio);
    entry.contrasts.logRatioSe.push(c.logRatioSe);
    return;
  }
  const windowIdx: number[] = [];
  for (let t = first; t <= last; t++) if (inFamily(t) && n[t]! > 0) windowIdx.push(t);
  entry.eligible.push({
    force: axis.force,
    series,
    windowStart: span.windowStart,
    windowIdx,
    window: countsOf(y, n, windowIdx),
    family: span.family,
    candidates,
    mask: axis.maskFor(series.offence_group),
    fit,
  });
}

/** The window's counts over its usable months from `first` to `last`, without an index array. */
function spanCounts(
  series: CancellationSeries,
  first: number,
  last: number,
  inFamily: (t: number) => boolean,
): Counts {
  const w: Counts = { y: 0, n: 0, n2: 0, months: 0 };
  for (let t = first; t <= last; t++) {
    const nt = series.n[t]!;
    if (!inFamily(t) || !(nt > 0)) continue;
    w.y += series.y[t]!;
    w.n += nt;
    w.n2 += nt * (nt - 1);
    w.months++;
  }
  return w;
}

/** Axis positions of the baseline months a tested window's fit used, ascending. */
export function baselineIdxOf(t: TestedWindow): number[] {
  return t.candidates.filter((i) => t.series.n[i]! > 0);
}

/** Usable months between the baseline and the window (the guard band), outside temporary breaks. */
export function guardIdxOf(t: TestedWindow): number[] {
  const base = baselineIdxOf(t);
  const out: number[] = [];
  for (let i = base[base.length - 1]! + 1; i < t.windowIdx[0]!; i++) {
    if (
      t.force.family[i] === t.family &&
      t.force.edge[i] === null &&
      t.series.n[i]! > 0 &&
      t.mask.temporary[i] !== 1
    ) {
      out.push(i);
    }
  }
  return out;
}
