/**
 * A seeded generator of monthly returns with cancellations for calibrating the no-crime check:
 * every force (sized as the example data's), a chosen number of real offence codes (a few common ones
 * with realistic shares, the rest taken round-robin across offence groups with log-normal national
 * volumes, σ = 2, as METHODS §6), and per force × code a cancellation rate μ and an
 * intra-class correlation ρ, each month's cancellations BetaBin(n_t, μ, ρ). Crime counts n_t wobble
 * around the force's share (they are conditioned on, so their law hardly matters). Rape codes get a
 * higher rate (METHODS §6: ~12% nationally in 2010/11); everything else 2–4%.
 *
 * Injections multiply the month's drawn rate by `ratio` (capped at 0.9) for the chosen codes, groups
 * or everything, over `months` months from `start`: the labelled spikes recall is measured on.
 *
 * Optional realism for clean-data calibration: `trendSd`, a gradual trend per force × code (the log
 * rate moves by slope ~ N(0, trendSd) a year, centred on the series' middle month); `shock`, a national
 * shock (every force's crimes × `crimes` and rates × `rate` from `start` to `end`, rates × `after`
 * afterwards: a level the own history before the shock does not know). `cells` gives each series'
 * generating law, so that a test can compute the oracle z of an injection (oracleZ).
 */
import type { ReturnRow } from '#core/model/returns.ts';
import { OFFENCES } from '#core/reference/offence-reference.ts';
import { addMonths, monthRange } from '#core/series/months.ts';
import { FORCE_ANNUAL_THOUSANDS, SYNTHETIC_FORCES } from '#core/synthetic/force-sizes.ts';
import { createRng } from '#core/synthetic/rng.ts';

export interface Injection {
  force: string;
  start: string;
  months: number;
  ratio: number;
  /** Codes or groups the spike touches; neither: every code. */
  codes?: readonly string[];
  groups?: readonly string[];
}

/** Ten forces of varied size, enough for the peer test and the pooled dispersion (5 other forces each). */
export const TEN_FORCES: readonly string[] = [
  'staffordshire',
  'kent',
  'essex',
  'dorset',
  'surrey',
  'suffolk',
  'norfolk',
  'cheshire',
  'durham',
  'gwent',
];

export interface GeneratorOptions {
  seed: number | string;
  start?: string;
  end?: string;
  forces?: readonly string[];
  /** How many offence codes (the reference table's first ones outside fraud, rape codes always in). */
  codes?: number;
  rho?: readonly [number, number];
  injections?: readonly Injection[];
  /** Leave `cancelled` null for these forces (a return without the column). */
  withoutCancellations?: readonly string[];
  trendSd?: number;
  shock?: NationalShock;
}

export interface NationalShock {
  start: string;
  end: string;
  crimes: number;
  rate: number;
  after: number;
}

/** The COVID-19-like shock of the calibration runs: fewer crimes, fewer cancellations, a new level after. */
export const COVID_LIKE: NationalShock = {
  start: '2020-04',
  end: '2021-03',
  crimes: 0.75,
  rate: 0.7,
  after: 1.2,
};

/** One series' generating law: monthly crimes, its rate at the middle month, trend, ρ. */
export interface Cell {
  force: string;
  code: string;
  group: string;
  meanN: number;
  mu: number;
  slope: number;
  rho: number;
}

export interface Generated {
  rows: ReturnRow[];
  forces: string[];
  codes: Array<{ code: string; group: string; subgroup: string }>;
  months: string[];
  cells: Cell[];
  /** The clean rate of a cell in month index t of `months` (trend and shock, no injection). */
  rateAt(cell: Cell, t: number): number;
}

const RAPE = ['19C', '19D', '19E', '19F', '19G', '19H', '19J', '19K'];
/** Shares of recorded crime fixed for a few common codes (rough England and Wales proportions). */
const FIXED_SHARES: Readonly<Record<string, number>> = {
  '19C': 0.004,
  '19D': 0.002,
  '8N': 0.08,
  '105A': 0.1,
  '46': 0.07,
  '28E': 0.04,
  '20A': 0.01,
};
const SHA = 'e'.repeat(64);
const SUBMITTED = new Date('2024-06-01T00:00:00Z');

/** Months an injection covers. */
export function injectionMonths(i: Injection): string[] {
  return monthRange(i.start, addMonths(i.start, i.months - 1));
}

