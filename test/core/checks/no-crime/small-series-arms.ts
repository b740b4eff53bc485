/**
 * The arms no_crime.spike is measured on for issue 9 (items 5 and 6), shared by small-series.test.ts
 * and the printing script small-series-measure.ts:
 * - clean: 44 forces, real codes, gradual force × code trends (trendSd), a COVID-like national shock
 *   with a new level after it; five-year (2019-04..2024-03) and ten-year (2014-04..2024-03) histories;
 * - small: spikes ×2.8–3.8 for 3–5 months in one code whose clean baseline expects 2–6 cancellations a
 *   month (rape codes and others), starts 2022-01..2023-06, five-year history;
 * - post-shock: the same spikes starting 2021-04..2021-09, in the year after the shock, when the own
 *   history outside the shock is ~11 months.
 * An injection is detectable when its oracle z (generator.ts oracleZ) is ≥ 5; it is found when a
 * reported finding of its force overlaps its months at its code, its group or all offences.
 */
import type { AuditInput } from '#core/checks/check.ts';
import { NO_CRIME_CHECKS } from '#core/checks/no-crime/index.ts';
import { CheckRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import type { Finding } from '#core/model/findings.ts';
import { addMonths } from '#core/series/months.ts';
import { createRng } from '#core/synthetic/rng.ts';
import {
  COVID_LIKE,
  type Generated,
  type GeneratorOptions,
  generateCancellations,
  type Injection,
  injectionMonths,
  oracleZ,
} from './generator.ts';

const CTX = { run_id: 'small-series', now: new Date('2024-06-01T00:00:00Z') };
export const TREND_SD = 0.05;
const RAPE = new Set(['19C', '19D']);

export interface Outcome {
  injection: Injection & { codes: string[] };
  arm: 'small' | 'post_shock';
  rape: boolean;
  z: number;
  found: boolean;
}

export function audit(rows: Generated['rows']): Finding[] {
  const forces = [...new Set(rows.map((r) => r.force_code))].sort();
  const input: AuditInput = { current: rows, history: rows, notes: [], forces };
  const { findings, errors } = runChecks(new CheckRegistry().registerAll(NO_CRIME_CHECKS), input, CTX);
  if (errors.length > 0) throw new Error(JSON.stringify(errors));
  return findings;
}

function options(seed: string, years: 5 | 10, injections: Injection[] = []): GeneratorOptions {
  return {
    seed,
    codes: 30,
    start: years === 5 ? '2019-04' : '2014-04',
    end: '2024-03',
    trendSd: TREND_SD,
    shock: COVID_LIKE,
    injections,
  };
}

/** Clean data: findings and force-years tested (months from the first testable block to the end). */
export function cleanRun(seed: string, years: 5 | 10): { findings: Finding[]; forceYears: number } {
  const g = generateCancellations(options(seed, years));
  const findings = audit(g.rows);
  // Months some window can be tested in: after the first 6 own months, the guard band and the scan.
  const testable = g.months.length - 6 - 3 - 4;
  return { findings, forceYears: (g.forces.length * testable) / 12 };
}

/**
 * One run with `count` injections of the arm in distinct forces, into codes whose clean baseline is
 * 2–6 cancellations a month (half of them rape codes where the force has one that small).
 */
export function injectedRun(seed: string, arm: 'small' | 'post_shock', count: number): Outcome[] {
  const clean = generateCancellations(options(seed, 5));
  const rng = createRng(`${seed}/plan`);
  const forces = [...clean.forces];
  const injections: Array<Injection & { codes: string[] }> = [];
  for (let i = 0; injections.length < count && i < 400; i++) {
    const force = forces[rng.int(0, forces.length - 1)]!;
    if (injections.some((x) => x.force === force)) continue;
    const wantRape = injections.length % 2 === 0;
    const small = clean.cells.filter((c) => {
      const perMonth = c.meanN * c.mu * COVID_LIKE.after;
      return c.force === force && perMonth >= 2 && perMonth <= 6 && RAPE.has(c.code) === wantRape;
    });
    if (small.length === 0) continue;
    const cell = small[rng.int(0, small.length - 1)]!;
    const start =
      arm === 'small' ? addMonths('2022-01', rng.int(0, 17)) : addMonths('2021-04', rng.int(0, 5));
    injections.push({
      force,
      start,
      months: rng.int(3, 5),
      ratio: 2.8 + rng.uniform(),
      codes: [cell.code],
    });
  }
  const g = generateCancellations(options(seed, 5, injections));
  const findings = audit(g.rows);
  return injections.map((inj) => {
    const months = injectionMonths(inj);
    const group = g.codes.find((c) => c.code === inj.codes[0])!.group;
    const found = findings.some(
      (f) =>
        f.force_code === inj.force &&
        f.period_end >= months[0]! &&
        f.period_start <= months[months.length - 1]! &&
        (f.offence_code === inj.codes[0] ||
          (f.offence_code === null && [null, group].includes(f.offence_group))),
    );
    return { injection: inj, arm, rape: RAPE.has(inj.codes[0]!), z: oracleZ(g, inj), found };
  });
}

export function recall(outcomes: readonly Outcome[]): { found: number; detectable: number } {
  const d = outcomes.filter((o) => o.z >= 5);
  return { found: d.filter((o) => o.found).length, detectable: d.length };
}
