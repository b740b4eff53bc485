/**
 * Fails when a source file grows past 450 lines (the size at which a file starts doing several jobs).
 * The synthetic data generators are exempt: they are long tables of planted scenarios, not logic.
 * Run by `npm run lint:sizes`, which `npm test` calls, so CI keeps the limit.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MAX_LINES = 450;
const SOURCE = /\.(ts|mts|mjs|cjs)$/;
const EXEMPT = /^functions\/core\/synthetic\//;

const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => SOURCE.test(f) && !EXEMPT.test(f));

const over = tracked
  .map((file) => ({ file, lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
  .filter((f) => f.lines > MAX_LINES)
  .sort((a, b) => b.lines - a.lines);

for (const f of over) console.error(`${f.file}: ${f.lines} lines (limit ${MAX_LINES}); split it by job`);
console.log(`${tracked.length} source files checked, ${over.length} over ${MAX_LINES} lines`);
process.exit(over.length > 0 ? 1 : 0);
