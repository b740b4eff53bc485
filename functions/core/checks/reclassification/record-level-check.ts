/**
 * `reclassification.record_level`: in a record-level extract, did a force's downgrades within a
 * family (crimes first recorded as a serious code and finally as a lesser one) rise against its own
 * earlier months, or outnumber its upgrades more than before? One tested hypothesis per force × family
 * × financial quarter in which the force reclassified anything in the family (statistics in
 * record-level.ts). Runs only when the audit input carries record-level transitions.
 */

import { seriousnessWeight, severityFromWeightedExcess } from '../../detection/seriousness.ts';
import { type CrimeTarget, DEFAULT_TARGETS, targetsNear } from '../../detection/targets.ts';
import type { Evidence, FindingDraft } from '../../model/findings.ts';
import type { ReclassificationTransition } from '../../model/ingest.ts';
import { lookupOffence } from '../../reference/offence-reference.ts';
import {
  codeLabel,
  familyIndex,
  RECLASSIFICATION_FAMILIES,
  RECLASSIFICATION_FAMILIES_VERSION,
  type ReclassificationFamily,
} from '../../reference/reclassification-families.ts';
import { addMonths, calendarMonth, monthIndex } from '../../series/months.ts';
import type { Stream } from '../../series/streams.ts';
import { isUsableCount } from '../../series/usable-count.ts';
import type { AuditContext } from '../audit-context.ts';
import type { AuditInput, Check } from '../check.ts';
import { percentFixed, wholeNumber } from '../wording.ts';
import { type MonthCounts, type RecordLevelTest, recordLevelTest } from './record-level.ts';

export const RECORD_LEVEL_CHECK_ID = 'reclassification.record_level';
const RULES = '1.3.0';

export interface RecordLevelCheckConfig {
  families?: readonly ReclassificationFamily[];
  familiesVersion?: string;
  /** Moves the force's earlier months need before the asymmetry contrast is formed (default 10). */
  minBaselineMoves?: number;
  /** Months of the force's own earlier rate the window is compared with (default 12). */
  baselineMonths?: number;
  /**
   * Months left out between the baseline and the window (default 3): a campaign that began in the
   * months just before a quarter would otherwise sit in that quarter's baseline and hide its
   * continuation. Used when at least `minGuardedBaselineMonths` months precede the guard band; a
   * shorter extract compares with the months right before the window instead.
   */
  guardMonths?: number;
  minGuardedBaselineMonths?: number;
  /** Months of a quarter the extract must cover for it to be tested (default 2). */
  minWindowMonths?: number;
  /** Material gate: at least this many downgrades above expectation (default 5)… */
  minExcess?: number;
  /** …and, where the rate is known, a rise of at least this much in the downgrade rate (default 0.02). */
  minRateRise?: number;
  /** A timing p-value below this is mentioned in the summary (default 0.01). */
  timingAlpha?: number;
  /** Consecutive material quarters with p at most this form one campaign, reported once (default 0.05). */
  campaignAlpha?: number;
  targets?: readonly CrimeTarget[];
}

interface Settings {
  families: readonly ReclassificationFamily[];
  familiesVersion: string;
  minBaselineMoves: number;
  baselineMonths: number;
  guardMonths: number;
  minGuardedBaselineMonths: number;
  minWindowMonths: number;
  minExcess: number;
  minRateRise: number;
  timingAlpha: number;
  campaignAlpha: number;
  targets: readonly CrimeTarget[];
}

export function createRecordLevelCheck(config: RecordLevelCheckConfig = {}): Check {
  const s: Settings = {
    families: config.families ?? RECLASSIFICATION_FAMILIES,
    familiesVersion: config.familiesVersion ?? RECLASSIFICATION_FAMILIES_VERSION,
    minBaselineMoves: config.minBaselineMoves ?? 10,
    baselineMonths: config.baselineMonths ?? 12,
    guardMonths: config.guardMonths ?? 3,
    minGuardedBaselineMonths: config.minGuardedBaselineMonths ?? 6,
    minWindowMonths: config.minWindowMonths ?? 2,
    minExcess: config.minExcess ?? 5,
    minRateRise: config.minRateRise ?? 0.02,
    timingAlpha: config.timingAlpha ?? 0.01,
    campaignAlpha: config.campaignAlpha ?? 0.05,
    targets: config.targets ?? DEFAULT_TARGETS,
  };
  const ruleVersion = `${RULES}+families.${s.familiesVersion}`;
  return {
    id: RECORD_LEVEL_CHECK_ID,
    signature: 'reclassification',
    ruleVersion,
    description:
      'Record-level downgrades within a family of substitutable offence codes (first recorded as the ' +
      'serious code, finally a lesser one) rising against the force\u2019s earlier months or outnumbering ' +
      'upgrades more than before, per financial quarter; runs only on record-level extracts.',
    run: (input, ctx) => run(input, ctx, s, ruleVersion),
  };
}

