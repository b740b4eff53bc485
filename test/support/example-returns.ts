/** Force returns for handler tests, derived from the bundled examples (examples/returns/*.csv). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');

export function exampleReturn(force: string): string {
  return readFileSync(resolve(REPO, 'examples/returns', `${force}.csv`), 'utf8');
}

/** The example return with one count made negative: the data-quality check raises a high finding. */
export function withNegativeCount(csv: string, lineIndex = 1): string {
  const lines = csv.split('\n');
  const fields = (lines[lineIndex] ?? '').split(',');
  fields[3] = '-5';
  lines[lineIndex] = fields.join(',');
  return lines.join('\n');
}

/** The return with rows of another force appended (its first `count` data rows). */
export function withForeignRows(csv: string, foreignCsv: string, count: number): string {
  const foreign = foreignCsv
    .trimEnd()
    .split('\n')
    .slice(1, 1 + count);
  return `${csv.trimEnd()}\n${foreign.join('\n')}\n`;
}

/** One month of a force's example return as a file of its own, 8N scaled by `factor` (1: as filed). */
export function exampleMonth(force: string, month: string, factor = 1): string {
  const [header, ...rows] = exampleReturn(force).trimEnd().split('\n');
  const kept = rows
    .filter((l) => l.startsWith(`${force},${month},`))
    .map((l) => {
      const f = l.split(',');
      if (f[2] === '8N') f[3] = String(Math.round(Number(f[3]) * factor));
      return f.join(',');
    });
  return `${[header, ...kept].join('\n')}\n`;
}