export function generateCancellations(o: GeneratorOptions): Generated {
  const root = createRng(o.seed);
  const months = monthRange(o.start ?? '2019-04', o.end ?? '2024-03');
  const forces = [...(o.forces ?? SYNTHETIC_FORCES)];
  const pool = OFFENCES.filter((x) => x.group !== 'Fraud offences');
  const wanted = Math.min(o.codes ?? 22, pool.length);
  // The fixed-share codes first, then round-robin over groups in reference order.
  const chosen = pool.filter((x) => FIXED_SHARES[x.code] !== undefined);
  const byGroup = new Map<string, typeof pool>();
  for (const x of pool) {
    if (FIXED_SHARES[x.code] !== undefined) continue;
    byGroup.set(x.group, [...(byGroup.get(x.group) ?? []), x]);
  }
  for (let i = 0; chosen.length < wanted; i++) {
    for (const list of byGroup.values()) if (list[i] && chosen.length < wanted) chosen.push(list[i]!);
  }
  const codes = chosen.map((x) => ({ code: x.code, group: x.group, subgroup: x.subgroup }));
  const shareRng = root.derive('shares');
  const raw = codes.map((c) => (FIXED_SHARES[c.code] !== undefined ? 0 : Math.exp(shareRng.normal(0, 2))));
  const rawSum = raw.reduce((s, v) => s + v, 0);
  const fixed = codes.reduce((s, c) => s + (FIXED_SHARES[c.code] ?? 0), 0);
  const shares = codes.map((c, i) => FIXED_SHARES[c.code] ?? (raw[i]! / rawSum) * (1 - fixed));
  const [rhoLo, rhoHi] = o.rho ?? [0.001, 0.01];
  const none = new Set(o.withoutCancellations ?? []);
  const rows: ReturnRow[] = [];
  const cells: Cell[] = [];
  const shockOf = shockFactors(months, o.shock);
  const mid = (months.length - 1) / 2;
  const rateAt = (cell: Cell, t: number): number =>
    Math.min(0.5, cell.mu * Math.exp((cell.slope * (t - mid)) / 12) * shockOf.rate[t]!);
  for (const force of forces) {
    const monthly = ((FORCE_ANNUAL_THOUSANDS[force] ?? 50) * 1000) / 12;
    const fr = root.derive(`force:${force}`);
    codes.forEach((c, ci) => {
      const cr = fr.derive(`code:${c.code}`);
      const mean = monthly * shares[ci]! * Math.exp(cr.normal(0, 0.15));
      const mu = RAPE.includes(c.code) ? 0.06 + 0.09 * cr.uniform() : 0.02 + 0.02 * cr.uniform();
      const rho = Math.exp(Math.log(rhoLo) + (Math.log(rhoHi) - Math.log(rhoLo)) * cr.uniform());
      const shape = (1 - rho) / rho;
      const slope = o.trendSd ? cr.derive('trend').normal(0, o.trendSd) : 0;
      const cell: Cell = { force, code: c.code, group: c.group, meanN: mean, mu, slope, rho };
      cells.push(cell);
      months.forEach((month, t) => {
        const n = Math.max(0, Math.round(mean * shockOf.crimes[t]! * Math.exp(cr.normal(0, 0.08))));
        const rate = rateAt(cell, t);
        const ga = cr.gamma(rate * shape);
        const gb = cr.gamma((1 - rate) * shape);
        let p = ga / (ga + gb);
        for (const inj of o.injections ?? []) {
          if (inj.force !== force) continue;
          const m0 = monthRange(inj.start, addMonths(inj.start, inj.months - 1));
          if (!m0.includes(month)) continue;
          const touches =
            (inj.codes === undefined && inj.groups === undefined) ||
            (inj.codes?.includes(c.code) ?? false) ||
            (inj.groups?.includes(c.group) ?? false);
          if (touches) p = Math.min(0.9, p * inj.ratio);
        }
        const y = cr.binomial(n, Math.min(1, Math.max(0, p)));
        rows.push({
          force_code: force,
          period_start: month,
          period_end: month,
          grain: 'month',
          level: 'code',
          offence_code: c.code,
          offence_group: c.group,
          offence_subgroup: c.subgroup,
          recorded: n - y,
          cancelled: none.has(force) ? null : y,
          source_format: 'monthly_aggregate',
          source_file: `${force}.csv`,
          source_line: 2 + t * codes.length + ci,
          input_sha256: SHA,
          submitted_at: SUBMITTED,
          run_id: 'calibration',
        });
      });
    });
  }
  return { rows, forces, codes, months, cells, rateAt };
}

function shockFactors(
  months: readonly string[],
  shock?: NationalShock,
): { crimes: number[]; rate: number[] } {
  const crimes = months.map(() => 1);
  const rate = months.map(() => 1);
  if (!shock) return { crimes, rate };
  months.forEach((m, t) => {
    if (m >= shock.start && m <= shock.end) {
      crimes[t] = shock.crimes;
      rate[t] = shock.rate;
    } else if (m > shock.end) rate[t] = shock.after;
  });
  return { crimes, rate };
}

/**
 * The oracle z of an injection into one code: the injected months' observed cancellations against the
 * generator's own clean expectation Σ n_t μ_t, over √(Σ n_t μ_t (1 − μ_t)(1 + (n_t − 1)ρ)), the
 * beta-binomial variance the generator draws with (n_t, recorded + cancelled, is observed).
 */
export function oracleZ(g: Generated, inj: Injection & { codes: readonly string[] }): number {
  const months = new Set(injectionMonths(inj));
  let y = 0;
  let e = 0;
  let v = 0;
  for (const code of inj.codes) {
    const cell = g.cells.find((c) => c.force === inj.force && c.code === code)!;
    for (const r of g.rows) {
      if (r.force_code !== inj.force || r.offence_code !== code || !months.has(r.period_start)) continue;
      const n = r.recorded! + r.cancelled!;
      const mu = g.rateAt(cell, g.months.indexOf(r.period_start));
      y += r.cancelled!;
      e += n * mu;
      v += n * mu * (1 - mu) * (1 + (n - 1) * cell.rho);
    }
  }
  return v > 0 ? (y - e) / Math.sqrt(v) : 0;
}