export const reclassificationRecordLevelCheck: Check = createRecordLevelCheck();

/** One month of one family for one force. */
interface MonthMoves {
  down: number;
  up: number;
  /** from → to → count, for naming the codes and the evidence. */
  pairs: Map<string, number>;
}

interface Window {
  start: string;
  end: string;
  months: string[];
}

const QUARTER_END = new Set([3, 6, 9, 12]);

function getOrCreate<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

function run(input: AuditInput, ctx: AuditContext, s: Settings, ruleVersion: string): FindingDraft[] {
  const transitions = input.transitions ?? [];
  if (transitions.length === 0) return [];
  const index = familyIndex(s.families);
  // force → family id → month → moves
  const moves = new Map<string, Map<string, Map<string, MonthMoves>>>();
  const forceMonths = new Map<string, Set<string>>();
  for (const t of transitions) {
    if (!(t.count > 0)) continue;
    getOrCreate(forceMonths, t.force_code, () => new Set<string>()).add(t.month);
    const direction = directionOf(index, t);
    if (direction === null) continue;
    const byFamily = getOrCreate(moves, t.force_code, () => new Map<string, Map<string, MonthMoves>>());
    const byMonth = getOrCreate(byFamily, direction.family.id, () => new Map<string, MonthMoves>());
    const m = getOrCreate(byMonth, t.month, (): MonthMoves => ({ down: 0, up: 0, pairs: new Map() }));
    if (direction.down) m.down += t.count;
    else m.up += t.count;
    const key = `${t.from_offence_code}>${t.to_offence_code}`;
    m.pairs.set(key, (m.pairs.get(key) ?? 0) + t.count);
  }

  const streams = new Map<string, Stream>();
  for (const st of ctx.streams) {
    if (st.grain === 'month' && st.level === 'code') streams.set(st.force_code, st);
  }

  const drafts: FindingDraft[] = [];
  const audited = [...new Set(input.forces)].sort();
  for (const force of audited) {
    const byFamily = moves.get(force);
    if (!byFamily) continue;
    const stream = streams.get(force) ?? null;
    const covered = coveredMonths(stream, forceMonths.get(force)!);
    for (const family of s.families) {
      const byMonth = byFamily.get(family.id);
      if (!byMonth) continue;
      const familyDrafts: FindingDraft[] = [];
      for (const w of quarterWindows(covered, s.minWindowMonths)) {
        const base = baselineOf(covered, w, s);
        const active = [...w.months, ...base].some(
          (m) => (byMonth.get(m)?.down ?? 0) + (byMonth.get(m)?.up ?? 0) > 0,
        );
        if (!active) continue;
        const wm = monthCounts(byMonth, stream, family, w.months);
        const bm = monthCounts(byMonth, stream, family, base);
        const test = recordLevelTest(wm, bm, { minBaselineMoves: s.minBaselineMoves });
        if (test === null) continue;
        familyDrafts.push(draftOf(force, family, w, base, byMonth, stream, test, s, ruleVersion));
      }
      drafts.push(...oneFindingPerCampaign(familyDrafts, s.campaignAlpha));
    }
  }
  return drafts;
}

/**
 * A campaign that lasts a year raises the downgrade rate in four or five consecutive quarters, and
 * each would be its own finding: the auditor should get one. Of consecutive quarters (each starting
 * at most a month after the previous one ends) that are material and nominally significant
 * (p ≤ `campaignAlpha`), only the one with the smallest p is reported (the earlier on ties); the
 * others keep their p-values, so Benjamini–Hochberg still counts them, but get material = false and
 * `covered_by`, and the reported one lists them in `covers`. BH q-values are monotone in p, so when a
 * covered quarter would pass BH the reported one passes too: nothing that would be reported is lost.
 * Drafts arrive in window order for one force and family.
 */
