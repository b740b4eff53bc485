/**
 * The evidence of a year-end dip draft: every input needed to recompute its z and p (each year's
 * windows for the force and its peers, the dispersion, the leave-one-out profile, the cross-force
 * centre and τ̂²), the recovery and deferral figures, targets, and the dips it reports or is
 * reported by.
 */
import type { Evidence } from '#core/model/findings.ts';
import { addMonths } from '#core/series/months.ts';
import { round } from '#core/stats/rounding.ts';
import { parametersOf } from '../parameters.ts';
import type { SuddenDropConfig } from './config.ts';
import { targetEvidence } from './context.ts';
import type { YearEndDip } from './year-end-dip-analyse.ts';
import type { DipCoverage } from './year-end-dip-coverage.ts';
import { financialYearLabel } from './year-end-dip-series.ts';

const METHOD =
  'one-off financial-year-end dip: quasi-Poisson log-ratio contrast of January–March (and March) against ' +
  'April–December of the same year, peers as exposure, minus the force’s own contrast in its other years; ' +
  'calibrated across forces (median centre, robust τ²); Šidák over the years and windows tested';
const REFERENCE =
  'HMIC 2014 Crime-recording: making the victim count; Cox 1970 The Analysis of Binary Data; McCullagh & Nelder ' +
  '1989 §6.2; Dean & Lawless 1989 JASA 84:467; Paule & Mandel 1982 J Res NBS 87:377; Šidák 1967 JASA 62:626';
const FORMULA =
  'r(W) = ln(y_W + ½) − ln(e_W + ½); c_k = r(Jan–Mar_k) − r(Apr–Dec_k), v_k = Σ φ̂/(y + ½) + 1/(e + ½); ' +
  'δ_k = c_k − mean_{j≠k} c_j, Var δ_k = v_k + Σ_{j≠k} v_j/(K−1)²; z = (δ_k − m)/√(Var δ_k + τ̂²); ' +
  'p = 1 − (1 − min Φ(z))^(tests)';

export function yearEndDipEvidence(cfg: SuddenDropConfig, d: YearEndDip, cov: DipCoverage): Evidence {
  const b = d.best;
  return {
    method: METHOD,
    reference: REFERENCE,
    formula: FORMULA,
    parameters: parametersOf(cfg.yearEndDip, { exclude_groups: cfg.excludeGroups }),
    financial_year: financialYearLabel(d.cells.april),
    window: b.window,
    baseline: {
      start: d.cells.april,
      end: addMonths(d.cells.april, 8),
      description:
        'April–December of the same financial year relative to the peers, with the force’s own January–March ' +
        'relative to April–December in its other years',
    },
    peers: [...d.comparison.peers],
    peer_mode: d.comparison.peerMode,
    statistic_inputs: {
      years: d.years.map((c) => ({
        april: c.april,
        base: c.base,
        quarter: c.quarter,
        march: c.march,
        next_quarter: c.nextQuarter,
        next_year: c.nextYear,
      })),
      dispersion_phi: round(d.comparison.phi, 6),
      delta: round(b.oneOff.delta, 6),
      own_profile: round(b.oneOff.profile, 6),
      variance_delta: round(b.oneOff.variance, 10),
      centre_median_delta: round(b.centre, 6),
      tau2: round(b.tau2, 8),
      z: round(b.z, 4),
      p_window: b.p,
      tests: d.tests.length,
      p_sidak: d.p,
    },
    relative_dip: round(d.dip, 4),
    crimes_missing: round(d.missing, 1),
    recovery: {
      next_year_delta: d.recovery.delta === null ? null : round(d.recovery.delta, 5),
      window: 'the next April–December, else the next April–June',
      persists: d.recovery.persists,
    },
    deferral: d.deferral && {
      april: addMonths(d.cells.april, 12),
      observed: d.deferral.observed,
      expected: round(d.deferral.expected, 1),
      reappeared: round(d.deferral.reappeared, 1),
      share_of_missing: round(d.deferral.share, 3),
      indicated: d.deferral.share >= cfg.yearEndDip.minDeferredShare,
    },
    seriousness_weight: d.weight,
    near_targets: d.targets.map(targetEvidence),
    series: seriesExcerpt(d),
    covered_by: cov.reportedBy && dipRef(cov.reportedBy),
    // Not `explained_by`: that key is the engine's fold across checks, which the report follows.
    explained_by_finer: cov.explainedBy && dipRef(cov.explainedBy),
    covers: cov.covers.map(dipRef),
    explains: cov.explains.map(dipRef),
  };
}

/**
 * The financial year tested and the next April–June, for the report's chart: each period's count,
 * and in the window tested the expectation (the count scaled back by the dip).
 */
function seriesExcerpt(d: YearEndDip): NonNullable<Evidence['series']> {
  const first = d.periods.indexOf(d.cells.april);
  // The next June (monthly) or the next April quarter (quarterly), else the end of the data.
  const next = [14, 12].map((m) => d.periods.indexOf(addMonths(d.cells.april, m))).find((i) => i >= 0);
  const end = next ?? d.periods.length - 1;
  const out: NonNullable<Evidence['series']> = [];
  for (let t = first; t >= 0 && t <= end; t++) {
    const p = d.periods[t]!;
    const v = d.comparison.y[t]!;
    const value = Number.isNaN(v) ? null : v;
    const inWindow = p >= d.start && p <= d.end;
    out.push(
      inWindow && value !== null
        ? { period: p, value, expected: round(value / (1 - d.dip), 1) }
        : { period: p, value },
    );
  }
  return out;
}

function dipRef(d: YearEndDip): Record<string, unknown> {
  return {
    level: d.spec.level,
    offence_group: d.spec.offence_group,
    offence_code: d.spec.offence_code,
    period_start: d.start,
    period_end: d.end,
    relative_dip: round(d.dip, 4),
    p: d.p,
  };
}
