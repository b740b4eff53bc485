/**
 * Every tested check on clean benchmark data (no injection; trends, drifting mixes and the national
 * shock the generator adds): how its p-values are distributed against the uniform an honest p-value
 * follows, and the flags above info each check raises per force-year through the real engine and
 * its decision rule (functions/core/engine/decision-rule.ts).
 *
 *   npm run bench:clean-pvalues                 # the quick plan's clean runs (tuning and held-out, both arms)
 *   npm run bench:clean-pvalues -- --codes all  # every code instead of the 56 core codes
 *
 * Validity is P(p ≤ α) ≤ α at the small α a decision uses: the printed ratio (observed ÷ expected
 * count below α) must stay at or under 1 there. A check whose drafts include "nothing located"
 * tests at p = 1 shows a mass at 1 and ratios under 1; that is conservative, not wrong. Prints
 * figures; asserts nothing.
 */
import { auditContext } from '#core/checks/audit-context.ts';
import type { AuditInput } from '#core/checks/check.ts';
import { defaultRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import { generateBenchmarkPanel, panelToRows } from '#core/synthetic/benchmark/generator.ts';
import { BENCHMARK_OFFENCES, CORE_CODES } from '#core/synthetic/benchmark/offences.ts';
import { planBenchmark } from '#core/synthetic/benchmark/plan.ts';
import { PLAN_SIZES } from './benchmark.ts';

const LEVELS = [0.1, 0.01, 1e-3, 1e-4];
const all = process.argv.includes('--codes') && process.argv[process.argv.indexOf('--codes') + 1] === 'all';
const sizes = PLAN_SIZES.quick;
const plan = planBenchmark({
  cleanSeeds: sizes.clean,
  positiveRuns: 0,
  shortArm: { cleanSeeds: sizes.short.clean, positiveRuns: 0 },
  holdout: { cleanSeeds: sizes.holdout.clean, positiveRuns: 0, short: { cleanSeeds: 1, positiveRuns: 0 } },
  controlSeeds: 0,
  replaySeeds: 0,
  codes: all ? BENCHMARK_OFFENCES.map((o) => o.code) : [...CORE_CODES],
});

const registry = defaultRegistry();
const pByCheck = new Map<string, number[]>();
const flagsByCheck = new Map<string, number>();
let forceYears = 0;
for (const run of plan.clean) {
  const panel = generateBenchmarkPanel({
    seed: run.seed,
    forces: plan.forces,
    codes: plan.codes,
    start: run.start ?? plan.start,
    months: run.months ?? plan.months,
  });
  const rows = panelToRows(panel, run.id, 'monthly_aggregate');
  const input: AuditInput = { current: rows, history: rows, notes: [], forces: [...panel.forces] };
  const ctx = auditContext(input);
  for (const check of registry.list()) {
    if (check.signature === 'data_quality') continue;
    for (const d of check.run(input, ctx)) {
      if (d.p_value === null || d.p_value === undefined) continue;
      const list = pByCheck.get(check.id) ?? [];
      list.push(d.p_value);
      pByCheck.set(check.id, list);
    }
  }
  const result = runChecks(registry, input, { run_id: run.id, now: new Date('2024-05-01T00:00:00Z') });
  for (const f of result.findings)
    if (f.severity !== 'info') flagsByCheck.set(f.check_id, (flagsByCheck.get(f.check_id) ?? 0) + 1);
  forceYears += (panel.forces.length * (run.months ?? plan.months)) / 12;
  process.stderr.write(`  ${run.id}: ${result.findings.filter((f) => f.severity !== 'info').length} flags\n`);
}

const head = ['check', 'tests', ...LEVELS.map((a) => `p ≤ ${a}: seen / expected`), 'flags', 'per force-year'];
const rows: string[][] = [head];
for (const check of registry.list()) {
  const ps = pByCheck.get(check.id);
  if (!ps) continue;
  const flags = flagsByCheck.get(check.id) ?? 0;
  rows.push([
    check.id,
    String(ps.length),
    ...LEVELS.map((a) => {
      const seen = ps.filter((p) => p <= a).length;
      const expected = a * ps.length;
      return `${seen} / ${expected.toFixed(1)} (${(seen / expected).toFixed(2)})`;
    }),
    String(flags),
    (flags / forceYears).toFixed(4),
  ]);
}
const widths = head.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
console.log(
  `clean runs: ${plan.clean.length} (${plan.clean.map((r) => r.id).join(', ')}), ${forceYears} force-years, ` +
    `${plan.codes.length} codes; decision rule ${JSON.stringify(registry.decision)}`,
);
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
