/**
 * `reclassification.mix_shift`: did a force's mix within a family of substitutable codes move from
 * the serious codes to the lesser ones, more than the nation's did and more than forces' mixes
 * naturally drift? One tested hypothesis per force × family × test window: every 12 months ending at
 * a quarter end (financial years and the years to June, September and December) and the latest 12
 * months, each against the 12 months before. A shift starting mid-year is then compared whole in one
 * window instead of being split between two financial years (rule version 1.1.0; 1.0.0 tested
 * financial years only and found a 12-month downgrade starting in, say, November at half strength).
 * Overlapping windows of a force and family are all tested, but only the one with the smallest p may
 * be reported (keepBestOfOverlapping). Statistics in mix-shift.ts, windows in windows.ts, families in
 * reference/reclassification-families.json.
 *
 * The peer difference-in-differences (1B) is computed for every test and reported in the same
 * finding's evidence as confirmation, not as a second hypothesis: the two statistics share the force's
 * own 2×2 table, so two findings would count one shift twice and spend the multiple-testing budget twice.
 *
 * Works on code-level returns, monthly or quarterly (the Home Office code table). On group-level
 * returns it does nothing (see the family table's `group_level.rationale`).
 */
import { breaksAffecting, KNOWN_BREAKS, type KnownBreak } from '../../detection/known-breaks.ts';
import { DEFAULT_PEER_GROUP_SIZE } from '../../detection/peers.ts';
import { seriousnessWeight, severityFromWeightedExcess } from '../../detection/seriousness.ts';
import { type CrimeTarget, DEFAULT_TARGETS, targetsNear } from '../../detection/targets.ts';
import type { Evidence, FindingDraft } from '../../model/findings.ts';
import { lookupOffence } from '../../reference/offence-reference.ts';
import {
  codeLabel,
  RECLASSIFICATION_FAMILIES,
  RECLASSIFICATION_FAMILIES_VERSION,
  type ReclassificationFamily,
} from '../../reference/reclassification-families.ts';
import { addMonths, monthIndex } from '../../series/months.ts';
import { periodEndIn, type Stream } from '../../series/streams.ts';
import type { AuditContext } from '../audit-context.ts';
import type { AuditInput, Check } from '../check.ts';
import { percentFixed, wholeNumber } from '../wording.ts';
import { reclassificationCoverageReport } from './coverage.ts';
import {
  familyCodes,
  familyPeriods,
  type PeriodCounts,
  type WindowCounts,
  windowCounts,
} from './family-counts.ts';
import { type MixShiftResult, type MixUnit, mixShift, pooledDrift } from './mix-shift.ts';
import { type TestWindow, testWindows } from './windows.ts';

export const MIX_SHIFT_CHECK_ID = 'reclassification.mix_shift';
const RULES = '1.1.0';

export interface MixShiftCheckConfig {
  families?: readonly ReclassificationFamily[];
  /** Version of `families`, part of the rule version (default: the shipped table's). */
  familiesVersion?: string;
  /** Forces needed in a window's cross-section to estimate δ̃ and τ̂² from the data (default 8). */
  minForces?: number;
  /** Months of a window that must pair with a usable month a year earlier (default 9 of 12). */
  minPairedMonths?: number;
  /** Smallest baseline count on each side of a family for a force to be tested (default 5). */
  minBaseCount?: number;
  /** Material gate: displaced crimes at least max(minDisplaced, minDisplacedShare × Ê s_W)… */
  minDisplaced?: number;
  minDisplacedShare?: number;
  /** …and the serious share at least this far below its expectation (default 0.02 = 2 points). */
  minShareChange?: number;
  peerGroupSize?: number;
  /**
   * Also test the 12 months ending each June, September and December (default true), so a shift that
   * starts mid-year is compared whole, not split between two financial years.
   */
  rollingWindows?: boolean;
  targets?: readonly CrimeTarget[];
  breaks?: readonly KnownBreak[];
}

