/**
 * What the no-crime check could look at, per audited force: contract §1a lets a return leave out
 * `cancelled`, and then "no-crime checks are skipped and say so". The check itself emits nothing for
 * such a force (a finding would claim something about the force's recording); this report is what
 * the run summary and the HTML report show instead, e.g. "kent: no-crime checks skipped: no
 * cancellation data". For a tested force it also says which months could not be assessed: a
 * record-level extract's lead-in and tail (months without cohorts), and the months whose cancellation
 * cohorts were still filling when the extract was taken ("not assessed yet": a later extract completes
 * them).
 */

import { monthIndex } from '#core/series/months.ts';
import { cmp, type Stream } from '#core/series/streams.ts';
import { type AuditContext, auditContext } from '../audit-context.ts';
import type { AuditInput, CoverageReport } from '../check.ts';
import { forceList, plural } from '../wording.ts';
import { DEFAULT_NO_CRIME_CONFIG } from './config.ts';
import { cancellationSeries, type ForceCancellations } from './rates.ts';

export type NoCrimeSkipReason =
  | 'no returns'
  | 'no cancellation data'
  | 'cancellation data only in quarterly returns';

export interface NoCrimeCoverage {
  force_code: string;
  status: 'tested' | 'skipped';
  reason: NoCrimeSkipReason | null;
  /** One line for the run summary. */
  message: string;
  /** Months (monthly returns) with at least one cancellation count. */
  months_with_cancellations: number;
  /** Months (monthly returns) where some cell has no cancellation count: left out of aggregates. */
  months_missing_cancellations: number;
  first_month: string | null;
  last_month: string | null;
  /** Months from record-level extracts, and those kept out as an extract's lead-in or tail (rates.ts). */
  record_level_months: number;
  lead_in_months: string[];
  tail_months: string[];
  /** Record-level months rated by their cancellation cohorts, complete or not (rates.ts). */
  cohort_months: number;
  /** The cohorts' follow-up in days; null without cohort months. */
  cohort_follow_up_days: number | null;
  /** Cohort months whose follow-up had not ended when the extract was taken: not assessed yet. */
  incomplete_cohort_months: string[];
}

export function noCrimeCoverage(
  input: Pick<AuditInput, 'current' | 'forces' | 'cohorts'>,
  ctx: AuditContext = auditContext(input),
  leadInMonths: number = DEFAULT_NO_CRIME_CONFIG.recordLevelLeadInMonths,
): NoCrimeCoverage[] {
  const streams = ctx.streams;
  const series = cancellationSeries(ctx, leadInMonths, input.cohorts);
  return [...new Set(input.forces)].sort(cmp).map((force) => {
    const monthly = series.filter((f) => f.force_code === force);
    if (monthly.length === 0) {
      return skipped(
        force,
        streams.filter((s) => s.force_code === force),
      );
    }
    return tested(force, monthly);
  });
}

type MonthTally = Pick<
  NoCrimeCoverage,
  | 'months_with_cancellations'
  | 'months_missing_cancellations'
  | 'first_month'
  | 'last_month'
  | 'record_level_months'
  | 'lead_in_months'
  | 'tail_months'
  | 'cohort_months'
  | 'cohort_follow_up_days'
  | 'incomplete_cohort_months'
>;

const nothing = (): MonthTally => ({
  months_with_cancellations: 0,
  months_missing_cancellations: 0,
  first_month: null,
  last_month: null,
  record_level_months: 0,
  lead_in_months: [],
  tail_months: [],
  cohort_months: 0,
  cohort_follow_up_days: null,
  incomplete_cohort_months: [],
});

/** A force without monthly cancellation counts, and why. */
function skipped(force: string, own: readonly Stream[]): NoCrimeCoverage {
  const quarterly = own.some(
    (s) =>
      s.grain === 'quarter' &&
      [...s.series.values()].some((x) => [...x.rows.values()].some((r) => r.cancelled !== null)),
  );
  const reason: NoCrimeSkipReason =
    own.length === 0
      ? 'no returns'
      : quarterly
        ? 'cancellation data only in quarterly returns'
        : 'no cancellation data';
  return {
    force_code: force,
    ...nothing(),
    status: 'skipped',
    reason,
    message: `${force}: no-crime checks skipped: ${reason}`,
  };
}

