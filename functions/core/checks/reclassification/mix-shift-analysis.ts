/**
 * What the mix-shift check tests: for each grain (monthly, quarterly) and family, every force's
 * family counts, the test windows their spans support (none across a break the family must not be
 * compared over), the force's units for each window (its own 2×2 table and its peers' pooled one) and
 * the results of the calibrated test (mix-shift.ts). Decides nothing about reporting.
 */
import type { KnownBreak } from '#core/detection/known-breaks.ts';
import type { ReclassificationFamily } from '#core/reference/reclassification-families.ts';
import { periodEndIn, type Stream } from '#core/series/streams.ts';
import type { AuditContext } from '../audit-context.ts';
import type { AuditInput } from '../check.ts';
import { annotatedSpans, overlapsSpans } from './annotated-months.ts';
import {
  emptyWindowCounts,
  type ForceFamily,
  familyCodes,
  familyPeriods,
  type WindowCounts,
  windowCounts,
} from './family-counts.ts';
import { type MixShiftResult, type MixUnit, mixShift, pooledDrift } from './mix-shift.ts';
import type { MixShiftConfig } from './mix-shift-config.ts';
import { type StepScanResult, stepScans } from './step-scan-analysis.ts';
import { type ScanExpectation, scanExpectation } from './step-scan-counts.ts';
import { type TestedPair, testedPairs } from './tested-pairs.ts';
import { type TestWindow, testWindows } from './windows.ts';

export type { ForceFamily } from './family-counts.ts';

/** One tested hypothesis: a force's result in one window of one family at one grain. */
export interface MixShiftTest {
  result: MixShiftResult;
  ff: ForceFamily;
  family: ReclassificationFamily;
  /** The family or ladder step tested, and its cluster of overlapping pairs. */
  pair: TestedPair;
  window: TestWindow;
}

type PeersOf = (force: string) => readonly string[];

/** A force's whole-run step scan of one pair, with what it says in crimes. */
export interface ScanCase {
  result: StepScanResult;
  expectation: ScanExpectation;
}

/** The tests weighed against each other: one grain and one cluster of pairs sharing a code. */
export interface TestGroup {
  tests: MixShiftTest[];
  scans: ScanCase[];
}

/**
 * The audited forces' tests, one list per grain and cluster of pairs that share a code (in pair, then
 * window order), since overlapping windows are weighed against each other only within one such list.
 */
export function mixShiftTests(input: AuditInput, ctx: AuditContext, config: MixShiftConfig): TestGroup[] {
  const streams = ctx.streams.filter((st) => st.level === 'code');
  if (streams.length === 0) return [];
  const audited = new Set(input.forces);
  let peers: ReadonlyMap<string, readonly string[]> | null = null;
  const peersOf: PeersOf = (force) => {
    peers ??= ctx.peers({ size: config.peerGroupSize }).groups;
    return peers.get(force) ?? [];
  };
  const pairs = testedPairs(config.families, config.ladders);
  const out = new Map<string, TestGroup>();
  for (const grain of ['month', 'quarter'] as const) {
    const ofGrain = streams.filter((st) => st.grain === grain);
    if (ofGrain.length === 0) continue;
    for (const pair of pairs) {
      const byForce = forceFamilies(ofGrain, pair.family);
      if (![...byForce.keys()].some((f) => audited.has(f))) continue;
      const tests = familyTests(byForce, pair, config, peersOf).filter((t) => audited.has(t.result.force));
      const scans = grain === 'month' && config.stepScan ? scanCases(byForce, pair, config, audited) : [];
      const key = `${grain}|${pair.cluster}`;
      const group = out.get(key) ?? { tests: [], scans: [] };
      group.tests.push(...tests);
      group.scans.push(...scans);
      out.set(key, group);
    }
  }
  return [...out.values()];
}

function scanCases(
  byForce: ReadonlyMap<string, ForceFamily>,
  pair: TestedPair,
  config: MixShiftConfig,
  audited: ReadonlySet<string>,
): ScanCase[] {
  const results = stepScans(byForce, pair, {
    baselineMonths: config.scanBaselineMonths,
    minBaselineMonths: config.scanMinBaselineMonths,
    minAfterMonths: config.scanMinAfterMonths,
    sims: config.scanSimulations,
    trend: config.scanTrend,
    minForces: config.minForces,
    breaks: config.breaks,
  });
  const all = results.map((r) => r.series);
  return results
    .filter((r) => audited.has(r.series.force))
    .map((result) => ({ result, expectation: scanExpectation(result, all, config.scanBaselineMonths) }));
}

function forceFamilies(streams: readonly Stream[], family: ReclassificationFamily): Map<string, ForceFamily> {
  const byForce = new Map<string, ForceFamily>();
  for (const stream of streams) {
    const periods = familyPeriods(stream, family);
    if (periods.size > 0)
      byForce.set(stream.force_code, { stream, periods, sorted: [...periods.keys()].sort() });
  }
  return byForce;
}

