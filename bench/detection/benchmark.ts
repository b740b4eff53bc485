/**
 * The detection benchmark's driver: plans the scenarios, runs each through the engine with the
 * registry named by `source` (run.ts: defaultRegistry), on `jobs` worker threads, then summarises and
 * prints. The national-audit timing is measured afterwards on its own, in this thread, so that no
 * concurrent run shares its core.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BENCHMARK_OFFENCES, CORE_CODES } from '#core/synthetic/benchmark/offences.ts';
import {
  allRuns,
  type BenchmarkRun,
  HOLDOUT_SALT,
  type PlanOptions,
  planBenchmark,
} from '#core/synthetic/benchmark/plan.ts';
import { demoPrecision, formatDemoPrecision } from './demo-precision.ts';
import { executeRun, loadRegistry, type RegistrySource, type RunResult } from './execute.ts';
import { writePowerCurveSvg } from './power-curve.ts';
import { formatReport, type TimingSummary } from './report.ts';
import { summarise } from './summarise.ts';
import type { WorkerInput } from './worker.ts';

const NATIONAL_AUDIT_LIMIT_MS = 10_000;
const DEFAULT_FIGURE = 'bench/detection/out/power-curve.svg';

export interface BenchmarkArgs {
  quick: boolean;
  clean?: number;
  runs?: number;
  controls?: number;
  /** Seeds of the time-to-detect replay (8 truncated audits each). */
  replays?: number;
  /** `core`: the ~56 codes families and targets use (default with --quick); `all`: every non-fraud code. */
  codes?: 'core' | 'all';
  salt: string;
  json?: string;
  /** Where the power-curve SVG goes (default bench/detection/out/power-curve.svg). */
  figure?: string;
  timing: boolean;
  /** Worker threads (default: the machine's available parallelism); 1 runs everything in this thread. */
  jobs?: number;
  /** Injected runs of the short-history arm and of the held-out seed set (0: leave the cohort out). */
  shortRuns?: number;
  holdoutRuns?: number;
  holdoutSalt?: string;
}

/** Sizes of the quick and full plans (run.ts's header states them). */
export const PLAN_SIZES = {
  quick: {
    clean: 2,
    runs: 8,
    short: { clean: 1, runs: 4 },
    holdout: { clean: 1, runs: 4, short: { clean: 1, runs: 2 } },
  },
  full: {
    clean: 5,
    runs: 24,
    short: { clean: 3, runs: 12 },
    holdout: { clean: 3, runs: 12, short: { clean: 2, runs: 6 } },
  },
} as const;

