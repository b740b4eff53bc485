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
}

export interface Generated {
  rows: ReturnRow[];
  forces: string[];
  codes: Array<{ code: string; group: string; subgroup: string }>;
  months: string[];
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
  for (const force of forces) {
    const monthly = ((FORCE_ANNUAL_THOUSANDS[force] ?? 50) * 1000) / 12;
    const fr = root.derive(`force:${force}`);
    codes.forEach((c, ci) => {
      const cr = fr.derive(`code:${c.code}`);
      const mean = monthly * shares[ci]! * Math.exp(cr.normal(0, 0.15));
      const mu = RAPE.includes(c.code) ? 0.06 + 0.09 * cr.uniform() : 0.02 + 0.02 * cr.uniform();
      const rho = Math.exp(Math.log(rhoLo) + (Math.log(rhoHi) - Math.log(rhoLo)) * cr.uniform());
      const shape = (1 - rho) / rho;
      months.forEach((month, t) => {
        const n = Math.max(0, Math.round(mean * Math.exp(cr.normal(0, 0.08))));
        const ga = cr.gamma(mu * shape);
        const gb = cr.gamma((1 - mu) * shape);
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
  return { rows, forces, codes, months };
}
