/**
 * Runs one benchmark scenario through the real engine: generate the clean panel for the run's seed,
 * apply its injections, build the curated rows, and call runChecks(registry, input, ctx) exactly as
 * the audit pipeline does. Returns the findings reduced to what scoring reads, plus timings.
 * Also: where the registry comes from, so that worker threads can build the same one.
 */
import type { AuditInput } from '#core/checks/check.ts';
import { CheckRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import { generateBenchmarkPanel, panelToRows } from '#core/synthetic/benchmark/generator.ts';
import { applyInjections, type InjectionLabel } from '#core/synthetic/benchmark/injections.ts';
import type { BenchmarkRun, PlanOptions } from '#core/synthetic/benchmark/plan.ts';
import type { ScoredFinding } from '#core/synthetic/benchmark/score.ts';
import { benchmarkTransitions } from '#core/synthetic/benchmark/transitions.ts';

export interface RunResult {
  run: BenchmarkRun;
  labels: InjectionLabel[];
  findings: ScoredFinding[];
  errors: string[];
  gated: number;
  generateMs: number;
  engineMs: number;
  rows: number;
}

/**
 * A module and the name of what it exports: a CheckRegistry, or a function returning one. Workers
 * import it themselves (a registry holds functions and cannot be sent between threads).
 */
export interface RegistrySource {
  /** A file: URL or an absolute path. */
  module: string;
  exportName: string;
}

export const DEFAULT_REGISTRY_SOURCE: RegistrySource = {
  module: new URL('../../functions/core/engine/registry.ts', import.meta.url).href,
  exportName: 'defaultRegistry',
};

export async function loadRegistry(source: RegistrySource): Promise<CheckRegistry> {
  const mod = (await import(source.module)) as Record<string, unknown>;
  const value = mod[source.exportName];
  const registry = typeof value === 'function' ? (value as () => unknown)() : value;
  if (!registry || typeof (registry as CheckRegistry).list !== 'function')
    throw new Error(`${source.module} does not export a check registry as ${source.exportName}`);
  return registry as CheckRegistry;
}

/** The plan's dimensions a run needs to rebuild its panel. */
export type PanelShape = Required<Pick<PlanOptions, 'forces' | 'start' | 'months' | 'codes'>>;

/** A fixed run clock: findings carry it as created_at; the benchmark reads no clock into results. */
const RUN_NOW = new Date('2024-05-01T00:00:00.000Z');

/** The record-level arm scores reclassification only: the other signatures are the same as the aggregate arm's. */
function reclassificationOnly(registry: CheckRegistry): CheckRegistry {
  return new CheckRegistry({ decision: registry.decision }).registerAll(
    registry.list().filter((c) => c.signature === 'reclassification'),
  );
}

export function executeRun(run: BenchmarkRun, registry: CheckRegistry, shape: PanelShape): RunResult {
  const t0 = performance.now();
  const clean = generateBenchmarkPanel({
    seed: run.seed,
    ...shape,
    start: run.start ?? shape.start,
    months: run.months ?? shape.months,
  });
  const { panel, labels } =
    run.injections.length > 0 ? applyInjections(clean, run.injections) : { panel: clean, labels: [] };
  const extract = run.extract === 'record_level';
  const all = panelToRows(panel, run.id, extract ? 'record_level' : 'monthly_aggregate');
  // A replay audits the data as it stood at dataEnd: later months do not exist yet.
  const end = run.dataEnd;
  const rows = end === undefined ? all : all.filter((r) => r.period_start <= end);
  const input: AuditInput = { current: rows, history: rows, notes: [], forces: [...panel.forces] };
  if (extract) input.transitions = benchmarkTransitions(panel, labels);
  const t1 = performance.now();
  const result = runChecks(extract ? reclassificationOnly(registry) : registry, input, {
    run_id: `bench-${run.id}`,
    now: RUN_NOW,
  });
  const t2 = performance.now();
  const findings: ScoredFinding[] = result.findings.map((f) => ({
    signature: f.signature,
    severity: f.severity,
    check_id: f.check_id,
    force_code: f.force_code,
    period_start: f.period_start,
    period_end: f.period_end,
    offence_group: f.offence_group,
    offence_subgroup: f.offence_subgroup,
    offence_code: f.offence_code,
    related_offence_code: f.related_offence_code,
  }));
  return {
    run,
    labels,
    findings,
    errors: result.errors.map((e) => `${e.check_id}@${e.rule_version}: ${e.message}`),
    gated: result.gated,
    generateMs: t1 - t0,
    engineMs: t2 - t1,
    rows: rows.length,
  };
}
