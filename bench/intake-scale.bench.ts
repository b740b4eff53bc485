/**
 * One monthly upload's intake against a growing lake. An upload reads its own force's submissions
 * and one current snapshot per other force for peer context (S3ReturnsRepository.loadForAudit), so
 * its S3 calls grow with its force's history and the number of forces, not with the number of
 * revisions in the lake; its CPU and memory still grow with the series' length, which the checks
 * read for every force. For each lake size Y (years) the lake is
 * 44 forces × 12·Y monthly submissions, one CSV of 30 offence codes per force per month
 * (bench/intake/scale-lake.ts), in the in-memory S3 of the intake harness; then three forces each
 * upload the next month, one after another, through the deployed intake stack (harness.deliver).
 * Each size runs in two child processes of its own: one seeds the lake and writes its objects to a
 * temp directory, the other loads them into a fresh S3 and times the uploads, so that its memory
 * holds the lake and the intake, not the seeding or another size. Figures only; nothing is asserted.
 *
 *   npm run bench:intake-scale
 *   npm run bench:intake-scale -- --years 1          # the smallest lake only
 *   npm run bench:intake-scale -- --years 10 --cpu-prof   # also a CPU profile of the timed child
 *   npm run bench:intake-scale -- --s3-ms 20         # every S3 call held 20 ms, as a real one takes
 *
 * Columns, one row per lake size:
 *   years, submissions   the lake: 44 × 12·Y monthly submissions before the uploads
 *   curated              objects under curated/ (a Parquet object and a manifest per submission)
 *   lake MB              bytes of every object in both buckets (raw copies, curated, findings, runs)
 *   seed s               committing the submissions through the S3 ReturnsRepository (not timed below)
 *   national s           the national run that seeds each force's findings
 *   intake s             wall time of one upload's delivery, the median of the three uploads
 *   × 1y                 that time over the 1-year lake's (when the 1-year lake was run)
 *   cpu s                the process's CPU time (user + system, GC threads included) during it: on a
 *                        busy machine (see the load average printed first) less inflated than wall time
 *   ingest … write s     the median upload's phases (bench/intake/scale-intake.ts says where each ends)
 *   GET, LIST, HEAD, PUT the S3 calls the median upload made; GET MB the bytes those GETs returned
 *   RSS MB               resident memory of the timed process after loading the lake (and a GC)
 *   peak MB              its peak RSS (process.resourceUsage().maxRSS) by the end of the three uploads
 *   growth MB            peak MB − RSS MB: what the intakes added at their highest
 * The in-memory S3 answers at once, so intake s has none of S3's latency unless --s3-ms adds it; and
 * RSS MB includes the lake itself, which a Lambda would not hold (its own peak is about growth MB
 * over the runtime's baseline).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addMonths } from '#core/series/months.ts';
import { PREFIXES } from '#store/layout.ts';
import { HARNESS_BUCKETS, type IntakeHarness, intakeHarness } from '#test-support/intake-harness.ts';
import { type TimedUpload, timeUploads } from './intake/scale-intake.ts';
import {
  LAST_LAKE_MONTH,
  loadBuckets,
  type MonthlyFile,
  monthlyFiles,
  saveBuckets,
  seedLake,
  uploadTime,
} from './intake/scale-lake.ts';

const SELF = fileURLToPath(import.meta.url);
const arg = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const MB = 1024 * 1024;
/** Which forces upload the next month: the first, a middle and the last of the generator's order. */
const UPLOADERS = [0, 21, 43];

interface SeedResult {
  submissions: number;
  curated: number;
  returnsSeconds: number;
  findingsSeconds: number;
  findings: number;
}

interface IntakeResult {
  lakeBytes: number;
  rssBefore: number;
  peak: number;
  uploads: TimedUpload[];
}

async function harness(): Promise<IntakeHarness> {
  const h = await intakeHarness();
  // Metrics are off here; publishing would only print "no application metrics" per invocation.
  const { metrics } = await import('#handlers/shared/powertools.ts');
  metrics.publishStoredMetrics = () => metrics;
  return h;
}

async function seedChild(years: number, dir: string): Promise<SeedResult> {
  const h = await harness();
  const files = monthlyFiles(years, 1);
  const lake = files.filter((f) => f.month <= LAST_LAKE_MONTH);
  const forces = [...new Set(files.map((f) => f.force))];
  const next = files.filter((f) => f.month > LAST_LAKE_MONTH);
  const uploads = UPLOADERS.map((i) => next.find((f) => f.force === forces[i]) as MonthlyFile);
  const seeded = await seedLake(h, lake);
  await saveBuckets(h.s3, join(dir, 'buckets'));
  await writeFile(join(dir, 'uploads.json'), JSON.stringify(uploads));
  const curated = h.s3.keys(HARNESS_BUCKETS.returns, PREFIXES.curated).length;
  h.close();
  return { ...seeded, curated };
}

async function intakeChild(dir: string, s3Ms: number): Promise<IntakeResult> {
  const h = await harness();
  const lakeBytes = await loadBuckets(h.s3, join(dir, 'buckets'));
  const files = JSON.parse(await readFile(join(dir, 'uploads.json'), 'utf8')) as MonthlyFile[];
  const forces = files.map((f) => f.force);
  if (s3Ms > 0) h.s3.delay = () => s3Ms;
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage().rss;
  const uploads = await timeUploads(
    h,
    files.map((file) => ({ file, at: uploadTime(file.month, forces.indexOf(file.force)) })),
  );
  const peak = process.resourceUsage().maxRSS * 1024;
  h.close();
  return { lakeBytes, rssBefore, peak, uploads };
}

