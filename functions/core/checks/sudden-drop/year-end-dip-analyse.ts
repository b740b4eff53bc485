/**
 * The year-end dip analysis of one grain: every force × series × financial year contrast
 * (year-end-dip-stats.ts), calibrated across forces for the same series, year and window, the most
 * significant test of each force × series with its Šidák p, then the one-off condition (the next
 * April–June recovered), deferral into April, the material gate, targets and severity. One finding
 * per dip episode is decided afterwards (year-end-dip-coverage.ts).
 */
import type { PeerGroups } from '#core/detection/peers.ts';
import { seriousnessWeight, severityOf } from '#core/detection/seriousness.ts';
import { type NearTarget, nearTargets } from '#core/detection/targets.ts';
import type { Severity } from '#core/model/findings.ts';
import { addMonths } from '#core/series/months.ts';
import { periodLength } from '#core/series/periods.ts';
import { normalCdf, normalQuantile } from '#core/stats/distributions.ts';
import { robustTau2 } from '#core/stats/robust-tau2.ts';
import type { AuditContext } from '../audit-context.ts';
import { ComparisonCache, type PeerComparison } from './comparison.ts';
import type { SuddenDropConfig } from './config.ts';
import { buildPanel, type Panel, type SeriesSpec } from './panel.ts';
import { type FinancialYearCells, financialYearCells } from './year-end-dip-series.ts';
import {
  type Contrast,
  logRatio,
  type OneOff,
  oneOffContrast,
  sidak,
  type WindowCounts,
  yearContrast,
} from './year-end-dip-stats.ts';

export type DipWindow = 'quarter' | 'march';

export interface WindowTest {
  window: DipWindow;
  /** Index of the financial year in `years`. */
  k: number;
  oneOff: OneOff;
  centre: number;
  tau2: number;
  z: number;
  p: number;
}

export interface YearEndDip {
  spec: SeriesSpec;
  force: string;
  /** The panel's period axis (the comparison's vectors are indexed by it). */
  periods: readonly string[];
  comparison: PeerComparison;
  years: FinancialYearCells[];
  /** Every tested window of every year, with its calibrated p. */
  tests: WindowTest[];
  best: WindowTest;
  /** Šidák over `tests`. */
  p: number;
  z: number;
  cells: FinancialYearCells;
  start: string;
  end: string;
  observed: number;
  expected: number;
  missing: number;
  dip: number;
  /** The next April–December (else April–June) against the force's profile: δ and whether the dip persisted. */
  recovery: { delta: number | null; persists: boolean | null };
  deferral: { observed: number; expected: number; reappeared: number; share: number } | null;
  gatePassed: boolean;
  weight: number;
  severity: Severity;
  targets: NearTarget[];
}

interface Candidate {
  spec: SeriesSpec;
  force: string;
  comparison: PeerComparison;
  years: FinancialYearCells[];
  contrasts: Map<DipWindow, Array<Contrast | null>>;
}

export interface YearEndRun {
  cfg: SuddenDropConfig;
  panel: Panel;
  dips: YearEndDip[];
}

export function analyseYearEnd(
  ctx: AuditContext,
  cfg: SuddenDropConfig,
  grain: 'month' | 'quarter',
  audited: ReadonlySet<string>,
): YearEndRun | null {
  const y = cfg.yearEndDip;
  const len = periodLength(grain);
  const panel = buildPanel(ctx, grain, {
    excludeGroups: cfg.excludeGroups,
    wantCode: (_c, _g, means) => [...means.values()].some((m) => m >= y.minCodeMonthlyMean * len),
  });
  if (!panel) return null;
  const grouping = ctx.peers({ size: y.peerGroupSize });
  const cache = new ComparisonCache(panel, grouping.groups, y.minCompletePeers);
  const candidates = collectCandidates(panel, cfg, cache, grouping.groups);
  const tests = calibrate(candidates, cfg);
  const dips: YearEndDip[] = [];
  candidates.forEach((cand, i) => {
    if (!audited.has(cand.force) || tests[i]!.length === 0) return;
    dips.push({ ...assess(cfg, cand, tests[i]!), periods: panel.periods });
  });
  return { cfg, panel, dips };
}

