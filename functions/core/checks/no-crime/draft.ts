/**
 * Turns an assessed window into a finding draft: the neutral summary, severity, and evidence an auditor
 * can recompute the statistic from (the window's and the baseline's monthly counts, the fit, the
 * formula, the gates, the peers, the CUSUM). Drafts that are never reported (below the material gate,
 * or covered by a coarser series) still carry their p-value into BH but only compact evidence, so a
 * national audit does not serialise ~10⁵ full evidence documents.
 */
import { baselineEvidence, baselineWindow } from '../../detection/baselines.ts';
import { breaksAffecting } from '../../detection/known-breaks.ts';
import { seriousnessWeight, severityFromWeightedExcess } from '../../detection/seriousness.ts';
import { targetsNear } from '../../detection/targets.ts';
import type { Evidence, FindingDraft } from '../../model/findings.ts';
import { lookupOffence } from '../../reference/offence-reference.ts';
import { spanLabel } from '../../series/periods.ts';
import { fitBetaBinomial } from '../../stats/beta-binomial.ts';
import { round } from '../../stats/rounding.ts';
import type { Check } from '../check.ts';
import { ratePercent, wholeNumber } from '../wording.ts';
import { baselineIdxOf, breaksForSeries, type TestedWindow } from './analysis.ts';
import { testWindow } from './chart.ts';
import { configParameters, type NoCrimeConfig } from './config.ts';
import type { CusumEvidence } from './cusum.ts';
import type { Assessment } from './gates.ts';

export const METHOD =
  'Beta-binomial p-chart of the monthly cancellation rate against the force\u2019s own baseline ' +
  '(moment fit; predictive p-value over the uncertainty of the dispersion, pooled with the other ' +
  'forces\u2019 dispersions), intersection-union test ' +
  'with the same chart moved by the other forces\u2019 median rise, material gate on rate ratio and ' +
  'excess cancellations, binomial CUSUM dating the onset';

const SCREENED_METHOD =
  'Beta-binomial p-chart of the monthly cancellation rate against the force\u2019s own baseline; not assessed ' +
  'further: BH q among this check\u2019s drafts above candidate_q';

export const REFERENCE =
  'METHODS.md \u00a73 (2A\u20132C); Kleinman 1973 JASA 68:46; Williams 1982 Appl Stat 31:144; ' +
  'Reynolds & Stoumbos 1999 JQT 31:87; Spiegelhalter 2005 Stat Med 24:1185; Smyth 2004 SAGMB 3:3';

const DECISION_RATE = 'rate p_t = cancelled_t / (recorded_t + cancelled_t)';

export const FORMULA =
  `${DECISION_RATE}; mu = sum(cancelled_b)/sum(n_b) over the baseline; ` +
  'rho = max(0, (X2 - (k-1)) / sum((n_b-1)(1-n_b/N_B))), X2 = sum((y_b - n_b mu)^2 / (n_b mu (1-mu))); ' +
  'V(rho) = mu(1-mu)[sum_t n_t(1+(n_t-1)rho) + N^2 sum_b n_b(1+(n_b-1)rho)/N_B^2]; ' +
  'rho_eff = (V/(mu(1-mu)N) - 1)/(N-1); p_plug_in = P(Y >= y), Y ~ BetaBin(N, mu, rho_eff(max(rho, rho_floor))); ' +
  'rho_floor = rho_floor_share x median rho over the forces tested for the same series and window; ' +
  'p_predictive = mean of p_plug_in over rho(W) = max(rho_floor, (k-1)(X2/W - 1)/D), D = sum((n_b-1)(1-n_b/N_B)), ' +
  'W from chi2(df_moderated) rescaled to mean k-1 (24-point rule in s, u = s^3, computed when p_plug_in < 0.05), ' +
  'with X2 and df_effective moderated by the other forces: X2_moderated = (k-1)(d0 s0^2 (1 + a rho0) + nu X2/(k-1))/(d0 + nu), ' +
  'df_moderated = nu + d0, a = D/(k-1), rho0 the median rho, d0 and s0^2 by Smyth (2004) moments of ' +
  'ln(X2/(k-1)/(1 + a rho0)) over the forces; ' +
  'p_own = max(p_plug_in, p_predictive); p_peer = the same with mu replaced by mu e^m and tau2 (N mu e^m)^2 ' +
  'added to V, m and tau2 the median and robust between-force variance of the other forces\u2019 ' +
  'ln((y+0.5)/(N mu+0.5)) in the window; p_value = max(p_own, p_peer) (p_own alone without 5 other forces)';

