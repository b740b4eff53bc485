/**
 * dq.missing_offence — an offence a force reported steadily that is absent from a later period the
 * force did report. Rules (rule_version 1.1.0):
 *
 * - Regular: the offence had a non-zero count in ≥ 10 of the force's 12 previously reported periods.
 * - A run of consecutive absent periods is one finding (a code that stops for good is one finding).
 * - Where an absent cell means zero (the Home Office offence-group table drops zero cells upstream;
 *   record-level extracts only yield cells with crimes), absence is flagged only when zero is
 *   implausible: the probability of k further zero periods after y crimes in the n trailing periods,
 *   (n/(n+k))^(y+½) (Poisson with a Jeffreys prior on the rate, as dq.zero_run 1.1.0), must be below
 *   1e−6 (for one period after 12: about 165 crimes, ~14 a month). Rule 1.0.0 used the plug-in
 *   exp(−k·mean), which takes the trailing mean for the rate and so flags a little too readily after
 *   a chance clump. Elsewhere zeros are listed, so an absent cell is an omission whatever its size.
 * - National change: peers are the forces (any, same grain and level, the force itself included)
 *   that had crimes for the offence in ≥ 6 of their last 12 reported periods before P − w, where P
 *   is the first absent period and w = 2. When there are at least 3 peers and at least half of them
 *   have no crimes for it in their latest reported period within [P, P + w], the offence ended
 *   nationally and no force is flagged for it — e.g. police-recorded fraud moved to Action Fraud over
 *   2012/13 Q4 – 2013/14, force by force over adjacent quarters. The ±w window exists because forces
 *   moved over several quarters (a force that kept a trickle for a few quarters longer is still
 *   part of the national change); the three-peer floor keeps a single-force upload from ever being
 *   taken for a national change.
 */
import type { FindingDraft } from '../../model/findings.ts';
import { seriesExcerpt } from '../../series/excerpt.ts';
import { addMonths } from '../../series/months.ts';
import { expectedPeriods, periodLength, spanLabel } from '../../series/periods.ts';
import { periodEndIn, type Series, type Stream } from '../../series/streams.ts';
import { isUsableCount } from '../../series/usable-count.ts';
import type { AuditContext } from '../audit-context.ts';
import type { AuditInput, Check } from '../check.ts';
import { fmt, offenceLabel, plural } from '../wording.ts';
import { ABSENT_MEANS_ZERO, predictiveZeroRunProbability, severityByCrimes } from './common.ts';

export const MISSING_OFFENCE_PARAMS = {
  window_periods: 12,
  min_present_periods: 10,
  zero_probability_threshold: 1e-6,
  national_window_periods: 2,
  national_peer_min_present_periods: 6,
  national_share: 0.5,
  national_min_forces: 3,
} as const;
const P = MISSING_OFFENCE_PARAMS;

export const missingOffenceCheck: Check = {
  id: 'dq.missing_offence',
  signature: 'data_quality',
  ruleVersion: '1.1.0',
  description:
    'An offence the force reported in at least 10 of its previous 12 periods that is absent from a later period it reported, unless the offence ended nationally.',
  run(input: AuditInput, ctx: AuditContext): FindingDraft[] {
    const audited = new Set(input.forces);
    const streams = ctx.streams;
    const peers = new National(streams);
    const out: FindingDraft[] = [];
    for (const stream of streams) {
      if (!audited.has(stream.force_code)) continue;
      for (const series of stream.series.values()) out.push(...absencesOf(stream, series, peers));
    }
    return out;
  },
};

function hasCrimes(series: Series, period: string): boolean {
  const row = series.rows.get(period);
  return row !== undefined && isUsableCount(row.recorded) && row.recorded > 0;
}

function absencesOf(stream: Stream, series: Series, peers: National): FindingDraft[] {
  const out: FindingDraft[] = [];
  const periods = stream.periods;
  let t = 0;
  while (t < periods.length) {
    if (series.rows.has(periods[t]!)) {
      t++;
      continue;
    }
    let end = t;
    while (end + 1 < periods.length && !series.rows.has(periods[end + 1]!)) end++;
    const draft = assess(stream, series, peers, t, end);
    if (draft) out.push(draft);
    t = end + 1;
  }
  return out;
}

