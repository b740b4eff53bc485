/**
 * Seeded generator of realistic clean monthly code-level returns for the detection benchmark
 * (METHODS §6). The gross count of force f, code c, month t is negative binomial NB(μ, k_c) with
 *
 *   μ = N_c/12 · share_f · exp(a_{g(f),c} + b_{fc}) · s_c(moy) · exp(τ_{fc}(t))
 *       · days_t/30.44 · exp(u_t + v_{ft} + w_{f,group(c),t}) · mix_{f,family(c),t}
 *
 * - N_c national annual volume (offences.ts: anchors, else log-normal σ = 2, so many codes are tiny);
 *   share_f the force's real relative size (force-sizes.ts);
 * - g(f) one of 6–8 latent peer groups, a ~ N(0, .25²) per group and code, b ~ N(0, .15²);
 * - s_c = exp(A cos(2π(m − φ)/12)), A ∈ [.03, .15], φ the group's peak ± 1 month;
 * - trends (trends.ts): τ_fc(t) = (β_c + γ_f + γ_{f,group(c)} + β_fc)·t/12 + a bend of the force ×
 *   group slope at a random month: β_c ∈ [−.10, .10] a year (national), γ_f ~ N(0, .02²) clipped to
 *   ±.05 (force), γ_fg ~ N(0, .02²) (force × offence group), β_fc ~ N(0, .03²) (force × code), and
 *   the bend adds N(0, .03²) a year to the force × group slope from a uniform month on;
 * - u_t national AR(1) (coefficient .5, innovation SD .03), v_ft force AR(1) (.5, SD .015), and
 *   w a slow force × offence-group random walk (SD .008 a month);
 * - mix: in each substitutable family the serious share drifts as a logit random walk (SD .01–.03 a
 *   month) with Dirichlet-multinomial-like monthly jitter (θ ∈ [.001, .003]); the family total is kept;
 *   (mix.ts: the walk is the drift, the jitter is noise);
 * - k_c ∈ [20, 200], larger for high-volume codes (calibrated on the real force × group quarterly table:
 *   residual relative SD ≈ 4–6% a quarter for large series, 10–14% for small ones).
 *
 * Cancellations ("no-crimes") are beta-binomial on the gross count: proportion p_fc = base_f (2–4%) ×
 * the group's factor (rape ×4), drifting slowly per force (logit random walk SD .01 a month), with
 * intra-class correlation ρ_c ∈ [.001, .01]. `recorded` is the published count, net of cancellations;
 * `cancelled` the crimes of that month that were cancelled. Every cell is written, zeros included, so
 * the data-quality checks see no gaps.
 *
 * Every draw comes from a sub-stream keyed by what it is for (rng.derive), so a code subset or a force
 * subset gives exactly the same series for the codes and forces it keeps. The COVID-19 shock is
 * simulated (national-shock.ts: March 2020 to June 2021, by offence group, each force's exposure its
 * own); the other known breaks (the 2014 recording improvements, the 2017 burglary recoding) are not.
 * Injections are placed away from the known breaks' dates (plan.ts) or, for the post-shock shapes,
 * just after the shock.
 *
 * The oracle's side (oracle.ts): every cell also carries the model's own moments, given the paths the
 * generator drew (trends, seasons, the AR(1) shocks, the random walks, the mix drift, the cancellation
 * drift): `expected` = E[gross], `countVariance` = the gamma-Poisson variance μ + μ²/k of the gross
 * count, and the mix jitter as a loading (∂E[gross]/∂ε, ε ~ N(0, jitterVariance) the family's logit
 * jitter of that month, shared by the family's codes), with `icc` the cancellations' ρ; and the
 * force's own random paths (forecast.ts: the force AR(1) shock, the force × group walk, the family's
 * mix walk, the cancellation drift), which the oracle forecasts from the months before a window.
 */