/** Runs this file as a child and returns the JSON line it prints last. */
function child<T>(args: string[], nodeFlags: string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...nodeFlags, ...process.execArgv, SELF, '--child', ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    p.on('error', reject);
    p.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`child ${args.join(' ')} exited with ${code}: ${out}`));
      else resolve(JSON.parse(last) as T);
    });
  });
}

const median = <T>(xs: T[], by: (x: T) => number): T =>
  [...xs].sort((a, b) => by(a) - by(b))[Math.floor(xs.length / 2)] as T;

interface Row {
  years: number;
  seed: SeedResult;
  intake: IntakeResult;
}

const mid = (r: Row) => median(r.intake.uploads, (u) => u.seconds);
const fixed = (n: number, digits: number) => n.toFixed(digits);

/** Each column: its heading, and its cell from the lake's row, its median upload and the 1-year row. */
const COLUMNS: ReadonlyArray<[string, (r: Row, u: TimedUpload, base: Row | undefined) => string]> = [
  ['years', (r) => String(r.years)],
  ['submissions', (r) => String(r.seed.submissions)],
  ['curated', (r) => String(r.seed.curated)],
  ['lake MB', (r) => fixed(r.intake.lakeBytes / MB, 1)],
  ['seed s', (r) => fixed(r.seed.returnsSeconds, 1)],
  ['national s', (r) => fixed(r.seed.findingsSeconds, 1)],
  ['intake s', (_, u) => fixed(u.seconds, 2)],
  ['× 1y', (_, u, base) => (base ? fixed(u.seconds / mid(base).seconds, 2) : '–')],
  ['cpu s', (_, u) => fixed(u.cpuSeconds, 2)],
  ['ingest s', (_, u) => fixed(u.phases.ingest, 2)],
  ['load s', (_, u) => fixed(u.phases.load, 2)],
  ['checks s', (_, u) => fixed(u.phases.checks, 2)],
  ['write s', (_, u) => fixed(u.phases.write, 2)],
  ['GET', (_, u) => String(u.calls.get)],
  ['LIST', (_, u) => String(u.calls.list)],
  ['HEAD', (_, u) => String(u.calls.head)],
  ['PUT', (_, u) => String(u.calls.put)],
  ['GET MB', (_, u) => fixed(u.getBytes / MB, 1)],
  ['RSS MB', (r) => fixed(r.intake.rssBefore / MB, 0)],
  ['peak MB', (r) => fixed(r.intake.peak / MB, 0)],
  ['growth MB', (r) => fixed((r.intake.peak - r.intake.rssBefore) / MB, 0)],
];

function table(rows: Row[]): string[] {
  const base = rows.find((r) => r.years === 1);
  const cells = [
    COLUMNS.map(([heading]) => heading),
    ...rows.map((r) => COLUMNS.map(([, cell]) => cell(r, mid(r), base))),
  ];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((line) => (line[i] as string).length)));
  return cells.map((line) => line.map((c, i) => c.padStart(widths[i] as number)).join('  '));
}

async function parent(): Promise<void> {
  const sizes = (arg('years') ?? '1,5,10').split(',').map(Number);
  if (sizes.some((y) => !Number.isInteger(y) || y < 1)) throw new Error('--years needs whole numbers ≥ 1');
  const s3Ms = Number(arg('s3-ms') ?? 0);
  const profile = process.argv.includes('--cpu-prof');
  console.log(
    `intake scale: 44 forces × 30 codes, one submission per force per month; three forces upload ` +
      `${addMonths(LAST_LAKE_MONTH, 1)}, one after another; S3 calls held ${s3Ms} ms; ` +
      `Node ${process.version}, ${availableParallelism()} cores, load average ${loadavg()[0]?.toFixed(1)}`,
  );
  const rows: Row[] = [];
  for (const years of sizes) {
    const dir = await mkdtemp(join(tmpdir(), `intake-scale-${years}y-`));
    try {
      const seed = await child<SeedResult>(['seed', '--years', String(years), '--dir', dir]);
      const flags = ['--expose-gc', ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${tmpdir()}`] : [])];
      const intake = await child<IntakeResult>(['intake', '--dir', dir, '--s3-ms', String(s3Ms)], flags);
      for (const u of intake.uploads) {
        if (u.status !== 'ingested')
          throw new Error(`${years} y: the upload of ${u.force} ${u.month} was ${u.status}`);
      }
      rows.push({ years, seed, intake });
      console.log(
        `  ${years} y: intakes ${intake.uploads.map((u) => `${u.force} ${u.seconds.toFixed(2)} s`).join(', ')}; ` +
          `${seed.findings} findings seeded`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  for (const line of table(rows)) console.log(line);
  if (profile) console.log(`CPU profiles of the timed children: ${tmpdir()}/CPU.*.cpuprofile`);
}

// The SDK's Node.js support notice says nothing about the intake.
process.removeAllListeners('warning');

if (process.argv.includes('--child')) {
  const dir = arg('dir') as string;
  const result =
    arg('child') === 'seed'
      ? await seedChild(Number(arg('years')), dir)
      : await intakeChild(dir, Number(arg('s3-ms') ?? 0));
  console.log(JSON.stringify(result));
} else {
  await parent();
}
