/**
 * The own-baseline mix shift of one family in one test window, across every force that reported it
 * (METHODS.md §2, 1A), and the peer difference-in-differences on the same scale (1B).
 *
 * For each force: δ̂ = ln[(s_W+½)(l_B+½)/((l_W+½)(s_B+½))], SE² = Σ 1/(cell+½) (log-odds-ratio.ts).
 * Calibration is cross-sectional: the national median δ̃ of the window absorbs changes every force
 * made at once (counting-rule changes, national trends), and the robust between-force τ̂²
 * (robust-tau2.ts) absorbs the natural drift of each force's mix, which a plain year-on-year test
 * mistakes for manipulation (METHODS §0: 52% of clean force-years "significant" without it).
 * z = (δ̂ − δ̃)/√(SE² + τ̂²), one-sided p = Φ(z): a downgrade lowers the serious share. The τ̂² used is
 * the larger of the window's own and the family's pooled over all windows (PooledDrift below).
 *
 * When fewer than `minForces` forces reported the family for the window (a single force's own audit),
 * τ̂² cannot be estimated and there is no nation to centre on: δ̃ = 0 and τ̂ = the family's fallback
 * drift measured on the Home Office rolling-year tables (reclassification-families.json).
 *
 * Expectations, in crimes:
 * - the mix expectation: the baseline odds moved by the national shift, applied to the window's
 *   family total: π̂ = odds/(1+odds), odds = (s_B+½)/(l_B+½)·e^{δ̃}; Ê s_W = π̂·(s_W+l_W). The
 *   displaced count D = Ê s_W − s_W and the share change π̂ − s_W/(s_W+l_W) are on the same footing
 *   as the test statistic. (With share expectations the lesser side's excess equals D by
 *   construction, so they cannot measure compensation.)
 * - the level expectation, for the compensation ratio κ only: each side's baseline count times the
 *   median growth of that side across the other forces, Ẽ s_W = s_B·g_s, Ẽ l_W = l_B·g_l;
 *   κ = (l_W − Ẽ l_W)/(Ẽ s_W − s_W). κ ≈ 1: the serious crimes reappear as lesser ones (a swap);
 *   κ ≈ 0: they vanished (the sudden-drop and no-crime signatures' business). Undefined (null) when
 *   the serious side did not fall against the national trend: then the mix moved because the lesser
 *   side grew.
 */
import { median } from '#core/stats/descriptive.ts';
import { calibratedZ, logOddsRatio } from '#core/stats/log-odds-ratio.ts';
import { robustTau2 } from '#core/stats/robust-tau2.ts';
import { type Compensation, compensation, growthCovariance, type SideDrift } from './compensation.ts';
import type { WindowCounts } from './family-counts.ts';

export interface MixUnit {
  force: string;
  counts: WindowCounts;
  /** Pooled counts of the force's peers over the same window (null when no peer reported it). */
  peers: { forces: string[]; counts: WindowCounts } | null;
}

export interface PeerComparison {
  peers: string[];
  /** δ̂ of the pooled peers and its variance. */
  logOddsRatio: number;
  variance: number;
  /** Δ = δ̂_f − δ̂_P and its sampling variance SE_f² + SE_P². */
  did: number;
  didVariance: number;
  /** Median Δ across forces and the robust τ̂² of Δ. */
  centre: number;
  tau2: number;
  z: number;
  pLower: number;
  counts: { seriousWindow: number; lesserWindow: number; seriousBase: number; lesserBase: number };
}

export interface MixShiftResult {
  force: string;
  counts: WindowCounts;
  logOddsRatio: number;
  variance: number;
  /** δ̃: national median of δ̂ (0 under the fallback). */
  centre: number;
  /** τ̂² used: max(this window's, the pooled) under national calibration, else the fallback. */
  tau2: number;
  tau2Window: number;
  tau2Pooled: number;
  calibration: 'national' | 'fallback';
  /** Forces in the cross-section. */
  forces: number;
  z: number;
  pLower: number;
  /** π̂ and the observed serious share of the window. */
  expectedShare: number;
  observedShare: number;
  expectedSerious: number;
  expectedLesser: number;
  displaced: number;
  /** Median growth factors of each side across the other forces (1 under the fallback). */
  growthSerious: number;
  growthLesser: number;
  levelExpectedSerious: number;
  levelExpectedLesser: number;
  /** κ with its standard error and the test that the lesser side rose at all (compensation.ts). */
  compensation: Compensation;
  peer: PeerComparison | null;
}

export interface MixShiftOptions {
  minForces: number;
  fallbackTau: number;
}