interface Settings {
  families: readonly ReclassificationFamily[];
  familiesVersion: string;
  minForces: number;
  minPairedMonths: number;
  minBaseCount: number;
  minDisplaced: number;
  minDisplacedShare: number;
  minShareChange: number;
  peerGroupSize: number;
  rollingWindows: boolean;
  targets: readonly CrimeTarget[];
  breaks: readonly KnownBreak[];
}

function settingsOf(config: MixShiftCheckConfig): Settings {
  return {
    families: config.families ?? RECLASSIFICATION_FAMILIES,
    familiesVersion: config.familiesVersion ?? RECLASSIFICATION_FAMILIES_VERSION,
    minForces: config.minForces ?? 8,
    minPairedMonths: config.minPairedMonths ?? 9,
    minBaseCount: config.minBaseCount ?? 5,
    minDisplaced: config.minDisplaced ?? 10,
    minDisplacedShare: config.minDisplacedShare ?? 0.05,
    minShareChange: config.minShareChange ?? 0.02,
    peerGroupSize: config.peerGroupSize ?? DEFAULT_PEER_GROUP_SIZE,
    rollingWindows: config.rollingWindows ?? true,
    targets: config.targets ?? DEFAULT_TARGETS,
    breaks: config.breaks ?? KNOWN_BREAKS,
  };
}

export function createMixShiftCheck(config: MixShiftCheckConfig = {}): Check {
  const s = settingsOf(config);
  const ruleVersion = `${RULES}+families.${s.familiesVersion}`;
  return {
    id: MIX_SHIFT_CHECK_ID,
    signature: 'reclassification',
    ruleVersion,
    description:
      'Year-on-year shift within a family of substitutable offence codes (e.g. assault with injury to ' +
      'without injury) beyond the national shift and natural between-force drift; needs code-level ' +
      'returns and does nothing on offence-group data, where no substitutable family can be seen.',
    run: (input, ctx) => run(input, ctx, s, ruleVersion),
    // The family's coverage (extracts, aggregates only, not checked) is reported once, here.
    coverage: (input) => reclassificationCoverageReport(input),
  };
}

export const reclassificationMixShiftCheck: Check = createMixShiftCheck();

interface ForceFamily {
  stream: Stream;
  periods: Map<string, PeriodCounts>;
  /** The keys of `periods`, ascending. */
  sorted: string[];
}

function run(input: AuditInput, ctx: AuditContext, s: Settings, ruleVersion: string): FindingDraft[] {
  const streams = ctx.streams.filter((st) => st.level === 'code');
  if (streams.length === 0) return [];
  const audited = new Set(input.forces);
  let peers: ReadonlyMap<string, readonly string[]> | null = null;
  const peersOf = (force: string): readonly string[] => {
    peers ??= ctx.peers({ size: s.peerGroupSize }).groups;
    return peers.get(force) ?? [];
  };
  const drafts: FindingDraft[] = [];
  for (const grain of ['month', 'quarter'] as const) {
    const ofGrain = streams.filter((st) => st.grain === grain);
    if (ofGrain.length === 0) continue;
    for (const family of s.families) {
      const byForce = new Map<string, ForceFamily>();
      for (const stream of ofGrain) {
        const periods = familyPeriods(stream, family);
        if (periods.size > 0)
          byForce.set(stream.force_code, { stream, periods, sorted: [...periods.keys()].sort() });
      }
      if (![...byForce.keys()].some((f) => audited.has(f))) continue;
      const opts = { minForces: s.minForces, fallbackTau: family.fallback_tau };
      const tested = windowsOf(byForce, s.rollingWindows)
        .filter((window) => !straddlesBreak(family, window, null, s.breaks))
        .map((window) => ({ window, units: unitsFor(byForce, family, window, s, peersOf) }));
      const pooled = pooledDrift(
        tested.map((t) => t.units),
        opts,
      );
      const ofFamily: FindingDraft[] = [];
      for (const { window, units } of tested) {
        for (const r of mixShift(units, opts, pooled)) {
          if (!audited.has(r.force)) continue;
          ofFamily.push(draftOf(r, byForce.get(r.force)!, family, window, s, ruleVersion));
        }
      }
      drafts.push(...keepBestOfOverlapping(ofFamily));
    }
  }
  return drafts;
}

