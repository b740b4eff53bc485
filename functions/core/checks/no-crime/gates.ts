/**
 * From tested windows to reportable ones: the screen on this check's own BH q-values, the peer test
 * that makes the p-value about this force, the material gate, and the rule that reports a rise at the
 * coarsest level that explains it.
 *
 * Screen. BH q-values over the scan p-values (scan.ts: the Hunter–Worsley bound on the chosen window's) of every draft this
 * run emits (the family the engine gates at q ≤ 0.05); only blocks with q ≤ candidateQ are assessed
 * further. The rest keep their screening p and material = false. (Raising candidates' p-values below
 * can only raise every BH q-value, so a screened-out block could not have been reported under any p it
 * might get here.) A block with a peer-relative baseline (a short own history) is screened on its peer
 * p-value, its only test, and is not drafted at all without peerMinForces other forces.
 *
 * Peer test (METHODS §3 2C), an intersection–union test. A window is reported only if its rate rose
 * against its own baseline AND by more than other forces' rates rose in the same window. Each force's
 * contrast θ = ln((y + ½)/(N μ̂ + ½)) with SE √V/(N μ̂ + ½) is set against the other forces' contrasts
 * for the same series and window (every force whose series has a baseline there, tested or too small
 * to test): m = their median, τ̂² = their robust (MAD-matching) between-force variance
 * (stats/robust-tau2.ts). The peer p-value is the window test with the null moved to rate μ̂·e^m and
 * V widened by (N μ̂ e^m)² τ̂² (chart.ts PeerShift); the reported p is max(p_own, p_peer), a valid
 * p-value for the union of the two nulls (Berger R L 1982, Technometrics 24:295). A rise every force
 * shares (a counting-rule change, a shock) so gets a large p: it neither is reported nor, counted as a
 * BH discovery, loosens the threshold for everything else. z = (θ − m)/√(SE² + τ̂²) is given as a
 * readable summary. With fewer than peerMinForces other forces the peer test is not applied (p =
 * p_own), and the evidence says so.
 *
 * Peer-relative baseline. With a short own history (analysis.ts) the own-baseline null is not tested:
 * the level may have moved since (a national shock). The null is the peer-moved one alone: the force's
 * own rate times the other forces' median rise in the same window, i.e. the peers' rate over the same
 * months scaled by the force's ratio to them over its own baseline months, with their spread τ̂² in
 * the variance. The reported p is the scan bound on p_peer.
 *
 * Material gate (materiality.ts): rate ratio ≥ minRateRatio and seriousness-weighted excess
 * cancellations over the window ≥ minWeightedExcess, against the expectation tested (the own baseline,
 * or the peer-relative one).
 *
 * Best window (fewer, richer findings). Of material windows of one series that overlap or touch
 * (windows of neighbouring blocks can; one episode), only the one with the smallest p is reported; the others are
 * covered by it, and the CUSUM in its evidence dates the episode's onset. Same argument as below: the
 * kept window's p is no larger, so nothing reportable is lost.
 *
 * Coarsest level. A code is reported inside its group, and a group inside
 * the force's all-offences series, when the parent is material and at least as significant (p_parent
 * ≤ p_child), unless the child stands out: RR_child > standOutRatio × RR_parent and
 * (θ_child − θ_parent)/SE_child ≥ standOutZ. Because BH q-values are monotone in p, a covered child
 * that would have passed BH has a parent that passes too: nothing reportable is lost, and the
 * parent's evidence lists its components. A child whose rise stands out from its parent's (e.g. rape
 * alone in a force whose other cancellations are steady) is reported on its own.
 */
import { benjaminiHochberg } from '#core/stats/benjamini-hochberg.ts';
import { median } from '#core/stats/descriptive.ts';
import { robustTau2 } from '#core/stats/robust-tau2.ts';
import { type Analysis, peerKey, type TestedWindow } from './analysis.ts';
import { type WindowResult, windowResult } from './chart.ts';
import type { NoCrimeConfig } from './config.ts';
import { isMaterialRise } from './materiality.ts';
import { scanPValue } from './scan.ts';

export interface PeerComparison {
  applied: boolean;
  /** The other forces whose contrasts were used (sorted). */
  forces: string[];
  theta: number;
  se: number;
  /** Median of the other forces' contrasts, their robust τ̂², and the calibrated z. */
  centre: number | null;
  tau2: number | null;
  /** The variance of the centre m itself, added to τ̂² in the peer test. */
  centreVariance: number | null;
  z: number | null;
  /** The window test against the peer-moved null (null when not applied). */
  result: WindowResult | null;
}