/**
 * The family's drift pooled over every test window: τ̂² is a property of how forces' mixes wander
 * year to year, not of one window. The robust estimator from one window's 44 forces is noisy (on
 * clean synthetic data with a fixed drift it ranged over a factor of three between windows), and a
 * window whose τ̂² comes out low by chance floods that window with flags. Each window therefore uses
 * max(its own τ̂², the pooled τ̂²): the pooled value guards against chance underestimates, the window's
 * own against a genuinely volatile year (a national shock that some forces felt more than others).
 */
export interface PooledDrift {
  tau2: number;
  didTau2: number;
  /** Force-windows the pooled estimates came from. */
  units: number;
  didUnits: number;
}

interface Prepared {
  theta: number[];
  se: number[];
  did: Array<{ did: number; se: number } | null>;
}

function prepare(units: readonly MixUnit[]): Prepared {
  const theta: number[] = [];
  const se: number[] = [];
  const did: Prepared['did'] = [];
  for (const u of units) {
    const s = lor(u.counts);
    theta.push(s.logOddsRatio);
    se.push(Math.sqrt(s.variance));
    if (u.peers === null) did.push(null);
    else {
      const p = lor(u.peers.counts);
      did.push({ did: s.logOddsRatio - p.logOddsRatio, se: Math.sqrt(s.variance + p.variance) });
    }
  }
  return { theta, se, did };
}

/** Deviations from each window's median, pooled; windows with fewer than minForces forces are left out. */
export function pooledDrift(windows: ReadonlyArray<readonly MixUnit[]>, opts: MixShiftOptions): PooledDrift {
  const dev: number[] = [];
  const se: number[] = [];
  const dDev: number[] = [];
  const dSe: number[] = [];
  for (const units of windows) {
    if (units.length < opts.minForces) continue;
    const p = prepare(units);
    const m = median(p.theta);
    p.theta.forEach((t, i) => {
      dev.push(t - m);
      se.push(p.se[i]!);
    });
    const present = p.did.filter((d): d is { did: number; se: number } => d !== null);
    if (present.length < opts.minForces) continue;
    const dm = median(present.map((d) => d.did));
    for (const d of present) {
      dDev.push(d.did - dm);
      dSe.push(d.se);
    }
  }
  return {
    tau2: dev.length >= 2 ? robustTau2(dev, se, 0).tau2 : 0,
    didTau2: dDev.length >= 2 ? robustTau2(dDev, dSe, 0).tau2 : 0,
    units: dev.length,
    didUnits: dDev.length,
  };
}

const lor = (c: Pick<WindowCounts, 'seriousWindow' | 'lesserWindow' | 'seriousBase' | 'lesserBase'>) =>
  logOddsRatio({
    seriousWindow: c.seriousWindow,
    lesserWindow: c.lesserWindow,
    seriousBase: c.seriousBase,
    lesserBase: c.lesserBase,
  });

const logGrowth = (window: number, base: number): number => Math.log((window + 0.5) / (base + 0.5));

/** For every unit, the median of all the other units' values (sorted once; O(n log n)). */
export function leaveOneOutMedians(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v || a.i - b.i);
  const sorted = order.map((x) => x.v);
  const rank = new Array<number>(values.length);
  order.forEach((x, r) => {
    rank[x.i] = r;
  });
  const m = values.length - 1;
  // The k-th smallest of the others is sorted[k] below the removed rank and sorted[k + 1] from it on.
  const kth = (k: number, removed: number): number => sorted[k < removed ? k : k + 1]!;
  return values.map((_, i) => {
    if (m === 0) return 0;
    const r = rank[i]!;
    return m % 2 === 1 ? kth((m - 1) / 2, r) : 0.5 * (kth(m / 2 - 1, r) + kth(m / 2, r));
  });
}