/** A tested force: the months it has counts for and those the check could not use. */
function tested(force: string, monthly: readonly ForceCancellations[]): NoCrimeCoverage {
  const withData = new Set<string>();
  const missing = new Set<string>();
  const recordLevel = new Set<string>();
  const leadIn = new Set<string>();
  const tail = new Set<string>();
  const cohort = new Set<string>();
  const incomplete = new Set<string>();
  let followUp: number | null = null;
  for (const f of monthly) {
    followUp ??= f.followUpDays;
    for (const s of f.stream.series.values()) {
      for (const [period, row] of s.rows) {
        if (row.cancelled === null) missing.add(period);
        else withData.add(period);
      }
    }
    f.months.forEach((m, t) => {
      if (f.family[t] === 'record_level' || f.family[t] === 'record_level_cohort') recordLevel.add(m);
      if (f.family[t] === 'record_level_cohort') cohort.add(m);
      if (f.edge[t] === 'lead_in') leadIn.add(m);
      if (f.edge[t] === 'tail') tail.add(m);
      if (f.edge[t] === 'incomplete_cohort') incomplete.add(m);
    });
  }
  const sorted = [...withData].sort(cmp);
  const counts: MonthTally = {
    months_with_cancellations: withData.size,
    months_missing_cancellations: missing.size,
    first_month: sorted[0] ?? null,
    last_month: sorted[sorted.length - 1] ?? null,
    record_level_months: recordLevel.size,
    lead_in_months: [...leadIn].sort(cmp),
    tail_months: [...tail].sort(cmp),
    cohort_months: cohort.size,
    cohort_follow_up_days: followUp,
    incomplete_cohort_months: [...incomplete].sort(cmp),
  };
  return {
    force_code: force,
    ...counts,
    status: 'tested',
    reason: null,
    message: testedMessage(force, counts),
  };
}

const months = (n: number): string => plural(n, 'month');

function testedMessage(force: string, c: MonthTally): string {
  const followUp = c.cohort_follow_up_days;
  const notes: string[] = [];
  if (c.months_missing_cancellations > 0)
    notes.push(`${months(c.months_missing_cancellations)} lacking some cancellation counts`);
  if (c.lead_in_months.length > 0)
    notes.push(`${months(c.lead_in_months.length)} of record-level lead-in left out`);
  if (c.tail_months.length > 0) {
    notes.push(`${months(c.tail_months.length)} after a record-level extract's recording period left out`);
  }
  if (c.cohort_months > 0) {
    notes.push(
      `${months(c.cohort_months)} of record-level extracts rated by ${followUp}-day cancellation cohorts`,
    );
  }
  if (c.incomplete_cohort_months.length > 0) {
    notes.push(
      `${months(c.incomplete_cohort_months.length)} not assessed yet, their ${followUp}-day cohorts still incomplete ` +
        `(${monthList(c.incomplete_cohort_months)})`,
    );
  }
  return (
    `${force}: no-crime checks run on ${months(c.months_with_cancellations)} with cancellation counts (${c.first_month} to ${c.last_month})` +
    (notes.length > 0 ? `; ${notes.join('; ')}` : '')
  );
}

/** "2024-01 to 2024-03" for consecutive months, else the months listed. */
function monthList(months: readonly string[]): string {
  const first = months[0]!;
  const last = months[months.length - 1]!;
  const consecutive = monthIndex(last) - monthIndex(first) === months.length - 1;
  return consecutive && months.length > 1 ? `${first} to ${last}` : months.join(', ');
}

/**
 * The run's account of no-crime coverage: one clause for the runs table (forces without cancellation
 * counts, forces whose latest cohorts are still filling), and a notice per reason and per force.
 */
export function noCrimeCoverageReport(
  input: Pick<AuditInput, 'current' | 'forces' | 'cohorts'>,
  ctx: AuditContext,
  leadInMonths: number = DEFAULT_NO_CRIME_CONFIG.recordLevelLeadInMonths,
): CoverageReport {
  const coverage = noCrimeCoverage(input, ctx, leadInMonths);
  const skipped = coverage.filter((c) => c.status === 'skipped');
  const incomplete = coverage.filter((c) => c.incomplete_cohort_months.length > 0);
  const notices: string[] = [];
  const byReason = new Map<string, string[]>();
  for (const c of skipped) {
    const reason = c.reason ?? 'no cancellation data';
    byReason.set(reason, [...(byReason.get(reason) ?? []), c.force_code]);
  }
  for (const [reason, forces] of byReason) {
    notices.push(`No-crime checks skipped for ${forces.length} force(s) (${forceList(forces)}): ${reason}`);
  }
  for (const c of incomplete) {
    const m = c.incomplete_cohort_months;
    const span = m.length === 1 ? m[0] : `${m[0]} to ${m[m.length - 1]}`;
    notices.push(
      `No-crime: ${c.force_code}'s ${m.length} latest record-level month(s) (${span}) not assessed yet: ` +
        `their ${c.cohort_follow_up_days}-day cancellation cohorts are still incomplete`,
    );
  }
  const summary =
    coverage.length === 0
      ? ''
      : `no-crime skipped for ${skipped.length} force(s) without cancellation counts` +
        (incomplete.length > 0
          ? `, latest months not assessed yet for ${incomplete.length} (cancellation cohorts incomplete)`
          : '');
  return { signature: 'no_crime_spike', summary, notices };
}