import { createHash } from 'node:crypto';
import type { ReturnRow } from '#core/model/returns.ts';
import type { OffenceInfo } from '#core/reference/offence-reference.ts';
import { addMonths, calendarMonth } from '#core/series/months.ts';
import { daysInMonth } from '../days.ts';
import { FORCE_ANNUAL_THOUSANDS, forceShare, SYNTHETIC_FORCES } from '../force-sizes.ts';
import { createRng, type Rng } from '../rng.ts';
import type { RandomPath } from './forecast.ts';
import { expit, familyMixFactors, logit, randomWalk } from './mix.ts';
import { shockExposure, shockPath } from './national-shock.ts';
import {
  ANCHOR_ANNUAL,
  BENCHMARK_OFFENCES,
  CANCELLATION_FACTOR,
  FAMILIES,
  isRapeCode,
  RAPE_CANCELLATION_FACTOR,
  SEASONAL_PEAK,
  type SubstitutableFamily,
  TAIL_LOG_SD,
  TAIL_MEDIAN_ANNUAL,
} from './offences.ts';
import { FORCE_CODE_TREND_SD, forceGroupTrend, forceTrend as forceLevelTrend } from './trends.ts';

export const BENCHMARK_DEFAULT_START = '2014-04';
export const BENCHMARK_DEFAULT_MONTHS = 120;
/** Fixed submission time of every generated row: the benchmark reads no clock. */
export const BENCHMARK_SUBMITTED_AT = '2024-05-01T00:00:00.000Z';

export interface BenchmarkOptions {
  /** Seed of every draw (default 1). */
  seed?: number | string;
  /** Force slugs (default the 43 territorial forces and BTP). */
  forces?: readonly string[];
  /** First month, YYYY-MM (default 2014-04). */
  start?: string;
  /** Number of months (default 120: 2014-04 to 2024-03). */
  months?: number;
  /** Offence codes to generate (default every non-fraud code of the reference table, 144). */
  codes?: readonly string[];
}

/** One force × code series: the counts, and the model quantities injections need. */
export interface BenchmarkCell {
  readonly force: string;
  readonly offence: OffenceInfo;
  /** Published count, net of cancellations. */
  readonly recorded: Int32Array;
  readonly cancelled: Int32Array;
  /** The clean model's cancellation proportion each month (before beta-binomial noise). */
  readonly cancelProbability: Float64Array;
  /**
   * The clean model's expected gross count each month, given every path the generator drew (trends,
   * seasons, shocks, walks, mix drift) and averaged over the month's mix jitter: the oracle's mean.
   */
  readonly expected: Float64Array;
  /** Var(gross | paths, jitter) = μ + μ²/k: Poisson plus the gamma (overdispersion) term. */
  readonly countVariance: Float64Array;
  /** ∂E[gross]/∂ε for the family's logit mix jitter ε of that month (0 outside a family). */
  readonly jitterLoading: Float64Array;
  /** Substitutable family whose jitter moves this code, or null. */
  readonly mixFamily: string | null;
  /** Var ε of that family's monthly logit jitter in this force (0 outside a family). */
  readonly jitterVariance: number;
  /** Intra-class correlation ρ of the beta-binomial cancellations. */
  readonly icc: number;
  /** The gamma-Poisson size k of the gross count. */
  readonly dispersion: number;
  /** The force's random paths on this cell's log mean, each with loading 1: its AR(1) shock, its group walk. */
  readonly logPaths: readonly RandomPath[];
  /** The family's logit mix walk, its baseline serious share π₀, and this code's side (null outside a family). */
  readonly mixWalk: { walk: RandomPath; pi0: number; serious: boolean } | null;
  /** The force's logit cancellation drift: logit cancelProbability = logit p_base + this path. */
  readonly cancelDrift: RandomPath;
}

/** The force's random paths (forecast.ts): φ and innovation SD of each (header). */
export const FORCE_SHOCK = { phi: 0.5, sd: 0.015 } as const;
export const GROUP_WALK_SD = 0.008;
export const CANCEL_DRIFT_SD = 0.01;

export interface BenchmarkPanel {
  readonly seed: number | string;
  readonly forces: readonly string[];
  readonly months: readonly string[];
  readonly offences: readonly OffenceInfo[];
  /** cells[forceIndex][codeIndex]. */
  readonly cells: BenchmarkCell[][];
  /** Latent peer group of each force (0-based). */
  readonly peerGroup: ReadonlyMap<string, number>;
  readonly peerGroupCount: number;
}

/** Per-code parameters, drawn from the code's own stream so that subsets do not change them. */
interface CodeParameters {
  annual: number;
  size: number;
  amplitude: number;
  peak: number;
  trend: number;
  icc: number;
  cancelFactor: number;
}