export function mixShift(
  units: readonly MixUnit[],
  opts: MixShiftOptions,
  pooled: PooledDrift = { tau2: 0, didTau2: 0, units: 0, didUnits: 0 },
): MixShiftResult[] {
  if (units.length === 0) return [];
  const prepared = prepare(units);
  const { theta, se } = prepared;
  const national = units.length >= opts.minForces;
  const centre = national ? median(theta) : 0;
  const tau2Window = national ? robustTau2(theta, se, centre).tau2 : opts.fallbackTau ** 2;
  const tau2 = national ? Math.max(tau2Window, pooled.tau2) : tau2Window;

  const lgS = units.map((u) => logGrowth(u.counts.seriousWindow, u.counts.seriousBase));
  const lgL = units.map((u) => logGrowth(u.counts.lesserWindow, u.counts.lesserBase));
  const gS = national ? leaveOneOutMedians(lgS) : units.map(() => 0);
  const gL = national ? leaveOneOutMedians(lgL) : units.map(() => 0);
  const drift = sideDrift(units, lgS, lgL, national, opts.fallbackTau);

  const peer = peerComparisons(units, prepared, opts, pooled.didTau2);

  return units.map((u, i) => {
    const c = u.counts;
    const variance = se[i]! ** 2;
    const cal = calibratedZ(theta[i]!, variance, centre, tau2);
    const total = c.seriousWindow + c.lesserWindow;
    const odds = ((c.seriousBase + 0.5) / (c.lesserBase + 0.5)) * Math.exp(centre);
    const expectedShare = odds / (1 + odds);
    const expectedSerious = expectedShare * total;
    const growthSerious = Math.exp(gS[i]!);
    const growthLesser = Math.exp(gL[i]!);
    const levelExpectedSerious = c.seriousBase * growthSerious;
    const levelExpectedLesser = c.lesserBase * growthLesser;
    return {
      force: u.force,
      counts: c,
      logOddsRatio: theta[i]!,
      variance,
      centre,
      tau2,
      tau2Window,
      tau2Pooled: pooled.tau2,
      calibration: national ? 'national' : 'fallback',
      forces: units.length,
      z: cal.z,
      pLower: cal.pLower,
      expectedShare,
      observedShare: total > 0 ? c.seriousWindow / total : 0,
      expectedSerious,
      expectedLesser: total - expectedSerious,
      displaced: expectedSerious - c.seriousWindow,
      growthSerious,
      growthLesser,
      levelExpectedSerious,
      levelExpectedLesser,
      compensation: compensation({ ...c, growthSerious, growthLesser }, drift),
      peer: peer[i] ?? null,
    };
  });
}

/**
 * The between-force drift of each side's log growth (for κ's standard error): robust τ² around the
 * median, and the sides' covariance. Under the fallback (too few forces to estimate it) each side
 * drifts by the family's fallback τ and the sides are taken as independent.
 */
export function sideDrift(
  units: ReadonlyArray<Pick<MixUnit, 'counts'>>,
  lgS: readonly number[],
  lgL: readonly number[],
  national: boolean,
  fallbackTau: number,
): SideDrift {
  if (!national) return { tau2Serious: fallbackTau ** 2, tau2Lesser: fallbackTau ** 2, covariance: 0 };
  const se = (w: number, b: number) => Math.sqrt(1 / (w + 0.5) + 1 / (b + 0.5));
  const mS = median(lgS);
  const mL = median(lgL);
  const seS = units.map((u) => se(u.counts.seriousWindow, u.counts.seriousBase));
  const seL = units.map((u) => se(u.counts.lesserWindow, u.counts.lesserBase));
  return {
    tau2Serious: robustTau2(lgS, seS, mS).tau2,
    tau2Lesser: robustTau2(lgL, seL, mL).tau2,
    covariance: growthCovariance(
      lgS.map((x) => x - mS),
      lgL.map((x) => x - mL),
    ),
  };
}

/**
 * 1B: Δ_f = δ̂_f − δ̂_{P(f)} with the peers' cells pooled, Var = SE_f² + SE_P² + τ̂²_Δ, where τ̂²_Δ is
 * the robust between-force variance of Δ itself (peers remove what the force shares with similar
 * forces, so Δ drifts less or more than δ̂ depending on how alike the peers are: estimate, don't assume).
 * Without enough forces for τ̂²_Δ, the family's fallback drift is used, as in 1A.
 */
function peerComparisons(
  units: readonly MixUnit[],
  prepared: Prepared,
  opts: MixShiftOptions,
  pooledTau2: number,
): Array<PeerComparison | null> {
  const present = prepared.did.filter((d): d is { did: number; se: number } => d !== null);
  if (present.length === 0) return units.map(() => null);
  const national = present.length >= opts.minForces;
  const dids = present.map((d) => d.did);
  const centre = national ? median(dids) : 0;
  const tau2 = national
    ? Math.max(
        robustTau2(
          dids,
          present.map((d) => d.se),
          centre,
        ).tau2,
        pooledTau2,
      )
    : opts.fallbackTau ** 2;
  return units.map((u, i) => {
    const d = prepared.did[i];
    if (d === null || d === undefined || u.peers === null) return null;
    const p = lor(u.peers.counts);
    const didVariance = d.se ** 2;
    const cal = calibratedZ(d.did, didVariance, centre, tau2);
    return {
      peers: u.peers.forces,
      logOddsRatio: p.logOddsRatio,
      variance: p.variance,
      did: d.did,
      didVariance,
      centre,
      tau2,
      z: cal.z,
      pLower: cal.pLower,
      counts: {
        seriousWindow: u.peers.counts.seriousWindow,
        lesserWindow: u.peers.counts.lesserWindow,
        seriousBase: u.peers.counts.seriousBase,
        lesserBase: u.peers.counts.lesserBase,
      },
    };
  });
}