/** The formula with the rate a cohort window is tested on. */
function formulaOf(t: TestedWindow): string {
  if (!isCohort(t)) return FORMULA;
  return (
    `rate p_t = cancelled_within_t / crimes_t, the cohort of the crimes recorded in month t and of them ` +
    `those cancelled within ${t.force.followUpDays} days${FORMULA.slice(DECISION_RATE.length)}`
  );
}

function isCohort(t: TestedWindow): boolean {
  return t.family === 'record_level_cohort';
}

/** "cancelled" or, for a cohort rate, "cancelled within 90 days". */
function cancelledVerb(t: TestedWindow): string {
  return isCohort(t) ? `cancelled within ${t.force.followUpDays} days` : 'cancelled';
}

export interface DraftContext {
  check: Pick<Check, 'id' | 'ruleVersion'>;
  config: NoCrimeConfig;
  /** Every assessment of the same force, stream and window (for a parent's components). */
  siblings: readonly Assessment[];
  cusum: CusumEvidence | null;
}

export function draftFor(a: Assessment, ctx: DraftContext): FindingDraft {
  const t = a.test;
  const s = t.series;
  const r = t.result.plugIn;
  const months = t.force.months;
  const first = months[t.windowIdx[0]!]!;
  const last = months[t.windowIdx[t.windowIdx.length - 1]!]!;
  const reported = a.material && a.coveredBy === null;
  const rate = r.n > 0 ? r.y / r.n : 0;
  const excess = r.y - r.expected;
  const near = targetsNear(ctx.config.targets, {
    groups: s.offence_group === null ? 'all' : [s.offence_group],
    codes: s.offence_code === null ? [] : [s.offence_code],
    start: first,
    end: last,
  });
  const compact = compactEvidence(a, ctx);
  let severity: FindingDraft['severity'] = 'info';
  // Never reported (the engine drops it): a plain label, not the reference lookup of `what`.
  let summary =
    `${t.force.force_code} ${cancelledVerb(t)} ${ratePercent(rate)} of ${s.key === '*' ? 'all offences' : s.key} from ` +
    `${first} to ${last} against ${ratePercent(t.fit.mu)} expected; below the reporting gate.`;
  let evidence = compact;
  if (reported) {
    severity = severityFromWeightedExcess(excess * windowWeight(t));
    const onset = ctx.cusum?.onset ?? null;
    const from = isCohort(t)
      ? `the cohorts of its previous ${t.fit.months} months`
      : `its previous ${t.fit.months} months of returns`;
    summary =
      `${t.force.force_code} ${cancelledVerb(t)} ${ratePercent(rate)} (${wholeNumber(r.y)} of ${wholeNumber(r.n)}) of ${what(t)} ` +
      `in ${spanLabel(first, last, 'month')} against ${ratePercent(t.fit.mu)} expected from ${from}` +
      (onset !== null ? `; a CUSUM chart dates the rise from ${onset}` : '') +
      '; the rise requires explanation.';
    evidence = fullEvidence(
      a,
      ctx,
      compact,
      excess,
      near.map((x) => x.id),
    );
  }
  // One literal (no spread): a national audit makes ~5·10⁴ of these.
  return {
    signature: 'no_crime_spike',
    check_id: ctx.check.id,
    rule_version: ctx.check.ruleVersion,
    severity,
    force_code: t.force.force_code,
    period_start: first,
    period_end: last,
    offence_group: s.offence_group,
    offence_subgroup: s.offence_subgroup,
    offence_code: s.offence_code,
    related_offence_code: null,
    observed: round(rate, 6),
    expected: round(t.fit.mu, 6),
    unit: 'rate',
    effect_size: round(r.logRatio, 6),
    p_value: clamp01(a.pValue),
    near_target: near.length > 0,
    summary,
    evidence,
  };
}

