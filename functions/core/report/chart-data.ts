/**
 * What a finding's chart draws, as plain data for the page's script (uPlot draws it in the browser):
 * a time axis of every month (or quarter) from the first to the last point, with null where the
 * force returned nothing, so a missing month is a gap and not a closer neighbour; the observed
 * series; the expected series from the finding's evidence (`evidence.series[].expected`); the
 * flagged period exactly as tested (`evidence.did.post_window`, else `evidence.window`, else the
 * finding's period); the baseline window (`evidence.did.pre_window`, else `evidence.baseline`); and
 * the months the check left out of it (`evidence.excluded_periods`, and the baseline months missing
 * from `evidence.baseline_months`).
 */
import type { Finding } from '../model/findings.ts';
import { peerBand } from './peer-range.ts';
import { monthsBetween } from './period-text.ts';

export interface SeriesPoint {
  /** `YYYY-MM`: the month, or the first month of a quarter. */
  period: string;
  value: number | null;
  expected?: number | null;
}

export interface ChartSpec {
  /** `YYYY-MM` of each point on the axis, evenly spaced by `step` months. */
  periods: string[];
  step: 1 | 3;
  observed: Array<number | null>;
  /** Absent when the evidence gives no expected value for any point on the axis. */
  expected?: Array<number | null>;
  /** The peers' range (peer-range.ts), when the evidence names at least two peers with a series. */
  peerLow?: Array<number | null>;
  peerHigh?: Array<number | null>;
  peerCount?: number;
  flagged: [string, string];
  baseline?: [string, string];
  leftOut: string[];
  /** The y axis label, with the unit. */
  unit: string;
  /** Values are shares (0–1), printed as percentages on the axis. */
  percent: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A `{ start, end }` pair of months inside evidence, when it is one. */
function windowOf(v: unknown): [string, string] | undefined {
  if (!isObj(v)) return undefined;
  const { start, end } = v;
  return typeof start === 'string' && typeof end === 'string' && MONTH.test(start) && MONTH.test(end)
    ? [start, end]
    : undefined;
}

/** The evidence's `series` excerpt, keeping only well-formed points. */
export function evidenceSeries(evidence: unknown): SeriesPoint[] {
  if (!isObj(evidence) || !Array.isArray(evidence.series)) return [];
  const out: SeriesPoint[] = [];
  for (const item of evidence.series) {
    if (!isObj(item) || typeof item.period !== 'string' || !MONTH.test(item.period)) continue;
    out.push({
      period: item.period,
      value: typeof item.value === 'number' ? item.value : null,
      expected: typeof item.expected === 'number' ? item.expected : null,
    });
  }
  return out;
}

function leftOutMonths(evidence: Obj, baseline: [string, string] | undefined): string[] {
  const out = new Set<string>();
  if (Array.isArray(evidence.excluded_periods)) {
    for (const p of evidence.excluded_periods) if (typeof p === 'string' && MONTH.test(p)) out.add(p);
  }
  if (baseline && Array.isArray(evidence.baseline_months)) {
    const used = new Set(evidence.baseline_months.map((m) => (isObj(m) ? m.period : null)));
    for (const p of monthsBetween(baseline[0], baseline[1])) if (!used.has(p)) out.add(p);
  }
  return [...out].sort();
}

function unitLabel(f: Pick<Finding, 'unit'>, step: 1 | 3): string {
  if (f.unit === 'rate') return 'cancelled, % of crimes recorded';
  return step === 3 ? 'crimes recorded per quarter' : 'crimes recorded per month';
}

const monthIndex = (p: string): number => Number(p.slice(0, 4)) * 12 + Number(p.slice(5, 7)) - 1;
const monthKey = (i: number): string => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

/**
 * The chart of one finding, or null when fewer than two points have a value. `history` is the
 * force's series over its whole history (observed only); the evidence supplies the expected values
 * and, without a history, the observed ones too. `peers` holds the series of each peer force the
 * evidence names, over the same offences.
 */
export function chartSpec(
  f: Pick<Finding, 'unit' | 'period_start' | 'period_end'>,
  evidence: unknown,
  history: readonly SeriesPoint[] | undefined,
  peers: readonly (readonly SeriesPoint[])[] = [],
): ChartSpec | null {
  const excerpt = evidenceSeries(evidence);
  const base = history && history.length > 0 ? history.filter((p) => MONTH.test(p.period)) : excerpt;
  if (base.filter((p) => p.value !== null).length < 2) return null;
  const observedBy = new Map(base.map((p) => [p.period, p.value]));
  const expectedBy = new Map(excerpt.map((p) => [p.period, p.expected ?? null]));
  const indices = [...new Set([...observedBy.keys(), ...expectedBy.keys()])].map(monthIndex);
  indices.sort((a, b) => a - b);
  const quarterly =
    indices.every((i) => i % 3 === indices[0]! % 3) && gaps(indices).every((g) => g % 3 === 0);
  const step: 1 | 3 = quarterly && gaps(indices).some((g) => g === 3) ? 3 : 1;
  const periods: string[] = [];
  for (let i = indices[0]!; i <= indices[indices.length - 1]!; i += step) periods.push(monthKey(i));

  const ev = isObj(evidence) ? evidence : {};
  const did = isObj(ev.did) ? ev.did : {};
  const baseline = windowOf(did.pre_window) ?? windowOf(ev.baseline);
  const expected = periods.map((p) => rounded(expectedBy.get(p)));
  const spec: ChartSpec = {
    periods,
    step,
    observed: periods.map((p) => rounded(observedBy.get(p))),
    flagged: windowOf(did.post_window) ?? windowOf(ev.window) ?? [f.period_start, f.period_end],
    // On a quarterly axis a period is a quarter's first month: other months are not on the axis.
    leftOut: leftOutMonths(ev, baseline).filter((p) => (monthIndex(p) - indices[0]!) % step === 0),
    unit: unitLabel(f, step),
    percent: f.unit === 'rate',
  };
  if (expected.some((v) => v !== null)) spec.expected = expected;
  if (baseline) spec.baseline = baseline;
  const left = new Set(spec.leftOut);
  const scaleFrom = periods.filter((p) =>
    baseline ? p >= baseline[0] && p <= baseline[1] && !left.has(p) : p < spec.flagged[0],
  );
  const band = peerBand(f, periods, spec.observed, peers, scaleFrom);
  if (band) {
    spec.peerLow = band.low;
    spec.peerHigh = band.high;
    spec.peerCount = band.peers;
  }
  return spec;
}

/** The last month the chart covers: the end of its last quarter on a quarterly axis. */
export function lastMonth(spec: Pick<ChartSpec, 'periods' | 'step'>): string {
  return monthKey(monthIndex(spec.periods[spec.periods.length - 1]!) + spec.step - 1);
}

/** Five significant figures: more than a chart can show, and the page stays small. */
function rounded(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(5)) : null;
}

function gaps(sorted: readonly number[]): number[] {
  return sorted.slice(1).map((v, i) => v - sorted[i]!);
}