function assess(
  stream: Stream,
  series: Series,
  peers: National,
  t0: number,
  t1: number,
): FindingDraft | null {
  const window = stream.periods.slice(Math.max(0, t0 - P.window_periods), t0);
  const present = window.filter((p) => hasCrimes(series, p)).length;
  if (present < P.min_present_periods) return null;
  const first = stream.periods[t0]!;
  const last = stream.periods[t1]!;
  const k = t1 - t0 + 1;
  const absentIsZero = [...(stream.formats.get(first) ?? [])].every((f) => ABSENT_MEANS_ZERO.has(f));
  // Where absence is zero, absent periods of the window are zeros; elsewhere they are unknown.
  const values = window.flatMap((p) => {
    const row = series.rows.get(p);
    if (row) return isUsableCount(row.recorded) ? [row.recorded] : [];
    return absentIsZero ? [0] : [];
  });
  const baselineCrimes = values.reduce((a, b) => a + b, 0);
  const mean = baselineCrimes / values.length;
  const pZero = predictiveZeroRunProbability(baselineCrimes, values.length, k);
  if (absentIsZero && !(pZero < P.zero_probability_threshold)) return null;
  const national = peers.assess(stream, series.key, first);
  if (national.national) return null;

  const expected = mean * k;
  const unit = stream.grain === 'quarter' ? 'quarter' : 'month';
  const what = offenceLabel(series);
  return {
    signature: 'data_quality',
    check_id: missingOffenceCheck.id,
    rule_version: missingOffenceCheck.ruleVersion,
    severity: severityByCrimes(expected),
    force_code: stream.force_code,
    period_start: first,
    period_end: periodEndIn(stream, last),
    offence_group: series.offence_group,
    offence_subgroup: series.offence_subgroup,
    offence_code: series.offence_code,
    related_offence_code: null,
    observed: 0,
    expected,
    unit: 'crimes',
    effect_size: -1,
    p_value: null,
    near_target: false,
    summary:
      `${stream.force_code} reported no ${what} for ${spanLabel(first, last, stream.grain)} (${plural(k, `reported ${unit}`)}) ` +
      `after reporting it in ${present} of the previous ${window.length} at about ${fmt(Math.round(mean))} a ${unit}` +
      (absentIsZero ? ', which makes a true zero implausible' : '') +
      '; please confirm whether these crimes are missing from the return.',
    evidence: {
      method: absentIsZero
        ? 'Absent cells are zeros in this format; the absence is flagged because k further zero periods after y crimes in the n trailing periods have probability (n/(n+k))^(y+1/2) (Poisson, Jeffreys prior on the rate) below the threshold, and the peer forces (national_check) did not drop the offence together.'
        : 'The offence was reported in most of the previous periods and has no row in a period the force otherwise reported; the peer forces (national_check) did not drop the offence together.',
      parameters: { ...P, grain: stream.grain, level: stream.level, absent_means_zero: absentIsZero },
      baseline: {
        start: window[0]!,
        end: window[window.length - 1]!,
        description: `${present} of ${window.length} previously reported ${unit}s with crimes; mean ${fmt(mean)} a ${unit}`,
      },
      trailing_mean: mean,
      trailing_crimes: baselineCrimes,
      trailing_periods: values.length,
      absent_periods: k,
      ...(absentIsZero ? { zero_probability: pZero } : {}),
      national_check: {
        forces_reporting_before: national.eligible,
        forces_no_longer_reporting: national.dropped,
      },
      series: seriesExcerpt(stream, series, first, last),
    },
  };
}

/** Whether an offence's disappearance at a period is shared by most forces (a national change). */
class National {
  /** grain|level → streams of every force at that grain and level. */
  private readonly byKind = new Map<string, Stream[]>();
  private readonly memo = new Map<string, { national: boolean; eligible: number; dropped: number }>();

  constructor(streams: readonly Stream[]) {
    for (const s of streams) {
      const kind = `${s.grain}|${s.level}`;
      const list = this.byKind.get(kind) ?? [];
      list.push(s);
      this.byKind.set(kind, list);
    }
  }

  assess(
    stream: Stream,
    key: string,
    period: string,
  ): { national: boolean; eligible: number; dropped: number } {
    const memoKey = `${stream.grain}|${stream.level}|${key}|${period}`;
    const known = this.memo.get(memoKey);
    if (known) return known;
    const step = periodLength(stream.grain);
    const lookbackEnd = addMonths(period, -step * P.national_window_periods);
    const windowEnd = addMonths(period, step * P.national_window_periods);
    const inWindow = expectedPeriods(period, windowEnd, stream.grain);
    let eligible = 0;
    let dropped = 0;
    for (const peer of this.byKind.get(`${stream.grain}|${stream.level}`) ?? []) {
      const series = peer.series.get(key);
      if (!series) continue;
      const lookback = peer.periods.filter((p) => p < lookbackEnd).slice(-P.window_periods);
      if (lookback.filter((p) => hasCrimes(series, p)).length < P.national_peer_min_present_periods) continue;
      const reported = inWindow.filter((p) => peer.periodEnds.has(p));
      const latest = reported[reported.length - 1];
      if (latest === undefined) continue;
      eligible++;
      if (!hasCrimes(series, latest)) dropped++;
    }
    const result = {
      national: eligible >= P.national_min_forces && dropped >= P.national_share * eligible,
      eligible,
      dropped,
    };
    this.memo.set(memoKey, result);
    return result;
  }
}