/**
 * Overlapping windows of one force and family test much the same months, so one shift shows in up to
 * seven of them. All stay tested (they count in Benjamini–Hochberg), but only the window with the
 * smallest p among those overlapping it may be reported: the others get `material = false` and name it
 * in `evidence.reported_window`. Ties go to the earlier window.
 */
export function keepBestOfOverlapping(drafts: readonly FindingDraft[]): FindingDraft[] {
  const byForce = new Map<string, FindingDraft[]>();
  for (const d of drafts) {
    const list = byForce.get(d.force_code) ?? [];
    list.push(d);
    byForce.set(d.force_code, list);
  }
  const p = (d: FindingDraft) => d.p_value ?? 1;
  const better = (a: FindingDraft, b: FindingDraft) =>
    p(a) < p(b) || (p(a) === p(b) && a.period_start < b.period_start);
  return drafts.map((d) => {
    const rival = byForce
      .get(d.force_code)!
      .find(
        (e) =>
          e !== d && Math.abs(monthIndex(e.period_start) - monthIndex(d.period_start)) < 12 && better(e, d),
      );
    if (rival === undefined) return d;
    return {
      ...d,
      evidence: {
        ...d.evidence,
        material: false,
        reported_window: { start: rival.period_start, end: rival.period_end, p_value: rival.p_value },
      },
    };
  });
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
  s: Settings,
  peersOf: (force: string) => readonly string[],
): MixUnit[] {
  const width = familyCodes(family).length;
  const counts = new Map<string, WindowCounts>();
  for (const [force, ff] of [...byForce].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (straddlesBreak(family, window, force, s.breaks)) continue;
    const c = windowCounts(ff.periods, ff.stream, window, s.minPairedMonths, width);
    if (c === null || c.seriousBase < s.minBaseCount || c.lesserBase < s.minBaseCount) continue;
    counts.set(force, c);
  }
  return [...counts].map(([force, c]) => {
    const peerForces = peersOf(force).filter((p) => counts.has(p));
    if (peerForces.length === 0) return { force, counts: c, peers: null };
    const pooled: WindowCounts = {
      seriousWindow: 0,
      lesserWindow: 0,
      seriousBase: 0,
      lesserBase: 0,
      codeWindow: new Float64Array(width),
      codeBase: new Float64Array(width),
      periods: [],
    };
    for (const p of peerForces) {
      const pc = counts.get(p)!;
      pooled.seriousWindow += pc.seriousWindow;
      pooled.lesserWindow += pc.lesserWindow;
      pooled.seriousBase += pc.seriousBase;
      pooled.lesserBase += pc.lesserBase;
    }
    return { force, counts: c, peers: { forces: peerForces, counts: pooled } };
  });
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

function draftOf(
  r: MixShiftResult,
  ff: ForceFamily,
  family: ReclassificationFamily,
  window: TestWindow,
  s: Settings,
  ruleVersion: string,
): FindingDraft {
  const c = r.counts;
  const seriousCode = namedCode(family.serious.codes, 0, c, c.seriousBase, r.expectedSerious, 'shortfall');
  const lesserCode = namedCode(
    family.lesser.codes,
    family.serious.codes.length,
    c,
    c.lesserBase,
    r.expectedLesser,
    'excess',
  );
  const info = lookupOffence(seriousCode);
  const shareChange = r.expectedShare - r.observedShare;
  const material =
    r.displaced >= Math.max(s.minDisplaced, s.minDisplacedShare * r.expectedSerious) &&
    shareChange >= s.minShareChange;
  const weight = seriousnessWeight(family.offence_group, seriousCode);
  const target =
    targetsNear(s.targets, {
      groups: [family.offence_group],
      codes: family.serious.codes,
      start: window.start,
      end: window.end,
    })[0] ?? null;
  const breaks = breaksAffecting(s.breaks, {
    force_code: r.force,
    offence_group: family.offence_group,
    start: window.baseStart,
    end: window.end,
  });
  const evidence: Evidence = {
    method:
      'Year-on-year log odds ratio of the serious against the lesser codes of a family (METHODS §2 1A), ' +
      'centred on the national median and calibrated by the robust between-force variance; peer ' +
      'difference-in-differences on the logit scale as confirmation (1B)',
    reference:
      'Woolf 1955 (variance); Haldane 1956 (½ correction); Paule & Mandel 1982 and METHODS §1 (robust τ²)',
    formula:
      'δ = ln[(s_W+½)(l_B+½)/((l_W+½)(s_B+½))]; SE² = Σ 1/(cell+½); z = (δ − δ̃)/√(SE² + τ²); p = Φ(z); ' +
      'Ê s_W = π·(s_W+l_W), π = odds/(1+odds), odds = (s_B+½)/(l_B+½)·exp(δ̃); D = Ê s_W − s_W; ' +
      'κ = (l_W − l_B·g_l)/(s_B·g_s − s_W)',
    parameters: {
      families_version: s.familiesVersion,
      min_forces: s.minForces,
      min_paired_months: s.minPairedMonths,
      min_base_count: s.minBaseCount,
      min_displaced: s.minDisplaced,
      min_displaced_share: s.minDisplacedShare,
      min_share_change: s.minShareChange,
      peer_group_size: s.peerGroupSize,
      seriousness_weight: weight,
    },
    family: {
      id: family.id,
      description: family.description,
      level: family.level,
      serious_codes: family.serious.codes,
      lesser_codes: family.lesser.codes,
    },
    window: {
      kind: window.kind,
      start: window.start,
      end: window.end,
      label: window.label,
      grain: ff.stream.grain,
    },
    baseline: {
      start: window.baseStart,
      end: window.baseEnd,
      description: `the same months a year earlier (${window.baseLabel}), month by month`,
    },
    paired_periods: c.periods,
    table: {
      serious: { window: c.seriousWindow, baseline: c.seriousBase },
      lesser: { window: c.lesserWindow, baseline: c.lesserBase },
    },
    codes: familyCodes(family)
      .map((code, i) => ({
        code,
        side: i < family.serious.codes.length ? 'serious' : 'lesser',
        window: c.codeWindow[i]!,
        baseline: c.codeBase[i]!,
      }))
      .filter((x) => x.window + x.baseline > 0),
    statistic: {
      log_odds_ratio: r.logOddsRatio,
      se2: r.variance,
      national_median: r.centre,
      tau2: r.tau2,
      tau2_window: r.tau2Window,
      tau2_pooled: r.tau2Pooled,
      calibration: r.calibration,
      forces_in_cross_section: r.forces,
      z: r.z,
      p_value: r.pLower,
    },
    expected: {
      serious_share_expected: r.expectedShare,
      serious_share_observed: r.observedShare,
      share_change: shareChange,
      serious: r.expectedSerious,
      lesser: r.expectedLesser,
      displaced: r.displaced,
    },
    compensation: {
      kappa: r.compensation,
      growth_serious: r.growthSerious,
      growth_lesser: r.growthLesser,
      level_expected_serious: r.levelExpectedSerious,
      level_expected_lesser: r.levelExpectedLesser,
    },
    peers: r.peer?.peers ?? [],
    peer_comparison:
      r.peer === null
        ? null
        : {
            table: r.peer.counts,
            log_odds_ratio: r.peer.logOddsRatio,
            se2: r.peer.variance,
            did: r.peer.did,
            did_variance: r.peer.didVariance,
            did_median: r.peer.centre,
            tau2: r.peer.tau2,
            z: r.peer.z,
            p_value: r.peer.pLower,
          },
    known_breaks: breaks.map((b) => b.id),
    near_target: target?.id ?? null,
    material,
    // A force may send both monthly and quarterly code-level returns: each grain is its own test.
    discriminator: `${family.id}|${window.key}|${ff.stream.grain}`,
    series: excerpt(ff, window, r.expectedShare, 'serious'),
    series_lesser: excerpt(ff, window, 1 - r.expectedShare, 'lesser'),
  };
  return {
    check_id: MIX_SHIFT_CHECK_ID,
    rule_version: ruleVersion,
    signature: 'reclassification',
    severity: severityFromWeightedExcess(Math.max(0, r.displaced) * weight),
    force_code: r.force,
    period_start: window.start,
    period_end: window.end,
    offence_group: family.offence_group,
    offence_subgroup: info?.subgroup ?? null,
    offence_code: family.level === 'code' ? seriousCode : null,
    related_offence_code: lesserCode,
    observed: c.seriousWindow,
    expected: r.expectedSerious,
    unit: 'crimes',
    effect_size: r.logOddsRatio - r.centre,
    p_value: r.pLower,
    near_target: target !== null,
    summary: summaryOf(r, family, window, seriousCode, lesserCode),
    evidence,
  };
}

/** The family side's count in each baseline and window period, with the mix expectation in the window. */
function excerpt(
  { periods, sorted }: ForceFamily,
  window: TestWindow,
  share: number,
  side: 'serious' | 'lesser',
): NonNullable<Evidence['series']> {
  const out: NonNullable<Evidence['series']> = [];
  for (const period of sorted) {
    if (period < window.baseStart || period > window.end) continue;
    const pc = periods.get(period)!;
    const inWindow = period >= window.start && periods.has(addMonths(period, -12));
    out.push({
      period,
      value: pc[side],
      expected: inWindow ? share * (pc.serious + pc.lesser) : null,
    });
  }
  return out;
}

function summaryOf(
  r: MixShiftResult,
  family: ReclassificationFamily,
  window: TestWindow,
  seriousCode: string,
  lesserCode: string,
): string {
  const c = r.counts;
  const codes = (side: readonly string[], named: string) => (side.length === 1 ? named : `mostly ${named}`);
  const seriousPhrase =
    family.serious.codes.length === 1 ? codeLabel(family, seriousCode) : family.serious.label;
  const lesserPhrase = family.lesser.codes.length === 1 ? codeLabel(family, lesserCode) : family.lesser.label;
  const lesserMove =
    c.lesserWindow >= c.lesserBase
      ? `rose from ${wholeNumber(c.lesserBase)} to ${wholeNumber(c.lesserWindow)}`
      : `went from ${wholeNumber(c.lesserBase)} to ${wholeNumber(c.lesserWindow)}`;
  if (r.displaced <= 0) {
    return (
      `In ${window.label} ${r.force} recorded ${wholeNumber(c.seriousWindow)} ${seriousPhrase} ` +
      `(${codes(family.serious.codes, seriousCode)}) against ${wholeNumber(r.expectedSerious)} expected from the ` +
      `mix of ${window.baseLabel}; no shift towards ${lesserPhrase} was seen.`
    );
  }
  return (
    `In ${window.label} ${r.force} recorded ${wholeNumber(r.displaced)} fewer ${seriousPhrase} ` +
    `(${codes(family.serious.codes, seriousCode)}) than the mix of ${window.baseLabel} predicts ` +
    `(${percentFixed(r.observedShare)} of the family against ${percentFixed(r.expectedShare)}), while ${lesserPhrase} ` +
    `(${codes(family.lesser.codes, lesserCode)}) ${lesserMove}; the shift from ${seriousCode} to ` +
    `${lesserCode} requires explanation.`
  );
}
