/**
 * dq.zero_run — a run of at least 3 consecutive reported periods in which an offence is returned as
 * an explicit 0, when the 12 reported periods before the run make that implausible: with y crimes in
 * those n periods, k zero periods have probability (n/(n+k))^(y+½) (Poisson, Jeffreys prior on the
 * rate; see predictiveZeroRunProbability), flagged below 1e−6 (for k = 3, n = 12: about 62 crimes in
 * the baseline, a mean of ~5 a month). One finding per run. Rule 1.1.0 replaced the plug-in
 * exp(−k·mean), which flagged sparse codes after a chance clump (0.14 per force-year on the clean
 * detection benchmark).
 * Absent cells are not zeros here: dq.missing_offence reports those.
 */
import { seriesExcerpt } from '#core/series/excerpt.ts';
import { spanLabel } from '#core/series/periods.ts';
import { periodEndIn, type Series, type Stream } from '#core/series/streams.ts';
import { isUsableCount } from '#core/series/usable-count.ts';
import { round } from '#core/stats/rounding.ts';
import type { AuditContext } from '../audit-context.ts';
import type { AuditInput, Check, CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import { fmt, offenceLabel, plural } from '../wording.ts';
import { predictiveZeroRunProbability, severityAtStake } from './common.ts';
import { type DataQualityConfig, DEFAULT_DATA_QUALITY_CONFIG } from './config.ts';
import { seriesRuns } from './runs.ts';

export function createZeroRunCheck(config: DataQualityConfig = DEFAULT_DATA_QUALITY_CONFIG): Check {
  const { min_run_periods } = config.zero_run;
  return {
    id: 'dq.zero_run',
    signature: 'data_quality',
    ruleVersion: '1.2.0',
    description:
      'Three or more consecutive zero periods for an offence whose previous level makes zeros implausible.',
    run: (input: AuditInput, ctx: AuditContext): CheckDraft[] =>
      seriesRuns(input, ctx, (series, p) => series.rows.get(p)?.recorded === 0).flatMap(
        ({ stream, series, t0, t1 }) => {
          if (t1 - t0 + 1 < min_run_periods) return [];
          return assess(config, stream, series, t0, t1) ?? [];
        },
      ),
  };
}

export const zeroRunCheck: Check = createZeroRunCheck();

function assess(
  config: DataQualityConfig,
  stream: Stream,
  series: Series,
  t0: number,
  t1: number,
): CheckDraft | null {
  const P = config.zero_run;
  const window = stream.periods.slice(Math.max(0, t0 - P.baseline_periods), t0);
  const values = window.flatMap((p) => {
    const v = series.rows.get(p)?.recorded;
    return isUsableCount(v) ? [v] : [];
  });
  if (values.length < P.min_baseline_periods) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const k = t1 - t0 + 1;
  const pZero = predictiveZeroRunProbability(mean * values.length, values.length, k);
  if (!(pZero < P.zero_probability_threshold)) return null;
  const first = stream.periods[t0]!;
  const last = stream.periods[t1]!;
  const unit = stream.grain === 'quarter' ? 'quarter' : 'month';
  const expected = mean * k;
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
      `${stream.force_code} returned 0 for ${offenceLabel(series)} in each of ${plural(k, `reported ${unit}`)} ` +
      `(${spanLabel(first, last, stream.grain)}) after averaging ${fmt(round(mean, 1))} a ${unit}; ` +
      'the run of zeros requires explanation.',
    evidence: {
      method:
        'Consecutive explicit zero counts; flagged when the probability of that many zero periods, given y crimes in the n baseline periods (Poisson with a Jeffreys prior on the rate: (n/(n+k))^(y+1/2)), is below the threshold.',
      parameters: { ...P, grain: stream.grain, level: stream.level },
      baseline: {
        start: window[0]!,
        end: window[window.length - 1]!,
        description: `mean of ${values.length} usable reported ${unit}s before the run`,
      },
      trailing_mean: mean,
      // The engine's consolidation reads this: the crimes the zeros leave out of the counts.
      crimes_missing: expected,
      baseline_crimes: mean * values.length,
      baseline_periods: values.length,
      zero_periods: k,
      zero_probability: pZero,
      series: seriesExcerpt(stream, series, first, last),
    },
  });
}