function codeParameters(root: Rng, offence: OffenceInfo): CodeParameters {
  const rng = root.derive(`code:${offence.code}`);
  const anchor = ANCHOR_ANNUAL[offence.code];
  const annual =
    anchor !== undefined
      ? anchor * Math.exp(rng.normal(0, 0.1))
      : TAIL_MEDIAN_ANNUAL * Math.exp(rng.normal(0, TAIL_LOG_SD));
  // Larger codes are steadier in relative terms: k from ~20 (≤ 100 a year) to ~200 (≥ 300k a year).
  const scale = Math.min(1, Math.max(0, (Math.log10(annual) - 2) / 3.5));
  const size = 20 * 10 ** (0.8 * scale + 0.2 * rng.uniform());
  const amplitude = 0.03 + 0.12 * rng.uniform();
  const peak = (SEASONAL_PEAK[offence.group] ?? 6) + rng.int(-1, 1);
  const trend = Math.max(-0.1, Math.min(0.1, rng.normal(0.005, 0.04)));
  const icc = 0.001 + 0.009 * rng.uniform();
  const cancelFactor = isRapeCode(offence.code)
    ? RAPE_CANCELLATION_FACTOR
    : (CANCELLATION_FACTOR[offence.group] ?? 1);
  return { annual, size, amplitude, peak, trend, icc, cancelFactor };
}

/** An AR(1) path of length n: x_t = φ x_{t−1} + N(0, sd²), started from its stationary law. */
function ar1(rng: Rng, n: number, phi: number, sd: number): Float64Array {
  const out = new Float64Array(n);
  let x = rng.normal(0, sd / Math.sqrt(1 - phi * phi));
  for (let t = 0; t < n; t++) {
    x = phi * x + rng.normal(0, sd);
    out[t] = x;
  }
  return out;
}

function beta(rng: Rng, a: number, b: number): number {
  const x = rng.gamma(a);
  return x / (x + rng.gamma(b));
}

export function benchmarkMonths(start: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(start, i));
}

