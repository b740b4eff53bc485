/**
 * Detection benchmark (METHODS §6): generates clean and injected national monthly returns, runs the
 * production check registry on each through the real engine, and scores recall, false flags,
 * precision, time to detect and the smallest effect found, against the targets.
 *
 *   npm run bench:detection                 # all 144 codes; 5 clean seeds, 24 injected runs, 1 control
 *                                           # seed, 2 time-to-detect replays (6 truncations each)
 *   npm run bench:detection -- --quick      # the 56 core codes; 2 clean seeds, 12 injected runs, 1 control
 *                                           # seed, no replay
 *   options: --clean N  --runs N  --controls N  --replays N  --codes core|all  --jobs N  --salt S  --json FILE  --no-timing
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
    else if (a === '--replays') args.replays = int(next(), a);
    else if (a === '--codes') {
      const v = next();
      if (v !== 'core' && v !== 'all') throw new Error('--codes is core or all');
      args.codes = v;
    } else if (a === '--salt') args.salt = next() ?? args.salt;
    else if (a === '--json') args.json = next();
    else if (a === '--no-timing') args.timing = false;
    else if (a === '--jobs') args.jobs = Math.max(1, int(next(), a));
    else throw new Error(`unknown option ${a}`);
  }
  return args;
}

await runDetectionBenchmark(DEFAULT_REGISTRY_SOURCE, parseArgs(process.argv.slice(2)));