function oneFindingPerCampaign(drafts: FindingDraft[], campaignAlpha: number): FindingDraft[] {
  const inCampaign = (d: FindingDraft) =>
    d.evidence.material === true && d.p_value !== null && d.p_value <= campaignAlpha;
  let run: FindingDraft[] = [];
  const close = () => {
    if (run.length > 1) {
      const keeper = run.reduce((best, d) => (d.p_value! < best.p_value! ? d : best));
      const others = run.filter((d) => d !== keeper);
      for (const d of others) {
        d.evidence.material = false;
        d.evidence.covered_by = {
          period_start: keeper.period_start,
          period_end: keeper.period_end,
          p_value: keeper.p_value,
        };
      }
      keeper.evidence.covers = others.map((d) => ({
        period_start: d.period_start,
        period_end: d.period_end,
        downgrades: d.observed,
        expected_downgrades: d.expected,
        p_value: d.p_value,
      }));
      const span = `${run[0]!.period_start} to ${run[run.length - 1]!.period_end}`;
      keeper.summary = keeper.summary.replace(
        /; the change requires explanation\.$/,
        `; downgrades were also raised in the other quarters from ${span} (listed in the evidence); the change requires explanation.`,
      );
    }
    run = [];
  };
  for (const d of drafts) {
    const last = run[run.length - 1];
    if (!inCampaign(d)) {
      close();
      continue;
    }
    if (last && d.period_start > addMonths(last.period_end, 1)) close();
    run.push(d);
  }
  close();
  return drafts;
}

/**
 * The window's baseline: the `baselineMonths` covered months before the guard band, or right before
 * the window when too few precede the guard band; in time order, never inside the window.
 */
function baselineOf(covered: readonly string[], w: Window, s: Settings): string[] {
  const guardStart = monthIndex(w.start) - s.guardMonths;
  const guarded = covered.filter((m) => monthIndex(m) < guardStart);
  const end = guarded.length >= s.minGuardedBaselineMonths ? guardStart : monthIndex(w.start);
  return covered.filter((m) => monthIndex(m) < end && monthIndex(m) >= end - s.baselineMonths);
}

function directionOf(
  index: ReturnType<typeof familyIndex>,
  t: ReclassificationTransition,
): { family: ReclassificationFamily; down: boolean } | null {
  const from = index.get(t.from_offence_code);
  const to = index.get(t.to_offence_code);
  if (!from || !to || from.family.id !== to.family.id || from.side === to.side) return null;
  return { family: from.family, down: from.side === 'serious' };
}

/** Months the extract covers: those whose cells came from record-level data, plus any month with a move. */
function coveredMonths(stream: Stream | null, transitionMonths: ReadonlySet<string>): string[] {
  const months = new Set(transitionMonths);
  if (stream) {
    for (const [period, formats] of stream.formats) if (formats.has('record_level')) months.add(period);
  }
  return [...months].sort();
}

/** Financial quarters (Apr-Jun, Jul-Sep, Oct-Dec, Jan-Mar) with at least `min` covered months. */
function quarterWindows(covered: readonly string[], min: number): Window[] {
  const byQuarter = new Map<string, string[]>();
  for (const m of covered) {
    const start = addMonths(m, -((calendarMonth(m) - 1) % 3));
    getOrCreate(byQuarter, start, (): string[] => []).push(m);
  }
  return [...byQuarter.values()]
    .filter((months) => months.length >= min)
    .map((months) => ({ start: months[0]!, end: months[months.length - 1]!, months }));
}

/** Crimes first recorded as serious in a month: final serious count + downgrades − upgrades; null without a return. */
function firstSerious(
  stream: Stream | null,
  family: ReclassificationFamily,
  month: string,
  m: MonthMoves | undefined,
): number | null {
  if (stream === null || !stream.periodEnds.has(month)) return null;
  let total = 0;
  for (const code of family.serious.codes) {
    const row = stream.series.get(code)?.rows.get(month);
    if (row === undefined) continue;
    if (!isUsableCount(row.recorded)) return null;
    total += row.recorded;
  }
  return Math.max(0, total + (m?.down ?? 0) - (m?.up ?? 0));
}

function monthCounts(
  byMonth: ReadonlyMap<string, MonthMoves>,
  stream: Stream | null,
  family: ReclassificationFamily,
  months: readonly string[],
): MonthCounts[] {
  return months.map((month) => {
    const m = byMonth.get(month);
    return {
      down: m?.down ?? 0,
      up: m?.up ?? 0,
      firstSerious: firstSerious(stream, family, month, m),
      quarterEnd: QUARTER_END.has(calendarMonth(month)),
    };
  });
}