/** Every force × series with enough years and volume, and its contrasts for each window. */
function collectCandidates(
  panel: Panel,
  cfg: SuddenDropConfig,
  cache: ComparisonCache,
  groups: PeerGroups,
): Candidate[] {
  const y = cfg.yearEndDip;
  const len = periodLength(panel.grain);
  const out: Candidate[] = [];
  for (const spec of panel.specs) {
    for (const force of panel.forces) {
      const values = panel.values.get(spec.id)!.get(force);
      if (!values || !groups.has(force)) continue;
      // Volume and share first: they need no peer comparison, which is the costly part.
      if (meanOf(values) / len < (spec.level === 'code' ? y.minCodeMonthlyMean : y.minMonthlyMean)) continue;
      if (spec.level === 'code' && codeShare(panel, spec, force) >= y.maxCodeShareOfGroup) continue;
      const comparison = cache.get(spec.id, force);
      if (!comparison || comparison.index.length === 0) continue;
      const years = financialYearCells(panel, spec, comparison, cfg.knownBreaks);
      if (years.length < y.minYears) continue;
      const phi = comparison.phi;
      const contrasts = new Map<DipWindow, Array<Contrast | null>>();
      contrasts.set(
        'quarter',
        years.map((c) => yearContrast(c.quarter, c.base, phi)),
      );
      if (panel.grain === 'month')
        contrasts.set(
          'march',
          years.map((c) => (c.march ? yearContrast(c.march, c.base, phi) : null)),
        );
      out.push({ spec, force, comparison, years, contrasts });
    }
  }
  return out;
}

/** Mean of the usable counts. */
function meanOf(v: Float64Array): number {
  let s = 0;
  let n = 0;
  for (const x of v) {
    if (Number.isNaN(x)) continue;
    s += x;
    n++;
  }
  return n > 0 ? s / n : 0;
}

/** The code's share of its group's crimes for the force, over the periods both have. */
function codeShare(panel: Panel, spec: SeriesSpec, force: string): number {
  const code = panel.values.get(spec.id)!.get(force)!;
  const group = panel.values.get(`group:${spec.offence_group}`)?.get(force);
  if (!group) return 1;
  let c = 0;
  let g = 0;
  for (let t = 0; t < code.length; t++) {
    if (Number.isNaN(code[t]!) || Number.isNaN(group[t]!)) continue;
    c += code[t]!;
    g += group[t]!;
  }
  return g > 0 ? c / g : 1;
}

/** Leave-one-out contrasts of every year, calibrated across forces per series × year × window. */
function calibrate(candidates: readonly Candidate[], cfg: SuddenDropConfig): WindowTest[][] {
  type Cell = { i: number; window: DipWindow; k: number; oneOff: OneOff };
  const cells = new Map<string, Cell[]>();
  candidates.forEach((cand, i) => {
    for (const [window, cs] of cand.contrasts) {
      const present = cs.flatMap((c, k) => (c ? [{ c, k }] : []));
      present.forEach(({ k }, idx) => {
        const oneOff = oneOffContrast(
          present.map((x) => x.c),
          idx,
        );
        if (!oneOff || present.length < cfg.yearEndDip.minYears) return;
        const key = `${cand.spec.id}|${cand.years[k]!.april}|${window}`;
        const list = cells.get(key) ?? [];
        list.push({ i, window, k, oneOff });
        cells.set(key, list);
      });
    }
  });
  const tests: WindowTest[][] = candidates.map(() => []);
  for (const list of cells.values()) {
    if (list.length < cfg.yearEndDip.minForces) continue;
    const tau = robustTau2(
      list.map((c) => c.oneOff.delta),
      list.map((c) => Math.sqrt(c.oneOff.variance)),
    );
    for (const c of list) {
      const z = (c.oneOff.delta - tau.centre) / Math.sqrt(c.oneOff.variance + tau.tau2);
      tests[c.i]!.push({
        window: c.window,
        k: c.k,
        oneOff: c.oneOff,
        centre: tau.centre,
        tau2: tau.tau2,
        z,
        p: normalCdf(z),
      });
    }
  }
  return tests;
}

