/**
 * How the sudden_drop.level_shift p-values are distributed on clean benchmark data (no injected
 * effect; the generator's force × offence trends of ~2%/yr, group random walks and a national shock
 * included), against the uniform null an honest p-value follows, and what the check reports there:
 *
 *   npm run bench:level-shift-pvalues                # 2 clean seeds, every code
 *   npm run bench:level-shift-pvalues -- 5           # more seeds
 *   npm run bench:level-shift-pvalues -- 2 --before  # the level DiD at the picked change (rule 1.x)
 *   npm run bench:level-shift-pvalues -- 3 --trends  # the sudden-drop tests' generator with 3%/yr
 *                                                    # force × offence trends (60 codes, seeds 41–)
 *
 * Prints the counts below 0.001–0.1 against expectation, the Kolmogorov–Smirnov distance of the
 * drafts' p-values from the uniform (D, and D⁺ = the largest excess of small p-values, the direction
 * that makes a test anti-conservative), by level, and the findings above info per force-year after
 * the engine's Benjamini–Hochberg step and material gate. Prints figures; asserts nothing.
 */

import { auditContext } from '#core/checks/audit-context.ts';
import { suddenDropConfig } from '#core/checks/sudden-drop/config.ts';
import { createSuddenDropChecks } from '#core/checks/sudden-drop/index.ts';
import { CheckRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import { generateBenchmarkPanel, panelToRows } from '#core/synthetic/benchmark/generator.ts';
import { BENCHMARK_OFFENCES } from '#core/synthetic/benchmark/offences.ts';
import { cleanReturns } from '../../test/core/checks/sudden-drop/clean-returns.ts';

const args = process.argv.slice(2);
const before = args.includes('--before');
const trends = args.includes('--trends');
const seeds = Number(args.find((a) => !a.startsWith('--')) ?? 2);
if (!Number.isInteger(seeds) || seeds < 1) throw new Error('the number of clean seeds is a whole number ≥ 1');
const config = suddenDropConfig(before ? { levelShift: { stepAgainstTrend: false, scanBound: false } } : {});
const checks = createSuddenDropChecks(config);
const check = checks.find((c) => c.id === 'sudden_drop.level_shift')!;
const registry = new CheckRegistry().registerAll([check]);
const THRESHOLDS = [0.1, 0.05, 0.01, 1e-3];
const pValues: number[] = [];
const byLevel = new Map<string, number[]>();
let forceYears = 0;
let flags = 0;
const flagged = new Set<string>();
for (let i = 1; i <= seeds; i++) {
  const { rows, forces } = trends ? trendReturns(i) : benchmarkReturns(i);
  const input = { current: rows, history: rows, notes: [], forces };
  for (const d of check.run(input, auditContext(input))) {
    if (d.p_value === null) continue;
    pValues.push(d.p_value);
    const level = d.offence_code ? 'code' : d.offence_group ? 'group' : 'total';
    byLevel.set(level, [...(byLevel.get(level) ?? []), d.p_value]);
  }
  const months = new Set(rows.map((r) => r.period_start)).size;
  forceYears += (forces.length * months) / 12;
  const result = runChecks(registry, input, {
    run_id: `pvalues-${i}`,
    now: new Date('2024-05-01T00:00:00Z'),
  });
  for (const f of result.findings) {
    if (f.severity === 'info') continue;
    flags++;
    flagged.add(`${i}|${f.force_code}|${f.period_start.slice(0, 4)}`);
  }
}

function benchmarkReturns(i: number) {
  const panel = generateBenchmarkPanel({
    seed: `bench-clean-${i}`,
    codes: BENCHMARK_OFFENCES.map((o) => o.code),
  });
  return { rows: panelToRows(panel), forces: [...panel.forces] };
}

function trendReturns(i: number) {
  const g = cleanReturns({
    seed: 40 + i,
    start: '2014-04',
    months: 120,
    maxCodes: 60,
    forceOffenceTrendSd: 0.03,
  });
  return { rows: g.rows, forces: g.forces };
}

/** Kolmogorov–Smirnov distances of p-values from U(0, 1): D and the one-sided D⁺ = sup(F̂(x) − x). */
function ks(ps: readonly number[]): { d: number; dPlus: number } {
  const s = [...ps].sort((a, b) => a - b);
  let d = 0;
  let dPlus = 0;
  s.forEach((p, k) => {
    const above = (k + 1) / s.length - p;
    dPlus = Math.max(dPlus, above);
    d = Math.max(d, above, p - k / s.length);
  });
  return { d, dPlus };
}

const n = pValues.length;
const ones = pValues.filter((p) => p >= 1).length;
console.log(
  `level-shift drafts on ${seeds} clean seed(s) of the ${trends ? '3%/yr-trend test' : 'benchmark'} generator (${before ? 'rule 1.x: level DiD at the picked change' : 'broken-trend step, scan-bounded p'}): ` +
    `${n} (${ones} with p = 1: no downward change located)`,
);
for (const t of THRESHOLDS) {
  const k = pValues.filter((p) => p < t).length;
  console.log(
    `  p < ${t}: ${k} (a uniform null expects ${(t * n).toFixed(1)}; ratio ${(k / (t * n)).toFixed(2)})`,
  );
}
const all = ks(pValues);
// The 5% critical value of D for large n is 1.358/√n; D⁺'s is 1.224/√n.
console.log(
  `  KS against U(0,1): D = ${all.d.toFixed(4)}, D+ = ${all.dPlus.toFixed(4)} ` +
    `(5% critical values ${(1.358 / Math.sqrt(n)).toFixed(4)} and ${(1.224 / Math.sqrt(n)).toFixed(4)}; ` +
    'a bound is conservative, so D from the p = 1 mass is expected, D+ is what must stay small)',
);
for (const [level, ps] of [...byLevel].sort()) {
  const k = ks(ps);
  const c = (t: number) => ps.filter((p) => p < t).length;
  console.log(
    `  ${level}: ${ps.length} drafts, p < 0.05: ${c(0.05)} (${(0.05 * ps.length).toFixed(1)}), ` +
      `p < 0.01: ${c(0.01)} (${(0.01 * ps.length).toFixed(1)}), D+ = ${k.dPlus.toFixed(4)}`,
  );
}
console.log(
  `findings above info after BH and the gate: ${flags} in ${forceYears.toFixed(0)} force-years = ` +
    `${(flags / forceYears).toFixed(3)} per force-year (${flagged.size} force-years flagged)`,
);
