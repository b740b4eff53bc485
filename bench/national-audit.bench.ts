/**
 * The national audit's time, stage by stage: 44 forces × every benchmark code × 120 months of clean
 * returns (the detection benchmark's timing data set), run on this thread. Prints the median of
 * `--repeat` runs (default 3) of the whole engine and of each check alone, each beside the 10 s
 * target as a ratio, and the peak RSS. Figures only; nothing is asserted.
 *
 *   npm run bench:national-audit
 *   npm run bench:national-audit -- --repeat 1
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { auditContext } from '#core/checks/audit-context.ts';
import type { AuditInput } from '#core/checks/check.ts';
import { defaultRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import { generateBenchmarkPanel, panelToRows } from '#core/synthetic/benchmark/generator.ts';
import { BENCHMARK_OFFENCES } from '#core/synthetic/benchmark/offences.ts';

const TARGET_MS = 10_000;
const at = process.argv.indexOf('--repeat');
const repeat = at > 0 ? Number(process.argv[at + 1]) : 3;
if (!Number.isInteger(repeat) || repeat < 1) throw new Error('--repeat needs a whole number ≥ 1');

const panel = generateBenchmarkPanel({ seed: 'bench-clean-1', codes: BENCHMARK_OFFENCES.map((o) => o.code) });
const rows = panelToRows(panel, 'national', 'monthly_aggregate');
const input: AuditInput = { current: rows, history: rows, notes: [], forces: [...panel.forces] };
const registry = defaultRegistry();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function time(run: () => unknown): number {
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    run();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

const lines: [string, number][] = [];
let fingerprint = '';
lines.push([
  'whole engine (runChecks: context, every check, decision rule, consolidation)',
  time(() => {
    const { findings } = runChecks(registry, input, {
      run_id: 'national',
      now: new Date('2024-05-01T00:00:00Z'),
    });
    // What a speed change must leave alone: every finding's identity, severity, p and evidence.
    const hash = createHash('sha256');
    for (const f of findings) hash.update(`${f.finding_id}|${f.severity}|${f.p_value}|${f.evidence}\n`);
    fingerprint = `${findings.length} findings, sha256 ${hash.digest('hex').slice(0, 16)}`;
  }),
]);
// The context is lazy: its indexes are built by the first check that reads them, so each check's
// share below includes what it builds.
lines.push(['audit context construction (lazy)', time(() => auditContext(input))]);
for (const check of registry.list()) {
  // Each check on a fresh context, so a check does not ride on what an earlier one left in ctx.shared.
  const ms = time(() => check.run(input, auditContext(input))) - lines[1]![1];
  lines.push([`${check.id} (its own share, context subtracted)`, ms]);
}

console.log(
  `national audit: ${panel.forces.length} forces × ${BENCHMARK_OFFENCES.length} codes × ${panel.months.length} months ` +
    `(${rows.length.toLocaleString('en-GB')} rows); median of ${repeat}; machine ${availableParallelism()} cores, one thread, Node ${process.version}`,
);
const width = Math.max(...lines.map(([l]) => l.length));
for (const [label, ms] of lines)
  console.log(
    `${label.padEnd(width)}  ${(ms / 1000).toFixed(2).padStart(6)} s  ${(ms / TARGET_MS).toFixed(2)} × the 10 s target`,
  );
console.log(`findings of the whole engine: ${fingerprint}`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