/** The most significant test of a force × series and what it found. */
function assess(cfg: SuddenDropConfig, cand: Candidate, tests: WindowTest[]): Omit<YearEndDip, 'periods'> {
  const y = cfg.yearEndDip;
  // A year whose next year stays down is a level change, not a one-off dip: it is not a candidate,
  // and a series with no other candidate counts in BH with p = 1 (the Šidák m still counts every
  // test, so leaving those years out can only make p larger). Without this, lasting falls entered
  // the signature's BH family with tiny p-values and let other checks' weaker drafts through.
  const oneOffs = tests.filter(
    (t) => recoveryOf(cand, t.k, t.oneOff.delta - t.centre, y.maxPersistingShare).persists !== true,
  );
  const best = (oneOffs.length > 0 ? oneOffs : tests).reduce((a, b) => (b.p < a.p ? b : a));
  const p = oneOffs.length > 0 ? sidak(best.p, tests.length) : 1;
  const z = -normalQuantile(Math.max(p, 1e-300));
  const cells = cand.years[best.k]!;
  const w = best.window === 'quarter' ? cells.quarter : cells.march!;
  const excess = best.oneOff.delta - best.centre;
  const expected = w.y * Math.exp(-excess);
  const missing = expected - w.y;
  const dip = 1 - Math.exp(excess);
  const recovery = recoveryOf(cand, best.k, excess, y.maxPersistingShare);
  const deferral = deferralOf(cand, best.k, missing);
  const gatePassed = dip >= y.minRelativeDip && missing >= y.minMissingCrimes && recovery.persists !== true;
  const weight = seriousnessWeight(cand.spec.offence_group, cand.spec.offence_code);
  const start = best.window === 'quarter' ? addMonths(cells.april, 9) : addMonths(cells.april, 11);
  const end = addMonths(cells.april, 11);
  const targets = nearTargets(
    cfg.targets,
    {
      start,
      end,
      codes: cand.spec.offence_code === null ? [] : [cand.spec.offence_code],
      groups: cand.spec.level === 'total' ? 'all' : cand.spec.groups,
    },
    cfg.proactiveRecording,
  );
  const severity: Severity = gatePassed
    ? severityOf({ weightedExcess: missing * weight, relativeEffect: -dip, z })
    : 'info';
  return {
    ...cand,
    tests,
    best,
    p,
    z,
    cells,
    start,
    end,
    observed: w.y,
    expected,
    missing,
    dip,
    recovery,
    deferral,
    gatePassed,
    weight,
    severity,
    targets,
  };
}

/** One window's leave-one-out contrast of year k against base, from the candidate's years. */
function ownProfileDelta(
  cand: Candidate,
  k: number,
  pick: (c: FinancialYearCells) => WindowCounts | null,
): number | null {
  const cs = cand.years.flatMap((c, j) => {
    const w = pick(c);
    return w ? [{ j, c: logRatio(w) - logRatio(c.base) }] : [];
  });
  const own = cs.find((x) => x.j === k);
  const others = cs.filter((x) => x.j !== k);
  if (!own || others.length === 0) return null;
  return own.c - others.reduce((s, x) => s + x.c, 0) / others.length;
}

function recoveryOf(
  cand: Candidate,
  k: number,
  excess: number,
  maxShare: number,
): { delta: number | null; persists: boolean | null } {
  // The next April–December when there, else the next April–June: each against the same window in
  // the force's other years, so the comparison is like for like.
  const delta = ownProfileDelta(cand, k, (c) => c.nextYear) ?? ownProfileDelta(cand, k, (c) => c.nextQuarter);
  if (delta === null) return { delta, persists: null };
  return { delta, persists: excess < 0 && delta <= maxShare * excess };
}

/** April of the next financial year against the force's profile: how many missing crimes reappeared. */
function deferralOf(cand: Candidate, k: number, missing: number): YearEndDip['deferral'] {
  const delta = ownProfileDelta(cand, k, (c) => c.nextApril);
  const april = cand.years[k]!.nextApril;
  if (delta === null || !april) return null;
  const expected = april.y * Math.exp(-delta);
  const reappeared = april.y - expected;
  const share = missing > 0 ? Math.min(1, Math.max(0, reappeared / missing)) : 0;
  return { observed: april.y, expected, reappeared, share };
}
