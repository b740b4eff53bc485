/**
 * A clean-data generator for calibrating the reclassification checks (METHODS.md §6, reduced to the
 * family codes): 44 forces sized as the example forces (real 2019/20 volumes), each family's monthly
 * total negative binomial with seasonality and a force trend, and — the part that makes naive tests
 * fail — each force's serious share drifting as a logit random walk, with Dirichlet-multinomial
 * (beta-binomial) extra variation month to month and a common national drift all forces share.
 * Downgrades can be injected: a binomial share of a serious code's monthly count moved to a lesser code.
 */
import type { ReturnRow } from '#core/model/returns.ts';
import { lookupOffence } from '#core/reference/offence-reference.ts';
import { calendarMonth, monthRange } from '#core/series/months.ts';
import { forceShare, SYNTHETIC_FORCES } from '#core/synthetic/force-sizes.ts';
import { createRng, type Rng } from '#core/synthetic/rng.ts';

/** A family as the generator sees it: national yearly volumes per code on each side. */
export interface GeneratedFamily {
  id: string;
  serious: ReadonlyArray<readonly [string, number]>;
  lesser: ReadonlyArray<readonly [string, number]>;
}

/** Rounded national yearly volumes in the spirit of the published tables (not the figures themselves). */
export const GENERATED_FAMILIES: readonly GeneratedFamily[] = [
  {
    id: 'violence-injury',
    serious: [
      ['8N', 450_000],
      ['5D', 25_000],
    ],
    lesser: [['105A', 450_000]],
  },
  {
    id: 'rape-other-sexual',
    serious: [
      ['19C', 35_000],
      ['19D', 7_000],
    ],
    lesser: [
      ['20A', 45_000],
      ['17A', 4_000],
    ],
  },
  {
    id: 'residential-burglary',
    serious: [
      ['28E', 180_000],
      ['28F', 50_000],
    ],
    lesser: [
      ['58A', 90_000],
      ['49', 300_000],
      ['30C', 70_000],
    ],
  },
  {
    id: 'robbery-theft-person',
    serious: [['34B', 60_000]],
    lesser: [['39', 90_000]],
  },
];

/**
 * Seriousness-ladder steps no family covers, as the generator's families (upper rung serious, lower
 * rung lesser), so the share within the step drifts as the measured pairs do.
 */
export const STEP_FAMILIES: readonly GeneratedFamily[] = [
  { id: 'step-5d-8n', serious: [['5D', 25_000]], lesser: [['8N', 450_000]] },
  {
    id: 'step-sexual-assault-other',
    serious: [
      ['20A', 45_000],
      ['17A', 4_000],
    ],
    lesser: [
      ['22A', 6_000],
      ['22B', 9_000],
    ],
  },
];

export interface Injection {
  force: string;
  /** The serious code losing crimes and the lesser code receiving them. */
  from: string;
  to: string;
  /** Months (inclusive) and the share moved each month. */
  start: string;
  end: string;
  share: number;
  /** The moved crimes are not recorded at all (a cliff, not a reclassification); `to` is ignored. */
  vanish?: boolean;
}

export interface DriftingMixOptions {
  seed: number;
  start?: string;
  end?: string;
  forces?: readonly string[];
  /** Per-force monthly random-walk SD of the serious logit, drawn uniformly in [lo, hi]. */
  drift?: readonly [number, number];
  /** National monthly drift of the serious logit, common to every force (per family). */
  nationalDrift?: number;
  /** Beta-binomial intra-month correlation θ, drawn uniformly in [lo, hi] per force. */
  theta?: readonly [number, number];
  /** NB size k of each family's monthly total, drawn uniformly in [lo, hi] per force. */
  size?: readonly [number, number];
  injections?: readonly Injection[];
  families?: readonly GeneratedFamily[];
}

function uniformIn(rng: Rng, [lo, hi]: readonly [number, number]): number {
  return lo + (hi - lo) * rng.uniform();
}

function betaVariate(rng: Rng, a: number, b: number): number {
  const x = rng.gamma(a, 1);
  const y = rng.gamma(b, 1);
  return x / (x + y);
}