/** Everything a reported finding carries beyond the compact evidence. */
function fullEvidence(
  a: Assessment,
  ctx: DraftContext,
  compact: Evidence,
  excess: number,
  targets: string[],
): Evidence {
  const t = a.test;
  const s = t.series;
  const months = t.force.months;
  const first = months[t.windowIdx[0]!]!;
  const last = months[t.windowIdx[t.windowIdx.length - 1]!]!;
  const weight = windowWeight(t);
  return {
    ...compact,
    method: METHOD,
    reference: REFERENCE,
    formula: formulaOf(t),
    rate_base: isCohort(t)
      ? `cohort rate: cancelled within ${t.force.followUpDays} days / crimes recorded in the month: n is ` +
        'every crime recorded in the month (still recorded or cancelled since, transferred excluded), ' +
        `cancelled those of them cancelled within ${t.force.followUpDays} days of being recorded`
      : 'cancelled / (recorded + cancelled): recorded is net of cancellations, so the base is every crime ' +
        'recorded in the month, whether it still stands or was cancelled',
    baseline: baselineOf(t, ctx.config),
    series: excerpt(t),
    series_value: isCohort(t) ? 'cohort_cancellation_rate' : 'cancellation_rate',
    window_months: t.windowIdx.map((i) =>
      isCohort(t)
        ? {
            period: months[i]!,
            cancelled: s.y[i]!,
            n: s.n[i]!,
            crimes: s.n[i]!,
            rate: round(s.y[i]! / s.n[i]!, 6),
            expected_cancelled: round(s.n[i]! * t.fit.mu, 3),
          }
        : {
            period: months[i]!,
            cancelled: s.y[i]!,
            n: s.n[i]!,
            recorded: s.n[i]! - s.y[i]!,
            rate: round(s.y[i]! / s.n[i]!, 6),
            expected_cancelled: round(s.n[i]! * t.fit.mu, 3),
          },
    ),
    baseline_months: baselineIdxOf(t).map((i) => ({ period: months[i]!, cancelled: s.y[i]!, n: s.n[i]! })),
    excess_cancellations: round(excess, 2),
    seriousness_weight: round(weight, 3),
    weighted_excess: round(excess * weight, 1),
    ml_check: mlCheck(t),
    cusum: ctx.cusum,
    components: components(a, ctx.siblings),
    known_breaks: breaksAffecting(ctx.config.knownBreaks, {
      force_code: t.force.force_code,
      offence_group: s.offence_group,
      start: first,
      end: last,
    }).map((b) => ({ id: b.id, description: b.description })),
    targets,
    ...(a.peer ? { peers: a.peer.forces } : {}),
    ...(t.family === 'record_level' ? { record_level: recordLevelNote(t) } : {}),
    ...(isCohort(t) ? { cohort: cohortNote(t) } : {}),
  };
}

/**
 * Evidence of a draft: for windows screened out by their own-run q-value (never reported) only the
 * test's numbers; for candidates the fit, test, gates and peer comparison as well.
 */
function compactEvidence(a: Assessment, ctx: DraftContext): Evidence {
  const t = a.test;
  const r = t.result.plugIn;
  if (!a.candidate) {
    return {
      method: SCREENED_METHOD,
      discriminator: discriminatorOf(t),
      material: false,
      test: {
        y: r.y,
        n: r.n,
        mu: round(t.fit.mu, 8),
        rho: round(t.fit.rho, 8),
        rho_floor: round(t.rhoFloor, 8),
        baseline_months: t.fit.months,
        p_value: t.result.pValue,
        q_own: round(a.qOwn, 6),
      },
    };
  }
  return {
    method: METHOD,
    discriminator: discriminatorOf(t),
    material: a.material && a.coveredBy === null,
    parameters: { ...configParameters(ctx.config), level: t.series.level, source_family: t.family },
    fit: {
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
    },
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
    gates: {
      q_own: a.qOwn,
      candidate: a.candidate,
      rate_ratio: round(r.rateRatio, 4),
      excess_per_month: round(t.excessPerMonth, 2),
      effect: a.effect,
      peer_applied: a.peer?.applied ?? false,
      material: a.material,
    },
    ...(a.peer
      ? {
          peer: {
            method:
              'log rate ratio against the other forces\u2019 in the same window: median centre m, robust ' +
              'MAD-matching tau2, z = (theta - m)/sqrt(se^2 + tau2); p_peer from the chart moved to mu e^m',
            theta: round(a.peer.theta, 5),
            se: round(a.peer.se, 5),
            centre: a.peer.centre,
            tau2: a.peer.tau2,
            z: a.peer.z === null ? null : round(a.peer.z, 3),
            p_plug_in: a.peer.result?.plugIn.pValue ?? null,
            p_predictive: a.peer.result?.predictive ?? null,
            p_value: a.peer.result?.pValue ?? null,
            forces: a.peer.forces.length,
            applied: a.peer.applied,
          },
        }
      : {}),
    ...(a.coveredBy
      ? {
          covered_by: {
            reason: a.coverReason,
            period_start: a.coveredBy.test.force.months[a.coveredBy.test.windowIdx[0]!],
            level: a.coveredBy.test.series.level,
            offence_group: a.coveredBy.test.series.offence_group,
            p_value: a.coveredBy.pValue,
            rate_ratio: round(a.coveredBy.test.result.plugIn.rateRatio, 4),
          },
        }
      : {}),
  };
}