export async function runDetectionBenchmark(source: RegistrySource, args: BenchmarkArgs): Promise<void> {
  const registry = await loadRegistry(source);
  const codeSet = args.codes ?? (args.quick ? 'core' : 'all');
  const sizes = args.quick ? PLAN_SIZES.quick : PLAN_SIZES.full;
  const shortRuns = args.shortRuns ?? sizes.short.runs;
  const holdoutRuns = args.holdoutRuns ?? sizes.holdout.runs;
  const planOptions: PlanOptions = {
    cleanSeeds: args.clean ?? sizes.clean,
    positiveRuns: args.runs ?? sizes.runs,
    ...(shortRuns > 0 ? { shortArm: { cleanSeeds: sizes.short.clean, positiveRuns: shortRuns } } : {}),
    ...(holdoutRuns > 0
      ? {
          holdout: {
            salt: args.holdoutSalt ?? HOLDOUT_SALT,
            cleanSeeds: sizes.holdout.clean,
            positiveRuns: holdoutRuns,
            short: {
              cleanSeeds: sizes.holdout.short.clean,
              positiveRuns: Math.ceil((holdoutRuns * sizes.holdout.short.runs) / sizes.holdout.runs),
            },
          },
        }
      : {}),
    controlSeeds: args.controls ?? 1,
    replaySeeds: args.replays ?? (args.quick ? 0 : 2),
    codes: codeSet === 'core' ? [...CORE_CODES] : BENCHMARK_OFFENCES.map((o) => o.code),
    salt: args.salt,
  };
  const plan = planBenchmark(planOptions);
  const runs: BenchmarkRun[] = allRuns(plan);
  const jobs = Math.max(1, Math.min(args.jobs ?? availableParallelism(), runs.length));

  const bySignature = ['reclassification', 'no_crime_spike', 'sudden_drop', 'data_quality'].map((s) => {
    const ids = registry
      .list()
      .filter((c) => c.signature === s)
      .map((c) => c.id);
    return `${s}: ${ids.length === 0 ? 'no check registered' : ids.join(', ')}`;
  });
  console.log(
    `Detection benchmark: ${plan.forces.length} forces × ${plan.codes.length} codes × ${plan.months} months from ${plan.start}; ` +
      `${plan.clean.length} clean seeds, ${plan.positive.length} injected runs (every arm and seed set), ${plan.controls.length} control runs, ` +
      `${plan.replays.length} replay runs; ` +
      `${jobs} worker thread${jobs === 1 ? '' : 's'}`,
  );
  console.log(`Registered checks — ${bySignature.join('; ')}`);

  const started = performance.now();
  let done = 0;
  const progress = (r: RunResult) => {
    done++;
    const counts = new Map<string, number>();
    for (const f of r.findings) counts.set(f.signature, (counts.get(f.signature) ?? 0) + 1);
    process.stderr.write(
      `  [${done}/${runs.length}] ${r.run.id}: ${r.labels.length} labels, ${r.findings.length} findings ` +
        `(${[...counts].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}), generate ${(r.generateMs / 1000).toFixed(1)} s, ` +
        `engine ${(r.engineMs / 1000).toFixed(1)} s\n`,
    );
  };
  const shape = { forces: plan.forces, start: plan.start, months: plan.months, codes: plan.codes };
  const results =
    jobs === 1
      ? runs.map((run) => {
          const r = executeRun(run, registry, shape);
          progress(r);
          return r;
        })
      : await runInWorkers(runs.length, jobs, { plan: planOptions, source }, progress);

  let timing: TimingSummary | null = null;
  if (args.timing) {
    // The national audit: every code, every force, ten years, alone on its core.
    const measured =
      jobs === 1 && codeSet === 'all'
        ? results.find((r) => r.run.role === 'clean')!
        : executeRun(
            { id: 'timing', seed: `${args.salt}-clean-1`, role: 'clean', injections: [] },
            registry,
            {
              ...shape,
              codes: BENCHMARK_OFFENCES.map((o) => o.code),
            },
          );
    timing = {
      forces: plan.forces.length,
      codes: BENCHMARK_OFFENCES.length,
      months: plan.months,
      rows: measured.rows,
      engineMs: measured.engineMs,
      cores: availableParallelism(),
      limitMs: NATIONAL_AUDIT_LIMIT_MS,
    };
  }

  const summary = summarise(plan, registry, results);
  console.log('');
  console.log(formatReport(plan, summary, timing));
  const figure = args.figure ?? DEFAULT_FIGURE;
  await writePowerCurveSvg(summary.powerPoints, figure);
  await writePowerCurveSvg(summary.powerPoints, figure.replace(/\.svg$/, '-by-shape.svg'), { byShape: true });
  console.log(`power curve written to ${figure} (and per shape beside it)`);
  console.log('');
  console.log(formatDemoPrecision(await demoPrecision()));
  console.log(
    `engine per run: median ${(median(summary.engineMs) / 1000).toFixed(2)} s over ${plan.codes.length} codes; ` +
      `total wall time ${((performance.now() - started) / 1000).toFixed(0)} s (Node ${process.version})`,
  );
  if (args.json) {
    writeFileSync(args.json, `${JSON.stringify(toJson(summary, timing), null, 2)}\n`);
    console.log(`summary written to ${args.json}`);
  }
}

/** Hands run indices to `jobs` workers as they become free; results come back in run order. */
function runInWorkers(
  count: number,
  jobs: number,
  input: WorkerInput,
  progress: (r: RunResult) => void,
): Promise<RunResult[]> {
  const results = new Array<RunResult | undefined>(count);
  let next = 0;
  let finished = 0;
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    const stopAll = () => {
      for (const w of workers) void w.terminate();
    };
    for (let j = 0; j < jobs; j++) {
      const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: input });
      workers.push(worker);
      const feed = () => {
        if (next < count) worker.postMessage(next++);
      };
      worker.on('message', (msg: { ready?: true; index?: number; result?: RunResult }) => {
        if (msg.result !== undefined && msg.index !== undefined) {
          results[msg.index] = msg.result;
          progress(msg.result);
          if (++finished === count) {
            stopAll();
            resolve(results as RunResult[]);
            return;
          }
        }
        feed();
      });
      worker.on('error', (e) => {
        stopAll();
        reject(e);
      });
    }
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.floor((s.length - 1) / 2)]!;
}

/** Maps become objects so the summary can be written as JSON. */
function toJson(value: unknown, timing: unknown): unknown {
  const convert = (v: unknown): unknown => {
    if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), convert(x)]));
    if (Array.isArray(v)) return v.map(convert);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, convert(x)]));
    return typeof v === 'number' && !Number.isFinite(v) ? null : v;
  };
  return { summary: convert(value), timing: convert(timing) };
}