export interface Assessment {
  test: TestedWindow;
  /** BH q-value of the own-baseline p among this check's drafts of the run. */
  qOwn: number;
  /** Within the screen (qOwn ≤ candidateQ). */
  candidate: boolean;
  peer: PeerComparison | null;
  /** The p-value the screen used: the scan bound (scan.ts) on p_own, or on p_peer for a peer-relative baseline. */
  pScreen: number;
  /** The reported p-value: the scan bound on max(p_own, p_peer) for candidates with peers, on p_own without. */
  pValue: number;
  /** The expectation the gates and the severity use (own baseline, or peer-relative). */
  expected: number;
  /** Passes the material gate (candidates only). */
  effect: boolean;
  material: boolean;
  /** Set when a coarser series, or an overlapping window of the same series, reports this rise. */
  coveredBy: Assessment | null;
  coverReason: 'coarser series' | 'overlapping window' | null;
}

export function peerComparison(t: TestedWindow, analysis: Analysis, config: NoCrimeConfig): PeerComparison {
  const seen = new Set<string>([t.force.force_code]);
  const theta: number[] = [];
  const ses: number[] = [];
  const large: number[] = [];
  const all = analysis.contrasts.get(peerKey(t));
  all?.forces.forEach((f, i) => {
    const j = i * analysis.slots + t.slot;
    const th = all.logRatio[j]!;
    if (seen.has(f) || Number.isNaN(th)) return;
    seen.add(f);
    if (all.expected[j]! >= config.peerMinExpected) large.push(theta.length);
    theta.push(th);
    ses.push(all.logRatioSe[j]!);
  });
  const own = t.result.plugIn.logRatio;
  const se = t.result.plugIn.logRatioSe;
  seen.delete(t.force.force_code);
  const forces = [...seen].sort();
  if (forces.length < config.peerMinForces) {
    return {
      applied: false,
      forces,
      theta: own,
      se,
      centre: null,
      tau2: null,
      centreVariance: null,
      z: null,
      result: null,
    };
  }
  const { tau2, centre } = peerSpread(theta, ses, large, config.peerMinForces);
  // The median of k peers is itself uncertain: var(m) ≈ (π/2)·mean(se² + τ̂²)/k (the median's
  // asymptotic efficiency against the mean; Kenney & Keeping 1962 §7.16). Without it a peer-relative
  // baseline from 9 peers with τ̂² = 0 was anti-conservative.
  let spread = 0;
  for (const s of ses) spread += s * s + tau2;
  const centreVariance = ((Math.PI / 2) * spread) / (ses.length * ses.length);
  const result = windowResult(t.window, t.pivot, t.rhoFloor, {
    logShift: centre,
    tau2: tau2 + centreVariance,
  });
  return {
    applied: true,
    forces,
    theta: own,
    se,
    centre,
    tau2,
    centreVariance,
    z: (own - centre) / Math.sqrt(se * se + tau2 + centreVariance),
    result,
  };
}

/**
 * The peers' centre m (median of every peer's contrast) and τ̂²: from the peers expecting at least
 * peerMinExpected cancellations in the window when there are peerMinForces of them (a small window's
 * log ratio is far from normal and inflates τ̂²: config), else from all (as before rule 2.0.0).
 */
function peerSpread(
  theta: readonly number[],
  ses: readonly number[],
  large: readonly number[],
  minForces: number,
): { tau2: number; centre: number } {
  if (large.length < minForces || large.length === theta.length) return robustTau2(theta, ses);
  const centre = median(theta);
  const fit = robustTau2(
    large.map((i) => theta[i]!),
    large.map((i) => ses[i]!),
    centre,
  );
  return { centre, tau2: fit.tau2 };
}

export function assess(
  tests: readonly TestedWindow[],
  analysis: Analysis,
  config: NoCrimeConfig,
): Assessment[] {
  const screened = screen(tests, analysis, config);
  const q = benjaminiHochberg(screened.map((x) => x.pScreen));
  const out = screened.map(({ test, pScreen, peer: early }, i): Assessment => {
    const qOwn = q[i]!;
    const candidate = qOwn <= config.candidateQ;
    const peer = early ?? (candidate ? peerComparison(test, analysis, config) : null);
    const pValue =
      test.baselineKind === 'peer_relative'
        ? pScreen
        : peer?.result
          ? scanPValue(Math.max(test.result.pValue, peer.result.pValue), test.scanTree)
          : test.pScan;
    const expected =
      test.baselineKind === 'peer_relative' ? peer!.result!.plugIn.expected : test.result.plugIn.expected;
    const effect = candidate && isMaterialRise(test, expected, config);
    return {
      test,
      qOwn,
      candidate,
      peer,
      pScreen,
      pValue,
      expected,
      effect,
      material: effect,
      coveredBy: null,
      coverReason: null,
    };
  });
  keepBestWindows(out);
  coverByCoarser(out, config);
  return out;
}