export function generateBenchmarkPanel(options: BenchmarkOptions = {}): BenchmarkPanel {
  const seed = options.seed ?? 1;
  const forces = [...(options.forces ?? SYNTHETIC_FORCES)];
  for (const f of forces) {
    if (FORCE_ANNUAL_THOUSANDS[f] === undefined) throw new RangeError(`unknown force ${JSON.stringify(f)}`);
  }
  const months = benchmarkMonths(
    options.start ?? BENCHMARK_DEFAULT_START,
    options.months ?? BENCHMARK_DEFAULT_MONTHS,
  );
  if (months.length < 1) throw new RangeError('the benchmark needs at least one month');
  const offences = selectOffences(options.codes);
  const root = createRng(`benchmark:${typeof seed === 'number' ? `n${seed}` : seed}`);
  const T = months.length;

  // Parameters of every code (not only the subset): family shares need the whole family.
  const params = new Map<string, CodeParameters>();
  for (const o of BENCHMARK_OFFENCES) params.set(o.code, codeParameters(root, o));

  const groupRng = root.derive('peer-groups');
  const peerGroupCount = groupRng.int(6, 8);
  const peerGroup = new Map<string, number>();
  for (const f of forces) peerGroup.set(f, root.derive(`peer:${f}`).int(0, peerGroupCount - 1));
  const groupEffect = (g: number, code: string) => root.derive(`peer-rate:${g}:${code}`).normal(0, 0.25);

  const national = ar1(root.derive('national-shock'), T, 0.5, 0.03);
  const seasonal = (p: CodeParameters, month: string) =>
    Math.exp(p.amplitude * Math.cos((2 * Math.PI * (calendarMonth(month) - p.peak)) / 12));
  const dayFactor = months.map((m) => daysInMonth(m) / 30.44);

  const familyOf = new Map<string, SubstitutableFamily>();
  for (const fam of FAMILIES) for (const c of [...fam.serious, ...fam.lesser]) familyOf.set(c, fam);

  const cells: BenchmarkCell[][] = [];
  for (const force of forces) {
    const forceRng = root.derive(`force:${force}`);
    const share = forceShare(force);
    const g = peerGroup.get(force)!;
    const cancelBase = 0.02 + 0.02 * forceRng.uniform();
    const cancelDrift: RandomPath = {
      key: 'cancel',
      phi: 1,
      sd: CANCEL_DRIFT_SD,
      values: randomWalk(forceRng.derive('cancel-drift'), T, CANCEL_DRIFT_SD),
    };
    const forceShock: RandomPath = {
      key: 'shock',
      ...FORCE_SHOCK,
      values: ar1(forceRng.derive('shock'), T, FORCE_SHOCK.phi, FORCE_SHOCK.sd),
    };
    const forceSlope = forceLevelTrend(root, force);
    // The force's own trends pivot on the panel's middle month, so they tilt a series, not its level.
    const mid = (T - 1) / 2;
    const groupTrends = new Map<string, Float64Array>();
    const groupTrend = (group: string) => {
      let tr = groupTrends.get(group);
      if (!tr) {
        tr = forceGroupTrend(root, force, group, T);
        groupTrends.set(group, tr);
      }
      return tr;
    };
    const exposure = shockExposure(root, force);
    const shocks = new Map<string, Float64Array>();
    const shockOf = (group: string) => {
      let sh = shocks.get(group);
      if (!sh) {
        sh = shockPath(months, group, exposure);
        shocks.set(group, sh);
      }
      return sh;
    };
    const groupWalks = new Map<string, RandomPath>();
    const groupWalk = (group: string) => {
      let w = groupWalks.get(group);
      if (!w) {
        const values = randomWalk(forceRng.derive(`walk:${group}`), T, GROUP_WALK_SD);
        w = { key: `walk:${group}`, phi: 1, sd: GROUP_WALK_SD, values };
        groupWalks.set(group, w);
      }
      return w;
    };
    // Static relative rate of every code in this force (used for family shares and for the mean).
    const staticRate = new Map<string, number>();
    const forceCodeRng = new Map<string, Rng>();
    const rateOf = (code: string): number => {
      let r = staticRate.get(code);
      if (r === undefined) {
        const rng = root.derive(`fc:${force}:${code}`);
        forceCodeRng.set(code, rng);
        r = (params.get(code)!.annual / 12) * share * Math.exp(groupEffect(g, code) + rng.normal(0, 0.15));
        staticRate.set(code, r);
      }
      return r;
    };
    const mixFactors = familyMixFactors(forceRng, T, rateOf);

    const row: BenchmarkCell[] = [];
    for (const offence of offences) {
      const p = params.get(offence.code)!;
      const base = rateOf(offence.code);
      const fcRng = forceCodeRng.get(offence.code)!;
      const codeSlope = fcRng.normal(0, FORCE_CODE_TREND_SD);
      const counts = fcRng.derive('counts');
      const cancelRng = fcRng.derive('cancel');
      const walk = groupWalk(offence.group);
      const bent = groupTrend(offence.group);
      const covid = shockOf(offence.group);
      const mix = familyOf.has(offence.code) ? mixFactors.get(offence.code) : undefined;
      const recorded = new Int32Array(T);
      const cancelled = new Int32Array(T);
      const cancelProbability = new Float64Array(T);
      const expected = new Float64Array(T);
      const countVariance = new Float64Array(T);
      const jitterLoading = new Float64Array(T);
      const pBase = Math.min(0.35, cancelBase * p.cancelFactor);
      const a0 = (1 - p.icc) / p.icc;
      for (let t = 0; t < T; t++) {
        const month = months[t]!;
        const level =
          base *
          seasonal(p, month) *
          Math.exp(
            (p.trend * t + (forceSlope + codeSlope) * (t - mid)) / 12 +
              bent[t]! +
              national[t]! +
              covid[t]! +
              forceShock.values[t]! +
              walk.values[t]!,
          ) *
          dayFactor[t]!;
        const mu = level * (mix ? mix.factor[t]! : 1);
        const mean = level * (mix ? mix.mean[t]! : 1);
        expected[t] = mean;
        countVariance[t] = mean + (mean * mean) / p.size;
        jitterLoading[t] = mix ? level * mix.loading[t]! : 0;
        const gross = counts.negativeBinomial(mu, p.size);
        const pc = expit(logit(pBase) + cancelDrift.values[t]!);
        cancelProbability[t] = pc;
        const c = gross > 0 ? cancelRng.binomial(gross, beta(cancelRng, pc * a0, (1 - pc) * a0)) : 0;
        recorded[t] = gross - c;
        cancelled[t] = c;
      }
      row.push({
        force,
        offence,
        recorded,
        cancelled,
        cancelProbability,
        expected,
        countVariance,
        jitterLoading,
        mixFamily: mix?.family ?? null,
        jitterVariance: mix?.jitterVariance ?? 0,
        icc: p.icc,
        dispersion: p.size,
        logPaths: [forceShock, walk],
        mixWalk: mix ? { walk: mix.walk, pi0: mix.pi0, serious: mix.serious } : null,
        cancelDrift,
      });
    }
    cells.push(row);
  }
  return { seed, forces, months, offences, cells, peerGroup, peerGroupCount };
}

