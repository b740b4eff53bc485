/**
 * Ingest benchmark: writes a record-level extract of N rows (default 1,000,000) in a child process,
 * then streams it through the real reader (validation, normalisation, aggregation) in this process
 * and prints the wall time, throughput and peak resident memory. Then times the whole CLI audit of
 * that file (ingest, Parquet, checks) in a fresh process.
 *
 *   npm run bench:ingest              # 1,000,000 rows
 *   npm run bench:ingest -- 200000    # another size
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readReturnFile } from '../functions/adapters/files/read-return.ts';
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
const FORCES = ['greater-manchester', 'kent', 'essex', 'thames-valley'];

async function writeExtract(path: string, rows: number): Promise<void> {
  const rng = createRng('bench-ingest');
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(`${RECORD_LEVEL_HEADER.join(',')}\n`);
  for (let i = 0; i < rows; i++) {
    const month = 1 + (i % 12);
    const day = 1 + rng.int(0, 27);
    const date = `2023-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const code = CODES[rng.int(0, CODES.length - 1)] as string;
    const original = rng.uniform() < 0.05 ? (CODES[rng.int(0, CODES.length - 1)] as string) : code;
    const u = rng.uniform();
    const status = u < 0.03 ? 'cancelled' : u < 0.04 ? 'transferred' : 'recorded';
    const force = FORCES[i % FORCES.length] as string;
    await write(
      `C${i},${force},${date},${code},${original},${status},${date},${status === 'cancelled' ? 'C2' : ''}\n`,
    );
  }
  out.end();
  await once(out, 'finish');
}

if (process.argv[2] === '--write') {
  await writeExtract(process.argv[3] as string, Number(process.argv[4]));
  process.exit(0);
}

const rows = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'auditor-bench-'));
const file = join(dir, 'extract.csv');
try {
  const gen = spawnSync(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, '--write', file, String(rows)],
    {
      stdio: 'inherit',
    },
  );
  if (gen.status !== 0) throw new Error('could not write the extract');
  const bytes = statSync(file).size;

  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const result = await readReturnFile(file, { submitted_at: new Date(), run_id: 'bench' });
  const seconds = (performance.now() - t0) / 1000;
  if (!result.ok) throw new Error(`extract rejected: ${JSON.stringify(result.report.issues.slice(0, 3))}`);
  const peakMb = process.resourceUsage().maxRSS / 1024;

  const t1 = performance.now();
  const cli = spawnSync(
    process.execPath,
    [resolve(import.meta.dirname, '../bin/auditor.mjs'), 'audit', file, '--out', join(dir, 'out'), '--quiet'],
    { encoding: 'utf8' },
  );
  const auditSeconds = (performance.now() - t1) / 1000;
  if (cli.status !== 0) throw new Error(`audit failed: ${cli.stderr}`);

  console.log(`record-level ingest benchmark (node ${process.version}, ${process.arch})`);
  console.log(`  rows                    ${rows.toLocaleString('en-GB')} (${(bytes / 1e6).toFixed(1)} MB)`);
  console.log(`  cells after aggregation ${result.rows.length.toLocaleString('en-GB')}`);
  console.log(
    `  ingest time             ${seconds.toFixed(2)} s (${Math.round(rows / seconds).toLocaleString('en-GB')} rows/s)`,
  );
  console.log(
    `  peak RSS (process)      ${peakMb.toFixed(0)} MB (RSS before ingest ${(rssBefore / 1e6).toFixed(0)} MB)`,
  );
  console.log(
    `  full CLI audit          ${auditSeconds.toFixed(2)} s (fresh process: ingest, Parquet, checks)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
