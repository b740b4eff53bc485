/**
 * What the record-level check tests: each audited force's reclassifications within a family, month
 * by month (downgrades, upgrades, the code pairs), the financial quarters its extract covers, each
 * quarter's baseline of the force's own earlier months, and the result of the contrasts
 * (record-level.ts) for every quarter in which the force moved anything in the family. Decides
 * nothing about reporting beyond the material gate.
 */
import type { ReclassificationTransition } from '#core/model/ingest.ts';
import { familyIndex, type ReclassificationFamily } from '#core/reference/reclassification-families.ts';
import { addMonths, calendarMonth, monthIndex } from '#core/series/months.ts';
import type { Stream } from '#core/series/streams.ts';
import { isUsableCount } from '#core/series/usable-count.ts';
import type { AuditContext } from '../audit-context.ts';
import type { AuditInput } from '../check.ts';
import { type MonthCounts, type RecordLevelTest, recordLevelTest } from './record-level.ts';
import type { RecordLevelConfig } from './record-level-config.ts';

/** One month of one family for one force. */
export interface MonthMoves {
  down: number;
  up: number;
  /** from → to → count, for naming the codes and the evidence. */
  pairs: Map<string, number>;
}

/** A financial quarter (or the part of it the extract covers). */
export interface QuarterWindow {
  start: string;
  end: string;
  months: string[];
}

/** One tested hypothesis: a force's reclassifications in one family and quarter against its baseline. */
export interface RecordLevelCase {
  force: string;
  family: ReclassificationFamily;
  window: QuarterWindow;
  /** The baseline months, in time order. */
  base: string[];
  byMonth: ReadonlyMap<string, MonthMoves>;
  /** The force's monthly code-level stream (the final counts), null without one. */
  stream: Stream | null;
  test: RecordLevelTest;
  /** Past the material gate. */
  material: boolean;
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

/** The audited forces' tests, one list per force and family (in quarter order), forces in code order. */
export function recordLevelCases(
  input: AuditInput,
  ctx: AuditContext,
  config: RecordLevelConfig,
): RecordLevelCase[][] {
  const transitions = input.transitions ?? [];
  if (transitions.length === 0) return [];
  const { moves, forceMonths } = movesOf(transitions, config.families);
  const streams = new Map<string, Stream>();
  for (const st of ctx.streams) {
    if (st.grain === 'month' && st.level === 'code') streams.set(st.force_code, st);
  }
  const out: RecordLevelCase[][] = [];
  for (const force of [...new Set(input.forces)].sort()) {
    const byFamily = moves.get(force);
    if (!byFamily) continue;
    const stream = streams.get(force) ?? null;
    const covered = coveredMonths(stream, forceMonths.get(force)!);
    for (const family of config.families) {
      const byMonth = byFamily.get(family.id);
      if (byMonth) out.push(familyCases({ force, family, byMonth, stream }, covered, config));
    }
  }
  return out;
}

/** force → family id → month → moves, and every month in which a force reported any transition. */
function movesOf(
  transitions: readonly ReclassificationTransition[],
  families: readonly ReclassificationFamily[],
) {
  const index = familyIndex(families);
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
  return { moves, forceMonths };
}

type FamilyMoves = Pick<RecordLevelCase, 'force' | 'family' | 'byMonth' | 'stream'>;

function familyCases(
  fm: FamilyMoves,
  covered: readonly string[],
  config: RecordLevelConfig,
): RecordLevelCase[] {
  const { byMonth, stream, family } = fm;
  const cases: RecordLevelCase[] = [];
  for (const window of quarterWindows(covered, config.minWindowMonths)) {
    const base = baselineOf(covered, window, config);
    const active = [...window.months, ...base].some(
      (m) => (byMonth.get(m)?.down ?? 0) + (byMonth.get(m)?.up ?? 0) > 0,
    );
    if (!active) continue;
    const wm = monthCounts(byMonth, stream, family, window.months);
    const bm = monthCounts(byMonth, stream, family, base);
    const test = recordLevelTest(wm, bm, { minBaselineMoves: config.minBaselineMoves });
    if (test === null) continue;
    const material =
      test.excessDown >= config.minExcess &&
      (test.rate === null || test.rate.window - test.rate.baseline >= config.minRateRise);
    cases.push({ ...fm, window, base, test, material });
  }
  return cases;
}

/**
 * The window's baseline: the `baselineMonths` covered months before the guard band, or right before
 * the window when too few precede the guard band; in time order, never inside the window.
 */
function baselineOf(covered: readonly string[], w: QuarterWindow, config: RecordLevelConfig): string[] {
  const guardStart = monthIndex(w.start) - config.guardMonths;
  const guarded = covered.filter((m) => monthIndex(m) < guardStart);
  const end = guarded.length >= config.minGuardedBaselineMonths ? guardStart : monthIndex(w.start);
  return covered.filter((m) => monthIndex(m) < end && monthIndex(m) >= end - config.baselineMonths);
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
function quarterWindows(covered: readonly string[], min: number): QuarterWindow[] {
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
export function firstSerious(
  { stream, family, byMonth }: Pick<RecordLevelCase, 'stream' | 'family' | 'byMonth'>,
  month: string,
): number | null {
  if (stream === null || !stream.periodEnds.has(month)) return null;
  const m = byMonth.get(month);
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
      firstSerious: firstSerious({ stream, family, byMonth }, month),
      quarterEnd: QUARTER_END.has(calendarMonth(month)),
    };
  });
}

/** The pair (serious → lesser) that carried the most downgrades in the window, else the family's first codes. */
export function namedPair({ byMonth, family, window }: RecordLevelCase): {
  from: string;
  to: string;
  totals: Map<string, number>;
} {
  const totals = new Map<string, number>();
  for (const month of window.months) {
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
