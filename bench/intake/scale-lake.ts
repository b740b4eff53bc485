/**
 * The lake the intake-scale benchmark uploads into: 44 forces × Y years of monthly returns as forces
 * send them, one CSV (force_code,month,offence_code,recorded,cancelled) per force per month with 30
 * offence codes, from the detection benchmark's generator. Seeding reads each CSV with the intake's
 * reader and commits it through the S3 ReturnsRepository (raw copy, curated Parquet, manifest), so
 * the objects are those the intake would have written, without timing the handler. Then one national
 * run stores the findings the forces would have. The buckets are written to a directory, object for
 * object, so that the timed intake runs in a process whose memory holds the lake and nothing of the
 * seeding.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readReturnFile } from '#adapters/files/read-return.ts';
import { mapLimit } from '#adapters/shared/map-limit.ts';
import { runAudit } from '#app/audit.ts';
import { addMonths } from '#core/series/months.ts';
import { generateBenchmarkPanel, panelToRows } from '#core/synthetic/benchmark/generator.ts';
import type { FakeS3 } from '#test-support/fake-s3.ts';
import type { IntakeHarness } from '#test-support/intake-harness.ts';

/**
 * The codes of the example returns the generator has (all but 8Z), and eight more high-volume ones:
 * 30, about what a force's monthly return holds.
 */
export const LAKE_CODES = [
  ...['105A', '10D', '19C', '20A', '28E', '30C', '34B', '39', '44', '45', '46', '48'],
  ...['49', '56B', '58A', '58C', '5D', '8N', '8R', '8U', '92E', '9A'],
  ...['8L', '8Q', '34A', '28F', '30D', '58B', '58D', '9B'],
];
/** The lake's last month; the timed uploads are the month after. */
export const LAST_LAKE_MONTH = '2024-03';
export const MONTHLY_HEADER = 'force_code,month,offence_code,recorded,cancelled';

export interface MonthlyFile {
  force: string;
  month: string;
  /** File name as the force uploads it. */
  name: string;
  text: string;
}

/** Every force's monthly CSV for the Y years up to LAST_LAKE_MONTH and `extra` months after it. */
export function monthlyFiles(years: number, extra: number): MonthlyFile[] {
  const months = 12 * years + extra;
  const start = addMonths(LAST_LAKE_MONTH, 1 - 12 * years);
  const panel = generateBenchmarkPanel({ seed: 'intake-scale', codes: LAKE_CODES, start, months });
  const lines = new Map<string, string[]>();
  for (const r of panelToRows(panel)) {
    const key = `${r.force_code}|${r.period_start}`;
    const list = lines.get(key) ?? [];
    list.push(`${r.force_code},${r.period_start},${r.offence_code},${r.recorded},${r.cancelled}`);
    lines.set(key, list);
  }
  const files: MonthlyFile[] = [];
  // Month by month, every force's file: the order the forces upload them in.
  for (const month of panel.months) {
    for (const force of panel.forces) {
      const body = lines.get(`${force}|${month}`) ?? [];
      files.push({
        force,
        month,
        name: `${force}-${month}.csv`,
        text: `${[MONTHLY_HEADER, ...body].join('\n')}\n`,
      });
    }
  }
  return files;
}

/** When a force uploads a month's return: the tenth of the next month, a minute per force apart. */
export function uploadTime(month: string, forceIndex: number): Date {
  return new Date(Date.parse(`${addMonths(month, 1)}-10T09:00:00Z`) + forceIndex * 60_000);
}

export interface Seeded {
  submissions: number;
  returnsSeconds: number;
  findingsSeconds: number;
  findings: number;
}

/** Commits every file as its force's submission, then stores each force's findings of one national run. */
export async function seedLake(h: IntakeHarness, files: readonly MonthlyFile[]): Promise<Seeded> {
  const t0 = performance.now();
  const forces = [...new Set(files.map((f) => f.force))];
  const tmp = await mkdtemp(join(tmpdir(), 'intake-scale-seed-'));
  try {
    // A few at a time: each is small, and the reader and Parquet writer await between steps.
    await mapLimit(
      files.map((f, i) => ({ f, i })),
      8,
      async ({ f, i }) => {
        const path = join(tmp, `${i}-${f.name}`);
        await writeFile(path, f.text);
        const at = uploadTime(f.month, forces.indexOf(f.force));
        const read = await readReturnFile(path, {
          submitted_at: at,
          processed_at: at,
          run_id: `seed-${f.month}`,
          displayName: f.name,
        });
        if (!read.ok) throw new Error(`seed file ${f.name} is invalid: ${read.report.issues[0]?.message}`);
        await h.store.returns.putSubmission({
          fileName: f.name,
          inputSha256: read.input_sha256,
          rawPath: path,
          rows: read.rows,
          notes: read.notes,
          transitions: read.transitions ?? [],
          cohorts: read.cohorts ?? [],
        });
        await rm(path);
      },
    );
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  const t1 = performance.now();
  const national = await runAudit(h.store, {
    files: [],
    runId: '20240410T020000Z-national',
    kind: 'scheduled',
    registry: h.registry,
    clock: () => new Date(),
    read: () => Promise.reject(new Error('the national run reads no files')),
  });
  return {
    submissions: files.length,
    returnsSeconds: (t1 - t0) / 1000,
    findingsSeconds: (performance.now() - t1) / 1000,
    findings: national.findings.length,
  };
}

/** Writes every object of every bucket to `<dir>/<bucket>/<key>` (current versions only). */
export async function saveBuckets(s3: FakeS3, dir: string): Promise<void> {
  for (const [bucket, objects] of s3.buckets) {
    await mapLimit([...objects], 16, async ([key, bytes]) => {
      const path = join(dir, bucket, key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, bytes);
    });
  }
}

/** Puts back what saveBuckets wrote, as new objects; returns how many bytes the lake holds. */
export async function loadBuckets(s3: FakeS3, dir: string): Promise<number> {
  let bytes = 0;
  for (const bucket of s3.buckets.keys()) {
    const entries = await readdir(join(dir, bucket), { recursive: true, withFileTypes: true });
    const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    for (const path of files) {
      const data = new Uint8Array(await readFile(path));
      s3.putText(bucket, path.slice(join(dir, bucket).length + 1), data);
      bytes += data.length;
    }
  }
  return bytes;
}
