/**
 * What a reported finding's evidence adds to the test's (test-evidence.ts): the method and formula,
 * the window's and the baseline's monthly counts an auditor can recompute the statistic from, an
 * excerpt of the series, the ML cross-check of the fit, the CUSUM, the finer series sharing the rise,
 * the known breaks and targets it overlaps, and how record-level months were counted.
 */
import { baselineEvidence, baselineWindow } from '#core/detection/baselines.ts';
import { breaksAffecting } from '#core/detection/known-breaks.ts';
import type { Evidence } from '#core/model/findings.ts';
import { fitBetaBinomial } from '#core/stats/beta-binomial.ts';
import { round } from '#core/stats/rounding.ts';
import { baselineIdxOf, isCohort, type TestedWindow } from './analysis.ts';
import { breaksForSeries } from './baseline-choice.ts';
import { testWindow } from './chart.ts';
import type { NoCrimeConfig } from './config.ts';
import type { CusumEvidence } from './cusum.ts';
import type { Assessment } from './gates.ts';
import { windowWeight } from './materiality.ts';
import { formulaOf, METHOD, REFERENCE, rateBaseOf } from './method-text.ts';

export interface ReportedContext {
  config: NoCrimeConfig;
  /** Every assessment of the same force, stream and window (for a parent's components). */
  siblings: readonly Assessment[];
  cusum: CusumEvidence | null;
}

/** The test's evidence (`tested`) with everything a reported finding carries beyond it. */
export function reportedEvidence(
  a: Assessment,
  ctx: ReportedContext,
  tested: Evidence,
  targets: string[],
): Evidence {
  const t = a.test;
  const s = t.series;
  const months = t.force.months;
  const r = t.result.plugIn;
  const excess = r.y - a.expected;
  const weight = windowWeight(t);
  return {
    ...tested,
    method: METHOD,
    reference: REFERENCE,
    formula: formulaOf(t),
    rate_base: rateBaseOf(t),
    baseline: baselineOf(t, ctx.config),
    baseline_kind: baselineKindOf(a, ctx.config),
    series: excerpt(t),
    series_value: isCohort(t) ? 'cohort_cancellation_rate' : 'cancellation_rate',
    window_months: windowMonths(t),
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
      start: months[t.windowIdx[0]!]!,
      end: months[t.windowIdx[t.windowIdx.length - 1]!]!,
    }).map((b) => ({ id: b.id, description: b.description })),
    targets,
    ...(a.peer ? { peers: a.peer.forces } : {}),
    ...(t.family === 'record_level' ? { record_level: recordLevelNote(t) } : {}),
    ...(isCohort(t) ? { cohort: cohortNote(t) } : {}),
  };
}

export { windowWeight } from './materiality.ts';

/** Which expectation the window was tested against, in words an auditor can check (gates.ts). */
function baselineKindOf(a: Assessment, config: NoCrimeConfig): Record<string, unknown> {
  const t = a.test;
  if (t.baselineKind === 'own') {
    return {
      kind: 'own',
      description: `the force's own ${t.fit.months} baseline months; p = max(p_own, p_peer)`,
    };
  }
  return {
    kind: 'peer_relative',
    description:
      `only ${t.fit.months} own baseline months (fewer than the ${config.minBaselineMonths} an own-baseline test needs): ` +
      "the other forces' cancellation rate over the same months, scaled by this force's ratio to them " +
      'over its own baseline months (mu e^m, m the median of their log rate ratios); p = p_peer only',
    own_months: t.fit.months,
    peer_log_shift: a.peer?.centre ?? null,
    expected: round(a.expected, 3),
  };
}

/** The window's months with their counts (a cohort month's n is its crimes, a decision month's recorded + cancelled). */
function windowMonths(t: TestedWindow): Array<Record<string, unknown>> {
  const s = t.series;
  const months = t.force.months;
  return t.windowIdx.map((i) =>
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
  );
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
    before: t.baselineBefore,
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

/** The next finer series (groups of the total, codes of a group) of the same force and block, largest excess first (at most 15). */
function components(a: Assessment, siblings: readonly Assessment[]): Array<Record<string, unknown>> {
  const s = a.test.series;
  if (s.level === 'code') return [];
  return siblings
    .filter(
      (o) =>
        o !== a &&
        (s.level === 'all'
          ? o.test.series.level === 'group'
          : o.test.series.level === 'code' && o.test.series.offence_group === s.offence_group),
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
