/**
 * How the sudden_drop.level_shift p-values are distributed on clean benchmark data (no injected
 * effect), against the uniform null they would follow if each test were planned in advance:
 *
 *   npm run bench:level-shift-pvalues            # 2 clean seeds, every code (about a minute)
 *   npm run bench:level-shift-pvalues -- 5       # more seeds
 *
 * PELT picks where a series drops and the DiD then tests that same drop, so the p-values are
 * post-selection: more small ones than a uniform null gives. This prints the counts per threshold
 * and per level, so a change to the check (a selection-aware null) can be measured. Prints figures;
 * asserts nothing.
 */

import { auditContext } from '#core/checks/audit-context.ts';
import { SUDDEN_DROP_CHECKS } from '#core/checks/sudden-drop/index.ts';
import { generateBenchmarkPanel, panelToRows } from '#core/synthetic/benchmark/generator.ts';
import { BENCHMARK_OFFENCES } from '#core/synthetic/benchmark/offences.ts';

const seeds = Number(process.argv[2] ?? 2);
if (!Number.isInteger(seeds) || seeds < 1) throw new Error('the number of clean seeds is a whole number ≥ 1');
const check = SUDDEN_DROP_CHECKS.find((c) => c.id === 'sudden_drop.level_shift')!;
const THRESHOLDS = [0.05, 0.01, 1e-3, 1e-4, 1e-5];
const below = THRESHOLDS.map(() => 0);
const byLevel = new Map<string, { n: number; p01: number; p001: number }>();
let tested = 0;
let noDrop = 0;
for (let i = 1; i <= seeds; i++) {
  const panel = generateBenchmarkPanel({
    seed: `bench-clean-${i}`,
    codes: BENCHMARK_OFFENCES.map((o) => o.code),
  });
  const rows = panelToRows(panel);
  const input = { current: rows, history: rows, notes: [], forces: [...panel.forces] };
  for (const d of check.run(input, auditContext(input))) {
    if (d.p_value === null) continue;
    tested++;
    if (d.p_value >= 1) noDrop++;
    THRESHOLDS.forEach((t, k) => {
      if (d.p_value! < t) below[k]! += 1;
    });
    const level = d.offence_code ? 'code' : d.offence_group ? 'group' : 'total';
    const l = byLevel.get(level) ?? { n: 0, p01: 0, p001: 0 };
    l.n++;
    if (d.p_value < 0.01) l.p01++;
    if (d.p_value < 1e-3) l.p001++;
    byLevel.set(level, l);
  }
}
console.log(
  `level-shift drafts on ${seeds} clean seed(s): ${tested} (${noDrop} series with no downward change, p = 1)`,
);
for (const [k, t] of THRESHOLDS.entries())
  console.log(`  p < ${t}: ${below[k]} (a uniform null expects ${(t * tested).toFixed(1)})`);
for (const [level, l] of [...byLevel].sort())
  console.log(`  ${level}: ${l.n} drafts, p < 0.01: ${l.p01}, p < 0.001: ${l.p001}`);
