/**
 * Ingest benchmark (issue #13): one run writes a record-level extract of one force (default
 * 1,000,000 rows over two years), then times, each in a fresh process with its peak resident memory:
 *   - the reference: DuckDB, one thread, typed read_csv, force × month × code to Parquet;
 *   - the whole `auditor audit extract.csv --out DIR` (ingest, Parquet, checks);
 *   - the intake handler on the same file (the deployed stack over the tests' in-memory S3).
 * It prints each side's wall time, CPU time and peak, and the audit's ratios to the reference; the
 * target is at most 2× the reference and 256 MB. On a busy machine trust the CPU ratio: wall time
 * then includes waiting for a core, which a longer process does more of. With --runs N each side runs N times and the median is shown.
 *
 *   npm run bench:ingest                        # 1,000,000 rows, one run
 *   npm run bench:ingest -- 200000 --runs 3     # another size, median of 3
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RECORD_LEVEL_HEADER } from '../functions/core/synthetic/csv.ts';
import { createRng } from '../functions/core/synthetic/rng.ts';

const CODES = [
  '8N',
  '105A',
  '5D',
  '8R',
  '8U',
  '28E',
  '58A',
  '46',
  '45',
  '34B',
  '39',
  '19C',
  '17A',
  '56B',
  '49',
];
const FORCE = 'greater-manchester';
const TARGET_RATIO = 2;
const TARGET_PEAK_MB = 256;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** One force, 2022–2023; 5% reclassified, 3% cancelled some days later, 1% transferred. */
async function writeExtract(path: string, rows: number): Promise<void> {
  const rng = createRng('bench-ingest');
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(`${RECORD_LEVEL_HEADER.join(',')}\n`);
  for (let i = 0; i < rows; i++) {
    const monthIndex = Math.floor((i / rows) * 24);
    const year = 2022 + Math.floor(monthIndex / 12);
    const month = 1 + (monthIndex % 12);
    const day = 1 + rng.int(0, 27);
    const date = `${year}-${pad2(month)}-${pad2(day)}`;
    const code = CODES[rng.int(0, CODES.length - 1)] as string;
    const original = rng.uniform() < 0.05 ? (CODES[rng.int(0, CODES.length - 1)] as string) : code;
    const u = rng.uniform();
    const status = u < 0.03 ? 'cancelled' : u < 0.04 ? 'transferred' : 'recorded';
    const statusDate = status === 'recorded' ? date : `${year}-${pad2(month)}-${pad2(Math.min(28, day + 1))}`;
    const id = `GMP-${year}-${String(i).padStart(7, '0')}`;
    await write(
      `${id},${FORCE},${date},${code},${original},${status},${statusDate},${status === 'cancelled' ? 'C2' : ''}\n`,
    );
  }
  out.end();
  await once(out, 'finish');
}

if (process.argv[2] === '--write') {
  await writeExtract(process.argv[3] as string, Number(process.argv[4]));
  process.exit(0);
}

interface Timed {
  seconds: number;
  cpuSeconds: number;
  peakMb: number;
  stdout: string;
}

const PEAK_PRELOAD = resolve(import.meta.dirname, 'ingest/peak-rss.mjs');

/**
 * One node process with the peak preload (plain JavaScript, so it needs no loader), timed from spawn
 * to exit. TypeScript scripts get tsx; bin/auditor.mjs runs its bundle (built below), as for a user.
 */