const logit = (p: number) => Math.log(p / (1 - p));
const expit = (x: number) => 1 / (1 + Math.exp(-x));

function returnRow(force: string, month: string, code: string, recorded: number): ReturnRow {
  const info = lookupOffence(code)!;
  return {
    force_code: force,
    period_start: month,
    period_end: month,
    grain: 'month',
    level: 'code',
    offence_code: info.code,
    offence_group: info.group,
    offence_subgroup: info.subgroup,
    recorded,
    cancelled: null,
    source_format: 'monthly_aggregate',
    source_file: `${force}.csv`,
    source_line: 2,
    input_sha256: '1'.repeat(64),
    submitted_at: new Date('2025-01-01T00:00:00Z'),
    run_id: 'calibration',
  };
}

/** Code-level monthly rows of every force for the families, with the injections applied. */
export function driftingMixReturns(opts: DriftingMixOptions): ReturnRow[] {
  const months = monthRange(opts.start ?? '2018-04', opts.end ?? '2024-03');
  const forces = opts.forces ?? SYNTHETIC_FORCES;
  const families = opts.families ?? GENERATED_FAMILIES;
  const root = createRng(opts.seed);
  const rows: ReturnRow[] = [];
  for (const family of families) {
    const national = root.derive(`national:${family.id}`);
    const nationalWalk: number[] = [];
    let w = 0;
    for (const _ of months) {
      w += national.normal(0, opts.nationalDrift ?? 0.01);
      nationalWalk.push(w);
    }
    const seriousTotal = family.serious.reduce((s, [, v]) => s + v, 0);
    const lesserTotal = family.lesser.reduce((s, [, v]) => s + v, 0);
    for (const force of forces) {
      const rng = root.derive(`${family.id}:${force}`);
      const sd = uniformIn(rng, opts.drift ?? [0.015, 0.045]);
      const theta = uniformIn(rng, opts.theta ?? [0.001, 0.005]);
      const size = uniformIn(rng, opts.size ?? [20, 200]);
      const trend = rng.normal(0, 0.05);
      const amplitude = 0.03 + 0.12 * rng.uniform();
      const base0 = logit(seriousTotal / (seriousTotal + lesserTotal)) + rng.normal(0, 0.25);
      const meanMonthly =
        ((seriousTotal + lesserTotal) * forceShare(force) * Math.exp(rng.normal(0, 0.15))) / 12;
      let walk = 0;
      months.forEach((month, i) => {
        walk += rng.normal(0, sd);
        const season = Math.exp(amplitude * Math.cos((2 * Math.PI * (calendarMonth(month) - 7)) / 12));
        const total = rng.negativeBinomial(meanMonthly * season * Math.exp((trend * i) / 12), size);
        const p = expit(base0 + walk + nationalWalk[i]!);
        const pMonth = betaVariate(rng, (p * (1 - theta)) / theta, ((1 - p) * (1 - theta)) / theta);
        const serious = rng.binomial(total, pMonth);
        const counts = new Map<string, number>();
        splitInto(rng, serious, family.serious, counts);
        splitInto(rng, total - serious, family.lesser, counts);
        for (const inj of opts.injections ?? []) {
          if (inj.force !== force || month < inj.start || month > inj.end) continue;
          if (!counts.has(inj.from) || !counts.has(inj.to)) continue;
          const moved = rng.binomial(counts.get(inj.from)!, inj.share);
          counts.set(inj.from, counts.get(inj.from)! - moved);
          if (!inj.vanish) counts.set(inj.to, counts.get(inj.to)! + moved);
        }
        for (const [code, n] of counts) rows.push(returnRow(force, month, code, n));
      });
    }
  }
  return rows;
}

/** Multinomial split of n over the side's codes in proportion to their national volumes. */
function splitInto(rng: Rng, n: number, side: GeneratedFamily['serious'], out: Map<string, number>): void {
  let left = n;
  let weight = side.reduce((s, [, v]) => s + v, 0);
  side.forEach(([code, v], i) => {
    const k = i === side.length - 1 ? left : rng.binomial(left, v / weight);
    out.set(code, k);
    left -= k;
    weight -= v;
  });
}
