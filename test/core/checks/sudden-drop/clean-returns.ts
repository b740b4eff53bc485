/**
 * A small seeded generator of clean monthly code-level returns for calibrating the sudden-drop
 * checks (METHODS §6, simplified): every offence code of the 2024/25 reference table, 44 forces sized
 * as in the example data, group volumes in realistic proportions split log-normally over codes, a
 * static force × code mix with peer-group structure, seasonality, per-code and per-force trends, a
 * national AR(1) shock (coefficient 0.5, innovation SD 0.03) and negative-binomial noise. Labelled
 * level changes can be planted (a multiplier from a month onwards, or in chosen calendar months).
 */
import type { ReturnRow } from '#core/model/returns.ts';
import { OFFENCES } from '#core/reference/offence-reference.ts';
import { addMonths, calendarMonth, monthRange } from '#core/series/months.ts';
import { FORCE_ANNUAL_THOUSANDS, SYNTHETIC_FORCES } from '#core/synthetic/force-sizes.ts';
import { createRng } from '#core/synthetic/rng.ts';

/** Share of national recorded crime (excluding fraud) by offence group, roughly as in 2019/20. */
const GROUP_SHARES: Readonly<Record<string, number>> = {
  'Violence against the person': 0.38,
  'Theft offences': 0.3,
  'Criminal damage and arson': 0.1,
  'Public order offences': 0.08,
  'Sexual offences': 0.03,
  'Drug offences': 0.03,
  'Miscellaneous crimes against society': 0.035,
  Robbery: 0.015,
  'Possession of weapons offences': 0.01,
  'Fraud offences': 0.002,
};

export interface Injection {
  force: string;
  /** Offence groups affected (all their codes); empty with `codes` empty = every code. */
  groups?: readonly string[];
  codes?: readonly string[];
  /** First month affected (onwards to the end, or to `until`), unless `calendarMonths` is given. */
  from: string;
  /** Last month affected, for a change that ends (a temporary dip). */
  until?: string;
  /** Only these calendar months (1..12) from `from` onwards, e.g. [3] for every March. */
  calendarMonths?: readonly number[];
  factor: number;
  /** Crimes removed by the factor that reappear the next month (deferral), 0..1. */
  deferredShare?: number;
}

export interface CleanReturnsOptions {
  seed: number;
  start?: string;
  months?: number;
  forces?: readonly string[];
  /** Use only the codes with the largest national volumes (default every code). */
  maxCodes?: number;
  /** National yearly total excluding fraud (default 5.5 million). */
  nationalAnnual?: number;
  /** NB size range (variance μ + μ²/k). */
  sizeRange?: readonly [number, number];
  /** A multiplier on every force in every month from this month (a national change). */
  nationalStep?: { from: string; factor: number };
  /**
   * SD of a log-linear annual trend drawn for every force × offence code (0.03 = a few per cent a
   * year), on top of the per-code and per-force trends: forces drifting apart, offence by offence.
   */
  forceOffenceTrendSd?: number;
  /**
   * A temporary national shock (COVID-19): every force's counts × factor from `from` to `to`
   * inclusive, each force's depth varying by `forceSd` on the log scale.
   */
  nationalDip?: { from: string; to: string; factor: number; forceSd: number };
  /** National yearly volumes for chosen codes instead of their random share (e.g. 28E ≈ 200,000). */
  codeAnnual?: Readonly<Record<string, number>>;
  injections?: readonly Injection[];
}

export interface CleanReturns {
  rows: ReturnRow[];
  forces: string[];
  months: string[];
  codes: string[];
}

