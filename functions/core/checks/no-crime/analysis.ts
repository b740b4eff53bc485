/**
 * Runs the window test (chart.ts) over every force, series and test window that qualifies, before any
 * gate: the peer comparison needs every force's result in a window, audited or not.
 *
 * Windows. Per calendar block of `blockMonths` months (a quarter) and series, every window of
 * `scanLengths` months (3–5) ending in the block is one slot of one hypothesis (scan.ts: the window
 * with the largest standardised excess is tested, its p-value multiplied by the number of distinct
 * windows scanned). The latest windows may be partial, so the latest month is tested as soon as it
 * arrives. Within a block only the usable months of its source family (that of its last month that is
 * not an edge) count;
 * the lead-in and tail months of a record-level extract without cohorts, and the cohort months whose
 * follow-up is incomplete (rates.ts), never count.
 *
 * Baseline. The rule of detection/baselines.ts baselineWindow, over the force's months of the same
 * source family (monthly returns, record-level decision months, record-level cohorts: three rates that
 * are never mixed, the cohort rate counting only cancellations within the follow-up), chosen on
 * precomputed break masks (baseline-choice.ts), before the block's earliest window. The series' own
 * unusable months are then dropped. With fewer than `minBaselineMonths` left but at least
 * `minPeerRelativeBaselineMonths` (a short history, e.g. after a national shock whose months are
 * skipped) the window is tested against a peer-relative baseline only (gates.ts); with fewer, not at all. Months flagged earlier stay in later
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
import { type Counts, type MomentFit, momentFit, type WindowResult, windowResult } from './chart.ts';
import type { NoCrimeConfig } from './config.ts';
import { type DispersionPrior, dispersionPrior, moderatedFit, NO_PRIOR } from './dispersion-prior.ts';
import { emptyContrasts, type PeerContrasts, pushContrasts } from './peer-contrasts.ts';
import {
  type CancellationSeries,
  cancellationSeries,
  type ForceCancellations,
  type SourceFamily,
} from './rates.ts';
import {
  earliestStart,
  packBlock,
  packedScanSize,
  type ScanShape,
  scanPValue,
  scanTree,
  slotCount,
  slotCounts,
  slotIdx,
  slotSpan,
} from './scan.ts';

export interface TestedWindow {
  force: ForceCancellations;
  series: CancellationSeries;
  /** Nominal first month of the window chosen in the block (scan.ts). */
  windowStart: string;
  /** First month of the hypothesis block (the calendar quarter the window ends in): its identity for peers. */
  blockStart: string;
  /** The window's slot in the block (the same nominal window in every force) and K, the distinct windows scanned. */
  slot: number;
  windowLength: number;
  scanSize: number;
  /** The K − 1 correlations along the scan's maximal spanning tree, for its p-value (scan.ts). */
  scanTree: number[];
  /** The month the baseline rule was applied before (the block's earliest window start). */
  baselineBefore: string;
  /**
   * 'own': the own baseline has ≥ minBaselineMonths months; 'peer_relative': a shorter own history, tested
   * only against the peers' rate over the same months scaled by the force's ratio to them (gates.ts).
   */
  baselineKind: 'own' | 'peer_relative';
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
  /** The block's own-baseline p-value: the scan bound on the window's (scan.ts). */
  pScan: number;
}

/** An eligible window with its baseline fitted, its ρ floor not yet known. */
type Pending = Omit<
  TestedWindow,
  | 'result'
  | 'excessPerMonth'
  | 'rhoFloor'
  | 'pivot'
  | 'prior'
  | 'windowStart'
  | 'windowIdx'
  | 'window'
  | 'slot'
  | 'windowLength'
  | 'scanSize'
  | 'scanTree'
  | 'pScan'
> & { windows: Float64Array; shape: ScanShape; bs: number };

/** Everything fitted for one series and window across forces. */
interface ByKey {
  eligible: Pending[];
  contrasts: PeerContrasts;
}

export interface Analysis {
  /** Every eligible window, tested. */
  tested: TestedWindow[];
  /** `level|key|blockStart` → every force's contrasts of that series in that block's windows (eligible or not). */
  contrasts: Map<string, PeerContrasts>;
  /** Slots per block (the stride of PeerContrasts). */
  slots: number;
}

/** A window rated by cancellation cohorts (rates.ts), whose rate counts only cancellations within the follow-up. */
export function isCohort(t: Pick<TestedWindow, 'family'>): boolean {
  return t.family === 'record_level_cohort';
}

export function peerKey(t: Pick<TestedWindow, 'series' | 'blockStart'>): string {
  return `${t.series.level}|${t.series.key}|${t.blockStart}`;
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
      const t = testPending(p, floor, prior, peers);
      if (t) tested.push(t);
    }
    contrasts.set(key, peers);
  }
  return { tested, contrasts, slots: slotCount(config) };
}