/**
 * Part of the finding's identity beyond force, period and offence: the stream's level (a force may
 * send both code- and group-level months) and the window's first month (with a month missing, two
 * rolling windows can cover the same months).
 */
function discriminatorOf(t: TestedWindow): string {
  return `stream:${t.force.stream.level}|window:${t.windowStart}`;
}

/** What the rate is a share of, in words. */
function what(t: TestedWindow): string {
  const s = t.series;
  if (s.level === 'all') return 'the crimes it recorded';
  if (s.level === 'group') return `the crimes it recorded as ${s.offence_group}`;
  const description = lookupOffence(s.offence_code!)?.description;
  return `the crimes it recorded as ${s.offence_code}${description ? ` (${description})` : ''}`;
}

/** Cancellation-weighted mean seriousness of the window's cancellations (a code's own weight for a code). */
function windowWeight(t: TestedWindow): number {
  let y = 0;
  let w = 0;
  for (const i of t.windowIdx) {
    y += t.series.y[i]!;
    w += t.series.weighted[i]!;
  }
  return y > 0 ? w / y : seriousnessWeight(t.series.offence_group, t.series.offence_code);
}

/**
 * The baseline as evidence, described by the shared rule (detection/baselines.ts), which chooses the
 * same months as analysis.ts: what was skipped for known breaks, what the series lacked.
 */
function baselineOf(t: TestedWindow, config: NoCrimeConfig): Evidence['baseline'] {
  const months = t.force.months;
  const family = new Map<string, number>();
  months.forEach((m, i) => {
    if (t.force.family[i] === t.family && t.force.edge[i] === null) family.set(m, i);
  });
  const chosen = baselineWindow(family, {
    force_code: t.force.force_code,
    offence_group: t.series.offence_group,
    grain: 'month',
    before: t.windowStart,
    length: config.baselineMonths,
    gap: config.baselineGapMonths,
    maxLookback: config.baselineLookbackMonths,
    breaks: breaksForSeries(config.knownBreaks, t.series.offence_group),
  });
  const used = baselineIdxOf(t);
  const dropped = chosen.periods.length - used.length;
  const parts = [`${used.length} months used`];
  const described = baselineEvidence(chosen)?.description;
  if (described) parts.push(`chosen: ${described}`);
  if (config.baselineGapMonths > 0)
    parts.push(`${config.baselineGapMonths} months before the window left out`);
  if (dropped > 0) parts.push(`${dropped} without usable counts for this series`);
  parts.push(
    t.family === 'record_level'
      ? 'record-level months only'
      : isCohort(t)
        ? `record-level cohorts with a complete ${t.force.followUpDays}-day follow-up only`
        : 'monthly returns only',
  );
  return {
    start: months[used[0]!]!,
    end: months[used[used.length - 1]!]!,
    description: parts.join('; '),
  };
}

/**
 * Monthly rates from 12 months before the window to 3 after, with the baseline rate as expected. Months
 * of another source family (or left out as an edge) show no value: their rate is not the one the
 * baseline rate expects (a cohort rate counts only cancellations within the follow-up).
 */