export function cleanReturns(o: CleanReturnsOptions): CleanReturns {
  const rng = createRng(`clean:${o.seed}`);
  const start = o.start ?? '2014-04';
  const months = monthRange(start, addMonths(start, (o.months ?? 120) - 1));
  const forces = [...(o.forces ?? SYNTHETIC_FORCES)];
  const [kLo, kHi] = o.sizeRange ?? [100, 300];
  const national = o.nationalAnnual ?? 5_500_000;

  // Code volumes: each group's share split log-normally (σ = 1.5) over its codes.
  const weights = OFFENCES.map(() => Math.exp(1.5 * rng.normal()));
  const byGroup = new Map<string, number>();
  OFFENCES.forEach((off, i) => {
    byGroup.set(off.group, (byGroup.get(off.group) ?? 0) + weights[i]!);
  });
  let codes = OFFENCES.map((off, i) => ({
    off,
    annual:
      o.codeAnnual?.[off.code] ??
      (national * (GROUP_SHARES[off.group] ?? 0.01) * weights[i]!) / byGroup.get(off.group)!,
    amplitude: 0.03 + 0.12 * rng.uniform(),
    peak: rng.int(1, 12),
    trend: -0.05 + 0.1 * rng.uniform(),
    size: kLo + (kHi - kLo) * rng.uniform(),
  }));
  if (o.maxCodes !== undefined) codes = [...codes].sort((a, b) => b.annual - a.annual).slice(0, o.maxCodes);

  const totalThousands = forces.reduce((s, f) => s + FORCE_ANNUAL_THOUSANDS[f]!, 0);
  const peerGroupOf = new Map(forces.map((f) => [f, rng.int(0, 6)]));
  const groupEffect = new Map<string, number>();
  const shock: number[] = [];
  let u = 0;
  for (let t = 0; t < months.length; t++) {
    u = 0.5 * u + rng.normal(0, 0.03);
    shock.push(u);
  }

  const rows: ReturnRow[] = [];
  for (const force of forces) {
    const share = FORCE_ANNUAL_THOUSANDS[force]! / totalThousands;
    const forceTrend = rng.normal(0, 0.015);
    const fr = rng.derive(`force:${force}`);
    const dipDepth = o.nationalDip ? Math.log(o.nationalDip.factor) + fr.normal(0, o.nationalDip.forceSd) : 0;
    for (const c of codes) {
      const ownTrend = o.forceOffenceTrendSd ? fr.normal(0, o.forceOffenceTrendSd) : 0;
      const gk = `${peerGroupOf.get(force)}:${c.off.code}`;
      if (!groupEffect.has(gk)) groupEffect.set(gk, rng.normal(0, 0.25));
      const mix = Math.exp(groupEffect.get(gk)! + fr.normal(0, 0.15));
      const carried = new Array<number>(months.length).fill(0);
      months.forEach((month, t) => {
        let mu =
          ((c.annual * share * mix) / 12) *
          Math.exp(c.amplitude * Math.cos((2 * Math.PI * (calendarMonth(month) - c.peak)) / 12)) *
          Math.exp(((c.trend + forceTrend + ownTrend) * t) / 12) *
          Math.exp(shock[t]!);
        if (o.nationalStep && month >= o.nationalStep.from) mu *= o.nationalStep.factor;
        if (o.nationalDip && month >= o.nationalDip.from && month <= o.nationalDip.to)
          mu *= Math.exp(dipDepth);
        for (const inj of o.injections ?? []) {
          if (!applies(inj, force, c.off.code, c.off.group, month)) continue;
          const removed = mu * (1 - inj.factor);
          mu *= inj.factor;
          if (inj.deferredShare && t + 1 < months.length) carried[t + 1]! += removed * inj.deferredShare;
        }
        mu += carried[t]!;
        const recorded = fr.negativeBinomial(mu, c.size);
        rows.push({
          force_code: force,
          period_start: month,
          period_end: month,
          grain: 'month',
          level: 'code',
          offence_code: c.off.code,
          offence_group: c.off.group,
          offence_subgroup: c.off.subgroup,
          recorded,
          cancelled: null,
          source_format: 'monthly_aggregate',
          source_file: `${force}.csv`,
          source_line: rows.length + 2,
          input_sha256: 'c'.repeat(64),
          submitted_at: new Date('2024-05-01T00:00:00Z'),
          run_id: 'calibration',
        });
      });
    }
  }
  return { rows, forces, months, codes: codes.map((c) => c.off.code) };
}

function applies(inj: Injection, force: string, code: string, group: string, month: string): boolean {
  if (inj.force !== force || month < inj.from || (inj.until !== undefined && month > inj.until)) return false;
  if (inj.calendarMonths && !inj.calendarMonths.includes(calendarMonth(month))) return false;
  const groups = inj.groups ?? [];
  const codes = inj.codes ?? [];
  if (groups.length === 0 && codes.length === 0) return true;
  return groups.includes(group) || codes.includes(code);
}

/** The force whose size is the median of the territorial forces. */
export function medianForce(forces: readonly string[] = SYNTHETIC_FORCES): string {
  const territorial = forces.filter((f) => f !== 'btp');
  const sorted = [...territorial].sort((a, b) => FORCE_ANNUAL_THOUSANDS[a]! - FORCE_ANNUAL_THOUSANDS[b]!);
  return sorted[Math.floor(sorted.length / 2)]!;
}