function selectOffences(codes: readonly string[] | undefined): OffenceInfo[] {
  if (codes === undefined) return [...BENCHMARK_OFFENCES];
  const wanted = new Set(codes);
  const out = BENCHMARK_OFFENCES.filter((o) => wanted.has(o.code));
  const known = new Set(out.map((o) => o.code));
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length > 0) throw new RangeError(`codes the benchmark cannot generate: ${unknown.join(', ')}`);
  return out;
}

/** A deep copy of the counts, so an injection never alters the clean panel it started from. */
export function clonePanel(panel: BenchmarkPanel): BenchmarkPanel {
  return {
    ...panel,
    cells: panel.cells.map((row) =>
      row.map((cell) => ({
        ...cell,
        recorded: cell.recorded.slice(),
        cancelled: cell.cancelled.slice(),
      })),
    ),
  };
}

export function cellOf(panel: BenchmarkPanel, force: string, code: string): BenchmarkCell {
  const fi = panel.forces.indexOf(force);
  const ci = panel.offences.findIndex((o) => o.code === code);
  const cell = fi >= 0 && ci >= 0 ? panel.cells[fi]?.[ci] : undefined;
  if (!cell) throw new RangeError(`the panel has no series for ${force} ${code}`);
  return cell;
}

/** A fake but well-formed submission hash per force and scenario: sha256 of its label. */
export function benchmarkSha256(seed: number | string, scenario: string, force: string): string {
  return createHash('sha256')
    .update(`benchmark|${String(seed)}|${scenario}|${force}`)
    .digest('hex');
}

/**
 * The panel as curated `returns` rows (one per force × month × code, zeros included), in force, month,
 * code order: what ingest would make of one monthly aggregate file per force (or, with
 * `record_level`, of one record-level extract per force, aggregated to cells).
 */
export function panelToRows(
  panel: BenchmarkPanel,
  scenario = 'clean',
  sourceFormat: 'monthly_aggregate' | 'record_level' = 'monthly_aggregate',
): ReturnRow[] {
  const submittedAt = new Date(BENCHMARK_SUBMITTED_AT);
  const rows: ReturnRow[] = [];
  for (const [fi, force] of panel.forces.entries()) {
    const sha = benchmarkSha256(panel.seed, scenario, force);
    const file = `benchmark/${scenario}/${force}.csv`;
    const cells = panel.cells[fi]!;
    let line = 2;
    for (const [t, month] of panel.months.entries()) {
      for (const cell of cells) {
        rows.push({
          force_code: force,
          period_start: month,
          period_end: month,
          grain: 'month',
          level: 'code',
          offence_code: cell.offence.code,
          offence_group: cell.offence.group,
          offence_subgroup: cell.offence.subgroup,
          recorded: cell.recorded[t]!,
          cancelled: cell.cancelled[t]!,
          source_format: sourceFormat,
          source_file: file,
          source_line: line++,
          input_sha256: sha,
          submitted_at: submittedAt,
          run_id: `benchmark-${scenario}`,
        });
      }
    }
  }
  return rows;
}

/** Clean returns in one call: the panel and its rows. */
export function generateBenchmarkReturns(options: BenchmarkOptions = {}): {
  panel: BenchmarkPanel;
  rows: ReturnRow[];
} {
  const panel = generateBenchmarkPanel(options);
  return { panel, rows: panelToRows(panel) };
}
