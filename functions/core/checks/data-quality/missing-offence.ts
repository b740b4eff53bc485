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
import { seriesExcerpt } from '#core/series/excerpt.ts';
import { addMonths } from '#core/series/months.ts';
import { expectedPeriods, periodLength, spanLabel } from '#core/series/periods.ts';
import { periodEndIn, type Series, type Stream } from '#core/series/streams.ts';
import { isUsableCount } from '#core/series/usable-count.ts';
import type { AuditContext } from '../audit-context.ts';
import type { AuditInput, Check, CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import { fmt, offenceLabel, plural } from '../wording.ts';
import { ABSENT_MEANS_ZERO, predictiveZeroRunProbability, severityAtStake } from './common.ts';
import { type DataQualityConfig, DEFAULT_DATA_QUALITY_CONFIG } from './config.ts';
import { seriesRuns } from './runs.ts';

type MissingOffenceConfig = DataQualityConfig['missing_offence'];

export function createMissingOffenceCheck(config: DataQualityConfig = DEFAULT_DATA_QUALITY_CONFIG): Check {
  const P = config.missing_offence;
  return {
    id: 'dq.missing_offence',
    signature: 'data_quality',
    ruleVersion: '1.2.0',
    description: `An offence the force reported in at least ${P.min_present_periods} of its previous ${P.window_periods} periods that is absent from a later period it reported, unless the offence ended nationally.`,
    run(input: AuditInput, ctx: AuditContext): CheckDraft[] {
      const peers = new National(ctx.streams, P);
      return seriesRuns(input, ctx, (series, p) => !series.rows.has(p)).flatMap(
        ({ stream, series, t0, t1 }) => {
          const absence = assess(P, stream, series, peers, t0, t1);
          return absence ? [finding(config, stream, series, absence)] : [];
        },
      );
    },
  };
}

export const missingOffenceCheck: Check = createMissingOffenceCheck();

function hasCrimes(series: Series, period: string): boolean {
  const row = series.rows.get(period);
  return row !== undefined && isUsableCount(row.recorded) && row.recorded > 0;
}

/** An absence the rules flag, with the figures its finding reports. */
interface Absence {
  first: string;
  last: string;
  /** The reported periods before the absence that the regularity and the rate are judged on. */
  window: readonly string[];
  present: number;
  k: number;
  absentIsZero: boolean;
  baselineCrimes: number;
  /** Periods of the window with a usable value (absent ones count as zeros where absence is zero). */
  baselinePeriods: number;
  mean: number;
  pZero: number;
  national: NationalCheck;
}

function assess(
  P: MissingOffenceConfig,
  stream: Stream,
  series: Series,
  peers: National,
  t0: number,
  t1: number,
): Absence | null {
  const window = stream.periods.slice(Math.max(0, t0 - P.window_periods), t0);
  const present = window.filter((p) => hasCrimes(series, p)).length;
  if (present < P.min_present_periods) return null;
  const first = stream.periods[t0]!;
  const k = t1 - t0 + 1;
  const absentIsZero = [...(stream.formats.get(first) ?? [])].every((f) => ABSENT_MEANS_ZERO.has(f));
  // Where absence is zero, absent periods of the window are zeros; elsewhere they are unknown.
  const values = window.flatMap((p) => {
    const row = series.rows.get(p);
    if (row) return isUsableCount(row.recorded) ? [row.recorded] : [];
    return absentIsZero ? [0] : [];
  });
  const baselineCrimes = values.reduce((a, b) => a + b, 0);
  const pZero = predictiveZeroRunProbability(baselineCrimes, values.length, k);
  if (absentIsZero && !(pZero < P.zero_probability_threshold)) return null;
  const national = peers.assess(stream, series.key, first);
  if (national.national) return null;
  return {
    first,
    last: stream.periods[t1]!,
    window,
    present,
    k,
    absentIsZero,
    baselineCrimes,
    baselinePeriods: values.length,
    mean: baselineCrimes / values.length,
    pZero,
    national,
  };
}

function finding(config: DataQualityConfig, stream: Stream, series: Series, a: Absence): CheckDraft {
  const { first, last, window, k, mean } = a;
  const expected = mean * k;
  const unit = stream.grain === 'quarter' ? 'quarter' : 'month';
  return draft({
    severity: severityAtStake(expected, series, config.materiality),
    force_code: stream.force_code,
    period_start: first,
    period_end: periodEndIn(stream, last),
    offence_group: series.offence_group,
    offence_subgroup: series.offence_subgroup,
    offence_code: series.offence_code,
    observed: 0,
    expected,
    effect_size: -1,
    summary:
      `${stream.force_code} reported no ${offenceLabel(series)} for ${spanLabel(first, last, stream.grain)} (${plural(k, `reported ${unit}`)}) ` +
      `after reporting it in ${a.present} of the previous ${window.length} at about ${fmt(Math.round(mean))} a ${unit}` +
      (a.absentIsZero ? ', which makes a true zero implausible' : '') +
      '; please confirm whether these crimes are missing from the return.',
    evidence: {
      method: a.absentIsZero
        ? 'Absent cells are zeros in this format; the absence is flagged because k further zero periods after y crimes in the n trailing periods have probability (n/(n+k))^(y+1/2) (Poisson, Jeffreys prior on the rate) below the threshold, and the peer forces (national_check) did not drop the offence together.'
        : 'The offence was reported in most of the previous periods and has no row in a period the force otherwise reported; the peer forces (national_check) did not drop the offence together.',
      parameters: {
        ...config.missing_offence,
        grain: stream.grain,
        level: stream.level,
        absent_means_zero: a.absentIsZero,
      },
      baseline: {
        start: window[0]!,
        end: window[window.length - 1]!,
        description: `${a.present} of ${window.length} previously reported ${unit}s with crimes; mean ${fmt(mean)} a ${unit}`,
      },
      trailing_mean: mean,
      // The engine's consolidation reads this: the crimes the absence leaves out of the counts.
      crimes_missing: expected,
      trailing_crimes: a.baselineCrimes,
      trailing_periods: a.baselinePeriods,
      absent_periods: k,
      ...(a.absentIsZero ? { zero_probability: a.pZero } : {}),
      national_check: {
        forces_reporting_before: a.national.eligible,
        forces_no_longer_reporting: a.national.dropped,
      },
      series: seriesExcerpt(stream, series, first, last),
    },
  });
}

/** What the peer forces did with the offence around the absence. */
interface NationalCheck {
  national: boolean;
  eligible: number;
  dropped: number;
}

/** Whether an offence's disappearance at a period is shared by most forces (a national change). */
class National {
  /** grain|level → streams of every force at that grain and level. */
  private readonly byKind = new Map<string, Stream[]>();
  private readonly memo = new Map<string, NationalCheck>();

  constructor(
    streams: readonly Stream[],
    private readonly P: MissingOffenceConfig,
  ) {
    for (const s of streams) {
      const kind = `${s.grain}|${s.level}`;
      const list = this.byKind.get(kind) ?? [];
      list.push(s);
      this.byKind.set(kind, list);
    }
  }

  assess(stream: Stream, key: string, period: string): NationalCheck {
    const memoKey = `${stream.grain}|${stream.level}|${key}|${period}`;
    const known = this.memo.get(memoKey);
    if (known) return known;
    const P = this.P;
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