function timeNode(args: readonly string[], peakFile: string): Timed {
  rmSync(peakFile, { force: true });
  const t0 = performance.now();
  const loader = args[0]?.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawnSync(process.execPath, ['--import', PEAK_PRELOAD, ...loader, ...args], {
    encoding: 'utf8',
    env: { ...process.env, BENCH_PEAK_FILE: peakFile },
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed (${child.status}): ${child.stderr}`);
  const usage = JSON.parse(readFileSync(peakFile, 'utf8')) as { peakBytes: number; cpuSeconds: number };
  return { seconds, cpuSeconds: usage.cpuSeconds, peakMb: usage.peakBytes / 1e6, stdout: child.stdout };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

const { values, positionals } = parseArgs({
  options: { runs: { type: 'string', default: '1' } },
  allowPositionals: true,
});
const rows = Number(positionals[0] ?? 1_000_000);
const runs = Number(values.runs);
if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(runs) || runs < 1)
  throw new Error('usage: ingest.bench.ts [rows] [--runs N]');

const dir = mkdtempSync(join(tmpdir(), 'auditor-bench-'));
const file = join(dir, 'extract.csv');
const peakFile = join(dir, 'peak');
const here = import.meta.dirname;
try {
  const gen = spawnSync(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, '--write', file, String(rows)],
    {
      stdio: 'inherit',
    },
  );
  if (gen.status !== 0) throw new Error('could not write the extract');
  // The audit is timed as `npm ci` leaves it: from the bundle, not compiled through tsx at start.
  const built = spawnSync(process.execPath, [join(here, '../scripts/build-cli.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('could not bundle the CLI');
  const bytes = statSync(file).size;

  const reference: Timed[] = [];
  const audit: Timed[] = [];
  const intake: Array<Timed & { handlerSeconds: number }> = [];
  for (let run = 0; run < runs; run++) {
    const parquet = join(dir, `reference-${run}.parquet`);
    reference.push(timeNode([join(here, 'ingest/duckdb-reference.ts'), file, parquet], peakFile));
    const out = join(dir, `out-${run}`);
    audit.push(
      timeNode([join(here, '../bin/auditor.mjs'), 'audit', file, '--out', out, '--quiet'], peakFile),
    );
    const i = timeNode([join(here, 'ingest/intake-run.ts'), file, FORCE], peakFile);
    intake.push({ ...i, handlerSeconds: (JSON.parse(i.stdout) as { seconds: number }).seconds });
  }

  const med = (xs: readonly Timed[], f: (t: Timed) => number) => median(xs.map(f));
  const refSeconds = med(reference, (r) => r.seconds);
  const auditSeconds = med(audit, (r) => r.seconds);
  const ratio = auditSeconds / refSeconds;
  const cpuRatio = med(audit, (r) => r.cpuSeconds) / med(reference, (r) => r.cpuSeconds);
  const auditPeak = med(audit, (r) => r.peakMb);
  const line = (label: string, text: string) => console.log(`  ${label.padEnd(28)}${text}`);
  const side = (xs: readonly Timed[]) =>
    `${med(xs, (r) => r.seconds).toFixed(2)} s wall, ${med(xs, (r) => r.cpuSeconds).toFixed(2)} s CPU, peak ${med(xs, (r) => r.peakMb).toFixed(0)} MB`;
  const met = (ok: boolean) => (ok ? 'met' : 'not met');
  console.log(
    `ingest benchmark (node ${process.version}, ${process.arch}; ${runs === 1 ? 'one run' : `median of ${runs}`}; load ${loadavg()[0]!.toFixed(2)})`,
  );
  line('extract', `${rows.toLocaleString('en-GB')} rows, one force (${(bytes / 1e6).toFixed(1)} MB)`);
  line('DuckDB reference (1 thread)', side(reference));
  line('auditor audit', side(audit));
  line(
    'ratio audit / reference',
    `${ratio.toFixed(2)}× wall, ${cpuRatio.toFixed(2)}× CPU (target ≤ ${TARGET_RATIO}×: ${met(ratio <= TARGET_RATIO)}; peak ≤ ${TARGET_PEAK_MB} MB: ${met(auditPeak <= TARGET_PEAK_MB)})`,
  );
  line(
    'intake handler (in-process)',
    `${median(intake.map((r) => r.handlerSeconds)).toFixed(2)} s for the delivery; process ${side(intake)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
