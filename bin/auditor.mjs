#!/usr/bin/env node
// The `auditor` command. It runs dist/cli/main.mjs, the bundle `npm ci` builds (scripts/build-cli.mjs),
// when that is newer than every file under functions/ and the lock file; otherwise, on a clone not yet
// built or just edited, the TypeScript itself through tsx's loader. Compiling the sources costs about
// a second of CPU at every start; comparing the dates costs milliseconds.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// A reader that stops early (`auditor query ... | head`) is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const repo = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(repo, 'dist/cli/main.mjs');

function bundleIsCurrent() {
  try {
    const built = statSync(bundle).mtimeMs;
    const newer = (path) => statSync(path).mtimeMs > built;
    if (newer(join(repo, 'package-lock.json'))) return false;
    const sources = readdirSync(join(repo, 'functions'), { recursive: true, withFileTypes: true });
    return !sources.some((entry) => entry.isFile() && newer(join(entry.parentPath, entry.name)));
  } catch {
    return false; // no bundle yet (or a file vanished while we looked): run the sources
  }
}

let main;
if (bundleIsCurrent()) {
  ({ main } = await import(pathToFileURL(bundle).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../functions/cli/main.ts'));
}
process.exitCode = await main(process.argv);
