/**
 * The uploads of the intake chaos benchmark, from the bundled example returns: per force its history
 * up to two months before the end, then each of the last two months as a file of its own, and for
 * every fourth force a correction of the last month (8N lowered by 30%) uploaded an hour after it.
 * Each upload carries its S3 event time, increasing per force, so the intended current revision of
 * every force × month is known without running anything.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PlannedUpload {
  force: string;
  key: string;
  text: string;
  sha: string;
  eventTime: string;
  /** The months the file covers. */
  months: string[];
}

const BASE = Date.parse('2024-04-01T00:00:00.000Z');
const HOUR = 3_600_000;

export function planUploads(examplesDir: string, opts: { forces?: number } = {}): PlannedUpload[] {
  const files = readdirSync(examplesDir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .slice(0, opts.forces ?? Number.POSITIVE_INFINITY);
  const out: PlannedUpload[] = [];
  for (const [i, file] of files.entries()) {
    const force = file.replace(/\.csv$/, '');
    const [header, ...rows] = readFileSync(join(examplesDir, file), 'utf8').trimEnd().split('\n');
    const months = [...new Set(rows.map((r) => r.split(',')[1] as string))].sort();
    const last = months.slice(-2);
    const part = (keep: (m: string) => boolean, edit?: (fields: string[]) => void) => {
      const kept = rows
        .filter((r) => keep(r.split(',')[1] as string))
        .map((r) => {
          if (!edit) return r;
          const f = r.split(',');
          edit(f);
          return f.join(',');
        });
      return `${[header, ...kept].join('\n')}\n`;
    };
    const add = (name: string, text: string, at: number, covered: string[]) =>
      out.push({
        force,
        key: `uploads/${force}/${name}`,
        text,
        sha: createHash('sha256').update(text).digest('hex'),
        eventTime: new Date(at).toISOString(),
        months: covered,
      });
    add(
      `${force}-history.csv`,
      part((m) => !last.includes(m)),
      BASE + i * 1000,
      months.slice(0, -2),
    );
    for (const [d, month] of last.entries()) {
      add(
        `${force}-${month}.csv`,
        part((m) => m === month),
        BASE + (d + 1) * 24 * HOUR + i * 1000,
        [month],
      );
    }
    if (i % 4 === 0) {
      const month = last[1] as string;
      const lower = (f: string[]) => {
        if (f[2] === '8N') f[3] = String(Math.round(Number(f[3]) * 0.7));
      };
      add(
        `${force}-${month}-corrected.csv`,
        part((m) => m === month, lower),
        BASE + 2 * 24 * HOUR + HOUR + i * 1000,
        [month],
      );
    }
  }
  return out;
}

/** force|month → the sha of the upload with the latest event time covering it. */
export function intendedCurrent(uploads: readonly PlannedUpload[]): Map<string, string> {
  const best = new Map<string, PlannedUpload>();
  for (const u of uploads) {
    for (const m of u.months) {
      const k = `${u.force}|${m}`;
      const seen = best.get(k);
      if (!seen || u.eventTime > seen.eventTime) best.set(k, u);
    }
  }
  return new Map([...best].map(([k, u]) => [k, u.sha]));
}
