/**
 * The evidence every draft carries: for a window screened out by its own-run q-value (never reported)
 * only the test's numbers, so that a national audit does not serialise ~10⁵ full evidence documents;
 * for a candidate the parameters, the fit, the test, the gates, the peer comparison and what covers it.
 * What a reported finding adds is in reported-evidence.ts.
 */
import type { Evidence } from '#core/model/findings.ts';
import { round } from '#core/stats/rounding.ts';
import type { TestedWindow } from './analysis.ts';
import type { Assessment, PeerComparison } from './gates.ts';
import { weightedExcess } from './materiality.ts';
import { METHOD, SCREENED_METHOD } from './method-text.ts';

export function testEvidence(a: Assessment, parameters: Readonly<Record<string, unknown>>): Evidence {
  return a.candidate ? candidateEvidence(a, parameters) : screenedEvidence(a);
}

function screenedEvidence(a: Assessment): Evidence {
  const t = a.test;
  const r = t.result.plugIn;
  return {
    method: SCREENED_METHOD,
    test: {
      y: r.y,
      n: r.n,
      mu: round(t.fit.mu, 8),
      rho: round(t.fit.rho, 8),
      rho_floor: round(t.rhoFloor, 8),
      baseline_months: t.fit.months,
      baseline_kind: t.baselineKind,
      p_window: t.result.pValue,
      scan_windows: t.scanSize,
      p_value: a.pScreen,
      q_own: round(a.qOwn, 6),
    },
  };
}

function candidateEvidence(a: Assessment, parameters: Readonly<Record<string, unknown>>): Evidence {
  const t = a.test;
  const r = t.result.plugIn;
  return {
    method: METHOD,
    parameters: { ...parameters, level: t.series.level, source_family: t.family },
    fit: fitOf(t),
    test: {
      y: r.y,
      n: r.n,
      months: t.windowIdx.length,
      expected: round(r.expected, 3),
      variance: round(r.variance, 4),
      rho_eff: round(r.rhoEff, 8),
      rate_ratio: round(r.rateRatio, 4),
      p_plug_in: r.pValue,
      p_predictive: t.result.predictive,
      p_own: t.result.pValue,
      p_peer: a.peer?.result?.pValue ?? null,
      p_value: a.pValue,
    },
    scan: scanOf(t),
    gates: {
      q_own: a.qOwn,
      candidate: a.candidate,
      rate_ratio: round(r.rateRatio, 4),
      expected: round(a.expected, 3),
      baseline_kind: t.baselineKind,
      excess_per_month: round(t.excessPerMonth, 2),
      weighted_excess: round(weightedExcess(t, a.expected), 1),
      effect: a.effect,
      peer_applied: a.peer?.applied ?? false,
      material: a.material,
    },
    ...(a.peer ? { peer: peerOf(a.peer) } : {}),
    ...(a.coveredBy ? { covered_by: coveredByOf(a, a.coveredBy) } : {}),
  };
}

/** The scan (scan.ts): which window of the block was tested and the correlations its scan bound used. */
function scanOf(t: TestedWindow): Record<string, unknown> {
  return {
    method:
      'windows of 3-5 months ending in the block (a calendar quarter), the one with the largest ' +
      '(y - E)/sqrt(V) tested; p_value = min(1, B(p)) over p_own and p_peer, B the Hunter-Worsley bound ' +
      'over the K distinct windows scanned (their correlations along its maximal spanning tree: scan_correlations)',
    block_start: t.blockStart,
    window_start: t.windowStart,
    window_length: t.windowLength,
    windows: t.scanSize,
    scan_correlations: t.scanTree.map((r) => round(r, 4)),
  };
}

function fitOf(t: TestedWindow): Record<string, unknown> {
  return {
    estimator: 'moments',
    mu: round(t.fit.mu, 8),
    rho: round(t.fit.rho, 8),
    rho_floor: round(t.rhoFloor, 8),
    x2: round(t.fit.x2, 4),
    df: t.fit.df,
    df_effective: round(t.fit.dfEffective, 3),
    months: t.fit.months,
    cancelled: t.fit.y,
    n: t.fit.n,
    // The other forces' dispersions pooled into the predictive p-value (dispersion-prior.ts).
    prior_df: round(t.pivot === t.fit ? 0 : t.pivot.dfEffective - t.fit.dfEffective, 3),
    prior_forces: t.prior.forces,
    x2_moderated: round(t.pivot.x2, 4),
    df_moderated: round(t.pivot.dfEffective, 3),
  };
}

function peerOf(peer: PeerComparison): Record<string, unknown> {
  return {
    method:
      'log rate ratio against the other forces\u2019 in the same window: median centre m, robust ' +
      'MAD-matching tau2, var(m) = (pi/2) mean(se^2 + tau2)/k, z = (theta - m)/sqrt(se^2 + tau2 + var(m)); ' +
      'p_peer from the chart moved to mu e^m with (N mu e^m)^2 (tau2 + var(m)) added to V',
    theta: round(peer.theta, 5),
    se: round(peer.se, 5),
    centre: peer.centre,
    tau2: peer.tau2,
    centre_variance: peer.centreVariance,
    z: peer.z === null ? null : round(peer.z, 3),
    p_plug_in: peer.result?.plugIn.pValue ?? null,
    p_predictive: peer.result?.predictive ?? null,
    p_value: peer.result?.pValue ?? null,
    forces: peer.forces.length,
    applied: peer.applied,
  };
}

function coveredByOf(a: Assessment, by: Assessment): Record<string, unknown> {
  return {
    reason: a.coverReason,
    period_start: by.test.force.months[by.test.windowIdx[0]!],
    level: by.test.series.level,
    offence_group: by.test.series.offence_group,
    p_value: by.pValue,
    rate_ratio: round(by.test.result.plugIn.rateRatio, 4),
  };
}