/** Tests one eligible block: every slot's contrast to the peers, the chosen window's p-value (scan.ts). */
function testPending(
  p: Pending,
  floor: number,
  prior: DispersionPrior,
  peers: PeerContrasts,
): TestedWindow | null {
  const pivot = moderatedFit(p.fit, prior);
  const base = { mu: p.fit.mu, rho: Math.max(p.fit.rho, floor), n: p.fit.n, n2: p.fit.n2 };
  const slot = pushContrasts(peers, p.force.force_code, p.windows, base);
  if (slot < 0) return null;
  const counts = slotCounts(p.windows, slot);
  const result = windowResult(counts, pivot, floor);
  const k = packedScanSize(p.windows);
  const { windows } = p;
  const span = slotSpan(p.bs, p.shape, slot);
  const f = p.force;
  const usable = (t: number) => f.family[t] === p.family && f.edge[t] === null;
  const tree = scanTree(windows, base.rho, usable, p.series.n);
  // Pending's fields by name, in its order: a rest and a spread per test were a hot path's largest cost.
  return {
    force: p.force,
    series: p.series,
    blockStart: p.blockStart,
    baselineBefore: p.baselineBefore,
    baselineKind: p.baselineKind,
    family: p.family,
    candidates: p.candidates,
    mask: p.mask,
    fit: p.fit,
    windowStart: monthFromIndex(span.start),
    windowIdx: slotIdx(windows, slot, usable, p.series.n),
    window: counts,
    slot,
    windowLength: span.length,
    scanSize: k,
    scanTree: tree,
    pivot,
    prior,
    rhoFloor: floor,
    result,
    excessPerMonth: (result.plugIn.y - result.plugIn.expected) / counts.months,
    pScan: scanPValue(result.pValue, tree),
  };
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

/** One hypothesis block of one force: its months on the axis and the source family they are rated in. */
interface BlockSpan {
  /** Month index of the block's first month. */
  bs: number;
  blockStart: string;
  /** The month index the baseline rule is applied before (the block's earliest window start). */
  before: number;
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
  const b = config.blockMonths;
  const firstBlock = origin - ((calendarMonth(force.months[0]!) - 1) % b);
  for (let bs = firstBlock; bs < origin + T; bs += b) analyseBlock(axis, bs, config, out);
}

function analyseBlock(axis: ForceAxis, bs: number, config: NoCrimeConfig, out: Map<string, ByKey>): void {
  const { force, origin, T } = axis;
  const before = earliestStart(bs, config);
  const lo = Math.max(0, before - origin);
  const hi = Math.min(T - 1, bs + config.blockMonths - 1 - origin);
  // The block's family: that of its last reported month that is not a record-level edge.
  let family: SourceFamily | null = null;
  for (let t = hi; t >= lo && family === null; t--)
    if (force.edge[t] === null) family = force.family[t] ?? null;
  if (family === null) return;
  const span: BlockSpan = {
    bs,
    blockStart: monthFromIndex(bs),
    before,
    family,
    inFamily: (t) => force.family[t] === family && force.edge[t] === null,
    chosen: new Map(),
  };
  for (const series of force.series) analyseSeries(axis, span, series, config, out);
}

/**
 * Fits one series' baseline for one block; an eligible block is kept for testing, one too small to
 * test only gives its windows' contrasts to the other forces' peer comparison.
 */
function analyseSeries(
  axis: ForceAxis,
  span: BlockSpan,
  series: CancellationSeries,
  config: NoCrimeConfig,
  out: Map<string, ByKey>,
): void {
  const { y, n } = series;
  const { inFamily } = span;
  let any = false;
  const hi = Math.min(axis.T - 1, span.bs + config.blockMonths - 1 - axis.origin);
  for (let t = Math.max(0, span.bs - axis.origin); t <= hi && !any; t++) any = inFamily(t) && n[t]! > 0;
  if (!any) return; // no window ending in the block has a usable last month
  const groupKey = series.offence_group ?? '';
  let candidates = span.chosen.get(groupKey);
  if (!candidates) {
    candidates = chooseBaseline(
      span.before,
      axis.origin,
      axis.maskFor(series.offence_group),
      inFamily,
      config,
    );
    span.chosen.set(groupKey, candidates);
  }
  // No arrays until the block is known to be testable: most are not.
  const fit = momentFit(y, n, candidates);
  if (!fit || fit.months < config.minPeerRelativeBaselineMonths) return;
  const key = `${series.level}|${series.key}|${span.blockStart}`;
  let entry = out.get(key);
  if (!entry) {
    entry = { eligible: [], contrasts: emptyContrasts() };
    out.set(key, entry);
  }
  const windows = packBlock(span.bs, axis.origin, axis.T, config, inFamily, y, n);
  if (fit.mu * (fit.n / fit.months) < config.minExpectedPerMonth) {
    // Too small to test: its contrasts (at its own ρ̂; the floor is known only once every force is
    // fitted) still count among the other forces' peers.
    pushContrasts(entry.contrasts, axis.force.force_code, windows, fit);
    return;
  }
  entry.eligible.push({
    force: axis.force,
    series,
    blockStart: span.blockStart,
    baselineBefore: monthFromIndex(span.before),
    baselineKind: fit.months >= config.minBaselineMonths ? 'own' : 'peer_relative',
    windows,
    shape: config,
    bs: span.bs,
    family: span.family,
    candidates,
    mask: axis.maskFor(series.offence_group),
    fit,
  });
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