/** Every force's test in every window of one family, the family's drift pooled over all its windows. */
function familyTests(
  byForce: ReadonlyMap<string, ForceFamily>,
  pair: TestedPair,
  config: MixShiftConfig,
  peersOf: PeersOf,
): MixShiftTest[] {
  const { family } = pair;
  const opts = { minForces: config.minForces, fallbackTau: family.fallback_tau };
  const tested = windowsOf(byForce, config.rollingWindows)
    .filter((window) => !straddlesBreak(family, window, null, config.breaks))
    .map((window) => ({ window, units: unitsFor(byForce, family, window, config, peersOf) }));
  const pooled = pooledDrift(
    tested.map((t) => t.units),
    opts,
  );
  return tested.flatMap(({ window, units }) =>
    mixShift(units, opts, pooled)
      // A force's explained months are no baseline for its own test; it stays a peer and part of the
      // drift estimate, so one force's annotation changes no other force's test.
      .filter(
        (r) =>
          !overlapsSpans(window.baseStart, window.baseEnd, annotatedSpans(config.breaks, r.force, family)),
      )
      .map((result) => ({
        result,
        ff: byForce.get(result.force)!,
        family,
        pair,
        window,
      })),
  );
}

/** The union of the windows every force's span supports, in time order. */
function windowsOf(byForce: ReadonlyMap<string, ForceFamily>, rolling: boolean): TestWindow[] {
  const windows = new Map<string, TestWindow>();
  for (const { stream, sorted } of byForce.values()) {
    const first = sorted[0]!;
    const last = periodEndIn(stream, sorted[sorted.length - 1]!);
    for (const w of testWindows(first, last, 3, rolling)) windows.set(`${w.start}|${w.end}`, w);
  }
  return [...windows.values()].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

/** A break the family must not be compared across, starting after the baseline's first month. */
function straddlesBreak(
  family: ReclassificationFamily,
  window: TestWindow,
  force: string | null,
  breaks: readonly KnownBreak[],
): boolean {
  return breaks.some(
    (b) =>
      family.skip_across_breaks.includes(b.id) &&
      (b.force_code === null || b.force_code === force) &&
      b.start > window.baseStart &&
      b.start <= window.end,
  );
}

function unitsFor(
  byForce: ReadonlyMap<string, ForceFamily>,
  family: ReclassificationFamily,
  window: TestWindow,
  config: MixShiftConfig,
  peersOf: PeersOf,
): MixUnit[] {
  const width = familyCodes(family).length;
  const counts = new Map<string, WindowCounts>();
  for (const [force, ff] of [...byForce].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (straddlesBreak(family, window, force, config.breaks)) continue;
    const c = windowCounts(ff.periods, ff.stream, window, config.minPairedMonths, width);
    if (c === null || c.seriousBase < config.minBaseCount || c.lesserBase < config.minBaseCount) continue;
    counts.set(force, c);
  }
  return [...counts].map(([force, c]) => {
    const peerForces = peersOf(force).filter((p) => counts.has(p));
    if (peerForces.length === 0) return { force, counts: c, peers: null };
    return {
      force,
      counts: c,
      peers: { forces: peerForces, counts: pooledCounts(peerForces, counts, width) },
    };
  });
}

/** The peers' window and baseline totals of each side (no per-code detail: the DiD reads the sides only). */
function pooledCounts(
  peerForces: readonly string[],
  counts: ReadonlyMap<string, WindowCounts>,
  width: number,
): WindowCounts {
  const pooled = emptyWindowCounts(width);
  for (const p of peerForces) {
    const pc = counts.get(p)!;
    pooled.seriousWindow += pc.seriousWindow;
    pooled.lesserWindow += pc.lesserWindow;
    pooled.seriousBase += pc.seriousBase;
    pooled.lesserBase += pc.lesserBase;
  }
  return pooled;
}

/** The code of a side that moved most against its share of the side's expectation. */
function namedCode(
  codes: readonly string[],
  offset: number,
  c: WindowCounts,
  sideBase: number,
  sideExpected: number,
  direction: 'shortfall' | 'excess',
): string {
  let best = codes[0]!;
  let bestGap = Number.NEGATIVE_INFINITY;
  for (const [i, code] of codes.entries()) {
    const expected = sideBase > 0 ? (c.codeBase[offset + i]! * sideExpected) / sideBase : 0;
    const observed = c.codeWindow[offset + i]!;
    const gap = direction === 'shortfall' ? expected - observed : observed - expected;
    if (gap > bestGap) {
      best = code;
      bestGap = gap;
    }
  }
  return best;
}

/** The serious code that fell most short and the lesser code that rose most: the finding's two codes. */
export function namedCodes({ result: r, family }: MixShiftTest): { serious: string; lesser: string } {
  const c = r.counts;
  return {
    serious: namedCode(family.serious.codes, 0, c, c.seriousBase, r.expectedSerious, 'shortfall'),
    lesser: namedCode(
      family.lesser.codes,
      family.serious.codes.length,
      c,
      c.lesserBase,
      r.expectedLesser,
      'excess',
    ),
  };
}
