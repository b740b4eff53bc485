/**
 * A benchmark worker thread: builds the registry and the plan's panel shape once, then executes the
 * runs the main thread sends (by index into clean, controls, positive) and posts each result back.
 * The engine is single-threaded, so on a machine with several cores the runs share them this way.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  allRuns,
  type BenchmarkRun,
  type PlanOptions,
  planBenchmark,
} from '#core/synthetic/benchmark/plan.ts';
import { executeRun, loadRegistry, type RegistrySource } from './execute.ts';

export interface WorkerInput {
  plan: PlanOptions;
  source: RegistrySource;
}

const port = parentPort;
if (!port) throw new Error('worker.ts runs as a worker thread only');
const { plan: options, source } = workerData as WorkerInput;
const plan = planBenchmark(options);
const runs: BenchmarkRun[] = allRuns(plan);
const registry = await loadRegistry(source);
const shape = { forces: plan.forces, start: plan.start, months: plan.months, codes: plan.codes };

port.on('message', (index: number) => {
  const run = runs[index];
  if (!run) throw new Error(`no run ${index}`);
  port.postMessage({ index, result: executeRun(run, registry, shape) });
});
port.postMessage({ ready: true });