interface Screened {
  test: TestedWindow;
  pScreen: number;
  peer: PeerComparison | null;
}

/**
 * The screening p of every block (see the file header); blocks with a peer-relative baseline get their
 * peer test here, and are dropped without enough peers.
 */
function screen(tests: readonly TestedWindow[], analysis: Analysis, config: NoCrimeConfig): Screened[] {
  const out: Screened[] = [];
  for (const test of tests) {
    if (test.baselineKind === 'own') {
      out.push({ test, pScreen: test.pScan, peer: null });
      continue;
    }
    const peer = peerComparison(test, analysis, config);
    if (!peer.result) continue;
    out.push({ test, pScreen: scanPValue(peer.result.pValue, test.scanTree), peer });
  }
  return out;
}

/** Reports a code inside its group and a group inside the force total where the parent explains it. */
function coverByCoarser(out: readonly Assessment[], config: NoCrimeConfig): void {
  // Parents by force, stream, block and series key.
  const index = new Map<string, Assessment>();
  const keyOf = (t: TestedWindow, level: string, key: string): string =>
    `${t.force.force_code}|${t.force.stream.level}|${t.blockStart}|${level}|${key}`;
  for (const a of out) index.set(keyOf(a.test, a.test.series.level, a.test.series.key), a);
  const parentOf = (a: Assessment): Assessment | undefined => {
    const s = a.test.series;
    if (s.level === 'code') return index.get(keyOf(a.test, 'group', s.offence_group!));
    if (s.level === 'group') return index.get(keyOf(a.test, 'all', '*'));
    return undefined;
  };
  const covers = (parent: Assessment | undefined, child: Assessment): boolean => {
    if (parent?.material !== true || parent.pValue > child.pValue) return false;
    const c = child.test.result.plugIn;
    const p = parent.test.result.plugIn;
    const standsOut =
      c.rateRatio > config.standOutRatio * p.rateRatio &&
      (c.logRatio - p.logRatio) / c.logRatioSe >= config.standOutZ;
    return !standsOut;
  };
  for (const a of out) {
    if (!a.material || a.coveredBy !== null) continue;
    const parent = parentOf(a);
    if (covers(parent, a)) {
      a.coveredBy = parent!;
      a.coverReason = 'coarser series';
      continue;
    }
    // A code can also be covered directly by the all-offences series when its group is not tested or
    // does not explain it (a group with a short history is tested against its peers only).
    if (a.test.series.level === 'code') {
      const top = index.get(keyOf(a.test, 'all', '*'));
      if (covers(top, a)) {
        a.coveredBy = top!;
        a.coverReason = 'coarser series';
      }
    }
  }
}

/** Of overlapping material windows of one series, keeps the smallest p (earlier start on ties). */
function keepBestWindows(assessments: readonly Assessment[]): void {
  const bySeries = new Map<string, Assessment[]>();
  for (const a of assessments) {
    if (!a.material) continue;
    const t = a.test;
    const key = `${t.force.force_code}|${t.force.stream.level}|${t.series.level}|${t.series.key}`;
    const list = bySeries.get(key);
    if (list) list.push(a);
    else bySeries.set(key, [a]);
  }
  for (const list of bySeries.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => a.pValue - b.pValue || a.test.windowIdx[0]! - b.test.windowIdx[0]!);
    const kept: Assessment[] = [];
    for (const a of list) {
      const first = a.test.windowIdx[0]!;
      const last = a.test.windowIdx[a.test.windowIdx.length - 1]!;
      const keeper = kept.find((k) => {
        const kFirst = k.test.windowIdx[0]!;
        const kLast = k.test.windowIdx[k.test.windowIdx.length - 1]!;
        // Overlapping or adjacent: one episode, reported once.
        return first <= kLast + 1 && kFirst <= last + 1;
      });
      if (keeper) {
        a.coveredBy = keeper;
        a.coverReason = 'overlapping window';
      } else kept.push(a);
    }
  }
}

/** Reported: material and not covered by a coarser series. */
export function isReported(a: Assessment): boolean {
  return a.material && a.coveredBy === null;
}
