/**
 * Detection benchmark (METHODS §6): generates clean and injected national monthly returns, runs the
 * production check registry on each through the real engine, and scores recall, false flags,
 * precision, time to detect and the smallest effect found, against the targets.
 *
 *   npm run bench:detection                 # all 144 codes; tuning seeds over 10 years: 5 clean, 24 injected;
 *                                           # short history (5 years from 2019-04): 3 clean, 12 injected;
 *                                           # held-out seeds: 10 years 3 clean, 12 injected, 5 years 2 clean,
 *                                           # 6 injected; 1 control seed (2 runs), 2 time-to-detect replays
 *                                           # (6 truncations each), the record-level arm on the tuning 10-year runs
 *   npm run bench:detection -- --quick      # the 56 core codes; tuning 10 years: 2 clean, 8 injected; short
 *                                           # history: 1 clean, 4 injected; held-out: 10 years 1 clean, 4
 *                                           # injected, 5 years 1 clean, 2 injected; 1 control seed; no replay;
 *                                           # record-level arm on 11 runs — 37 runs with the timing audit, about
 *                                           # 5 minutes on a quiet 2-core machine
 *   options: --clean N  --runs N  --short N  --holdout N  --holdout-salt S  --controls N  --replays N
 *            --codes core|all  --jobs N  --salt S  --json FILE  --figure FILE.svg  --no-timing
 * Every injected run carries ~22 injections in distinct forces: 3 targets, 3 grid effects per signature
 * and the 10 shapes (synthetic/benchmark/shapes.ts).
 *
 * Checks come from defaultRegistry() (imported by every worker thread), so newly registered checks are
 * benchmarked without changes here; a signature with no registered check is reported as such. Timing: the engine is single-threaded
 * JavaScript, so wall time on one core is what the < 10 s national-audit target is measured against.
 */
import { type BenchmarkArgs, runDetectionBenchmark } from './benchmark.ts';
import { DEFAULT_REGISTRY_SOURCE } from './execute.ts';

function parseArgs(argv: readonly string[]): BenchmarkArgs {
  const args: BenchmarkArgs = { quick: false, salt: 'bench', timing: true };
  const int = (v: string | undefined, name: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} needs a whole number, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => argv[++i];
    if (a === '--quick') args.quick = true;
    else if (a === '--clean') args.clean = int(next(), a);
    else if (a === '--runs') args.runs = int(next(), a);
    else if (a === '--controls') args.controls = int(next(), a);
    else if (a === '--short') args.shortRuns = int(next(), a);
    else if (a === '--holdout') args.holdoutRuns = int(next(), a);
    else if (a === '--holdout-salt') args.holdoutSalt = next() ?? 'holdout';
    else if (a === '--replays') args.replays = int(next(), a);
    else if (a === '--codes') {
      const v = next();
      if (v !== 'core' && v !== 'all') throw new Error('--codes is core or all');
      args.codes = v;
    } else if (a === '--salt') args.salt = next() ?? args.salt;
    else if (a === '--json') args.json = next();
    else if (a === '--figure') args.figure = next();
    else if (a === '--no-timing') args.timing = false;
    else if (a === '--jobs') args.jobs = Math.max(1, int(next(), a));
    else throw new Error(`unknown option ${a}`);
  }
  return args;
}

await runDetectionBenchmark(DEFAULT_REGISTRY_SOURCE, parseArgs(process.argv.slice(2)));