function excerpt(t: TestedWindow): NonNullable<Evidence['series']> {
  const from = Math.max(0, t.windowIdx[0]! - 12);
  const to = Math.min(t.force.months.length - 1, t.windowIdx[t.windowIdx.length - 1]! + 3);
  const out: NonNullable<Evidence['series']> = [];
  for (let i = from; i <= to; i++) {
    const n = t.series.n[i]!;
    const comparable = t.force.family[i] === t.family && t.force.edge[i] === null;
    out.push({
      period: t.force.months[i]!,
      value: !comparable || Number.isNaN(n) || n === 0 ? null : round(t.series.y[i]! / n, 6),
      expected: round(t.fit.mu, 6),
    });
  }
  return out;
}

/** The maximum-likelihood fit of the same baseline months and its plug-in p, as a cross-check. */
function mlCheck(t: TestedWindow): Record<string, unknown> {
  const used = baselineIdxOf(t);
  const yb = used.map((i) => t.series.y[i]!);
  const nb = used.map((i) => t.series.n[i]!);
  try {
    const fit = fitBetaBinomial(yb, nb);
    const p = testWindow(t.window, { mu: fit.mu, rho: fit.rho, n: t.fit.n, n2: t.fit.n2 }).pValue;
    return {
      estimator: 'maximum likelihood (fitBetaBinomial)',
      mu: round(fit.mu, 8),
      rho: round(fit.rho, 8),
      converged: fit.converged,
      boundary: fit.boundary,
      p_plug_in: p,
    };
  } catch (e) {
    return {
      estimator: 'maximum likelihood (fitBetaBinomial)',
      error: e instanceof Error ? e.message : String(e),
    };
  }
}

/** The finer series of the same force and window, largest excess first (at most 15). */
function components(a: Assessment, siblings: readonly Assessment[]): Array<Record<string, unknown>> {
  const s = a.test.series;
  if (s.level === 'code') return [];
  return siblings
    .filter(
      (o) =>
        o !== a &&
        o.test.series.level !== 'all' &&
        (s.level === 'all' ||
          (o.test.series.level === 'code' && o.test.series.offence_group === s.offence_group)),
    )
    .map((o) => ({ o, excess: o.test.result.plugIn.y - o.test.result.plugIn.expected }))
    .sort((x, y) => y.excess - x.excess)
    .slice(0, 15)
    .map(({ o, excess }) => ({
      level: o.test.series.level,
      offence_group: o.test.series.offence_group,
      offence_code: o.test.series.offence_code,
      cancelled: o.test.result.plugIn.y,
      expected: round(o.test.result.plugIn.expected, 2),
      excess: round(excess, 2),
      rate_ratio: round(o.test.result.plugIn.rateRatio, 4),
      p_value: o.pValue,
      material: o.material,
    }));
}

function recordLevelNote(t: TestedWindow): Record<string, unknown> {
  const edge = (kind: string): string[] => t.force.months.filter((_, i) => t.force.edge[i] === kind);
  return {
    counting:
      'cancellations are counted in the month they were decided (status_date), not by the month the crime ' +
      'was recorded: the audit input holds no cancellation cohorts for these months (a submission stored ' +
      'before the ingest built cohorts). The last months of an extract still count as ' +
      'recorded some crimes that will be cancelled later, which can only lower their rate (the upward test ' +
      'is conservative there); the first months lack decisions on crimes recorded before the extract and ' +
      'are left out (lead_in_excluded), as are months after its recording period that hold only late ' +
      'decisions (tail_excluded)',
    lead_in_excluded: edge('lead_in'),
    tail_excluded: edge('tail'),
  };
}

function cohortNote(t: TestedWindow): Record<string, unknown> {
  return {
    rate: 'cohort',
    follow_up_days: t.force.followUpDays,
    counting:
      `each month's rate is that of its cohort: the crimes recorded in the month (under their final code; ` +
      `still recorded or cancelled since, transferred excluded) and, of them, those cancelled within ` +
      `${t.force.followUpDays} days of being recorded (METHODS \u00a73). A cohort only holds crimes recorded ` +
      'in its month, so an extract needs no lead-in; cohorts whose follow-up had not ended when the ' +
      'extract was taken are still filling (their rate is biased low) and are neither tested nor used as ' +
      'baseline (incomplete_excluded)',
    incomplete_excluded: t.force.months.filter((_, i) => t.force.edge[i] === 'incomplete_cohort'),
  };
}

function clamp01(p: number): number {
  return Math.min(1, Math.max(0, p));
}