/** The pair (serious → lesser) that carried the most downgrades in the window, else the family's first codes. */
function namedPair(
  byMonth: ReadonlyMap<string, MonthMoves>,
  family: ReclassificationFamily,
  months: readonly string[],
): { from: string; to: string; totals: Map<string, number> } {
  const totals = new Map<string, number>();
  for (const month of months) {
    for (const [pair, n] of byMonth.get(month)?.pairs ?? []) totals.set(pair, (totals.get(pair) ?? 0) + n);
  }
  let best: string | null = null;
  for (const [pair, n] of [...totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const [from] = pair.split('>');
    if (!family.serious.codes.includes(from!)) continue;
    if (best === null || n > totals.get(best)!) best = pair;
  }
  if (best === null) return { from: family.serious.codes[0]!, to: family.lesser.codes[0]!, totals };
  const [from, to] = best.split('>');
  return { from: from!, to: to!, totals };
}

function draftOf(
  force: string,
  family: ReclassificationFamily,
  w: Window,
  base: readonly string[],
  byMonth: ReadonlyMap<string, MonthMoves>,
  stream: Stream | null,
  test: RecordLevelTest,
  s: Settings,
  ruleVersion: string,
): FindingDraft {
  const pair = namedPair(byMonth, family, w.months);
  const info = lookupOffence(pair.from);
  const weight = seriousnessWeight(family.offence_group, pair.from);
  const material =
    test.excessDown >= s.minExcess &&
    (test.rate === null || test.rate.window - test.rate.baseline >= s.minRateRise);
  const target =
    targetsNear(s.targets, {
      groups: [family.offence_group],
      codes: family.serious.codes,
      start: w.start,
      end: w.end,
    })[0] ?? null;
  const series = [...base, ...w.months].map((month) => {
    const m = byMonth.get(month);
    const n = firstSerious(stream, family, month, m);
    const inWindow = month >= w.start;
    return {
      period: month,
      value: m?.down ?? 0,
      expected: inWindow && test.rate !== null && n !== null ? n * test.rate.baseline : null,
    };
  });
  const evidence: Evidence = {
    method:
      'Record-level reclassification within a family of substitutable codes (METHODS §2 1C): the downgrade ' +
      'rate and the downgrade share of moves (asymmetry) against the force\u2019s own earlier months, each a ' +
      'quasi-likelihood contrast with month-to-month dispersion, combined by Bonferroni; quarter-end timing reported',
    reference:
      'Wedderburn 1974 and McCullagh & Nelder 1989 §4.5 (quasi-likelihood dispersion); METHODS §2 1C',
    formula:
      'rate: θ = ln((u_W+½)/N_W) − ln((u_B+½)/N_B), Var = φ(1/(u_W+½) + 1/(u_B+½)); ' +
      'asymmetry: θ = ln((u_W+½)/(d_W+½)) − ln((u_B+½)/(d_B+½)), Var = φ Σ 1/(cell+½); ' +
      'φ = max(1, Pearson X² of the baseline months around the baseline rate / (baseline months − 1)); ' +
      'p = P(t_df ≥ θ/√Var); p = min(1, 2·min(p_rate, p_asym)); N = final serious count + downgrades − upgrades',
    parameters: {
      families_version: s.familiesVersion,
      min_baseline_moves: s.minBaselineMoves,
      baseline_months: s.baselineMonths,
      guard_months: s.guardMonths,
      min_guarded_baseline_months: s.minGuardedBaselineMonths,
      min_window_months: s.minWindowMonths,
      min_excess: s.minExcess,
      min_rate_rise: s.minRateRise,
      timing_alpha: s.timingAlpha,
      campaign_alpha: s.campaignAlpha,
      seriousness_weight: weight,
    },
    family: {
      id: family.id,
      description: family.description,
      level: family.level,
      serious_codes: family.serious.codes,
      lesser_codes: family.lesser.codes,
    },
    window: { start: w.start, end: w.end, months: w.months },
    baseline: {
      start: base[0]!,
      end: base[base.length - 1]!,
      description:
        base[base.length - 1]! < addMonths(w.start, -1)
          ? `the force's own earlier months in the extract (up to ${s.baselineMonths}), before a ${s.guardMonths}-month guard band`
          : `the force's own earlier months in the extract (up to ${s.baselineMonths}), right before the window (too few months for a guard band)`,
    },
    // Every month of the baseline and the window with the counts both contrasts read, so that an
    // auditor can recompute φ, the contrasts and p from this evidence alone.
    months: [...base, ...w.months].map((month) => {
      const m = byMonth.get(month);
      return {
        period: month,
        downgrades: m?.down ?? 0,
        upgrades: m?.up ?? 0,
        first_recorded_serious: firstSerious(stream, family, month, m),
        role: w.months.includes(month) ? 'window' : 'baseline',
      };
    }),
    table: {
      window: {
        downgrades: test.totals.window.down,
        upgrades: test.totals.window.up,
        first_recorded_serious: test.totals.window.firstSerious,
      },
      baseline: {
        downgrades: test.totals.baseline.down,
        upgrades: test.totals.baseline.up,
        first_recorded_serious: test.totals.baseline.firstSerious,
      },
    },
    pairs: [...pair.totals].map(([p, n]) => ({ from: p.split('>')[0], to: p.split('>')[1], window: n })),
    rate: contrastEvidence(test.rate),
    asymmetry: contrastEvidence(test.asymmetry),
    timing: test.timing
      ? {
          quarter_end_downgrades: test.timing.downAtQuarterEnd,
          expected_share: test.timing.expectedShare,
          p_value: test.timing.pValue,
        }
      : null,
    expected_downgrades: test.expectedDown,
    excess_downgrades: test.excessDown,
    peers: [],
    near_target: target?.id ?? null,
    material,
    discriminator: family.id,
    series,
    series_upgrades: [...base, ...w.months].map((month) => ({
      period: month,
      value: byMonth.get(month)?.up ?? 0,
    })),
  };
  return {
    check_id: RECORD_LEVEL_CHECK_ID,
    rule_version: ruleVersion,
    signature: 'reclassification',
    severity: severityFromWeightedExcess(Math.max(0, test.excessDown) * weight),
    force_code: force,
    period_start: w.start,
    period_end: w.end,
    offence_group: family.offence_group,
    offence_subgroup: info?.subgroup ?? null,
    offence_code: family.level === 'code' ? pair.from : null,
    related_offence_code: pair.to,
    observed: test.totals.window.down,
    expected: test.expectedDown,
    unit: 'crimes',
    effect_size: test.effectSize,
    p_value: test.pValue,
    near_target: target !== null,
    summary: summaryOf(force, family, w, base, test, pair, s),
    evidence,
  };
}

function contrastEvidence(c: RecordLevelTest['rate']): Record<string, number> | null {
  if (c === null) return null;
  return {
    window: c.window,
    baseline: c.baseline,
    log_ratio: c.logRatio,
    variance: c.variance,
    dispersion: c.dispersion,
    df: c.df,
    t: c.t,
    p_value: c.pValue,
  };
}

function summaryOf(
  force: string,
  family: ReclassificationFamily,
  w: Window,
  base: readonly string[],
  test: RecordLevelTest,
  pair: { from: string; to: string },
  s: Settings,
): string {
  const span = w.start === w.end ? `In ${w.start}` : `From ${w.start} to ${w.end}`;
  const wc = test.totals.window;
  const side = (codes: readonly string[], code: string, label: string) =>
    codes.length === 1 ? `${codeLabel(family, code)} (${code})` : `${label} (mostly ${code})`;
  const moved =
    `${span} ${force} reclassified ${wholeNumber(wc.down)} ${wc.down === 1 ? 'crime' : 'crimes'} first recorded as ` +
    `${side(family.serious.codes, pair.from, family.serious.label)} to ` +
    side(family.lesser.codes, pair.to, family.lesser.label);
  const rate =
    test.rate !== null
      ? `, ${percentFixed(test.rate.window)} of those first recorded as such against ${percentFixed(test.rate.baseline)} ` +
        (base.length === 1 ? `in ${base[0]}` : `from ${base[0]} to ${base[base.length - 1]}`)
      : '';
  const timing =
    test.timing !== null && test.timing.pValue < s.timingAlpha
      ? `, ${wholeNumber(test.timing.downAtQuarterEnd)} of them in the last month of a quarter`
      : '';
  return `${moved}${rate}${timing}, and ${wholeNumber(wc.up)} the other way; the change requires explanation.`;
}
