/**
 * Bundles the `auditor` command (functions/cli/main.ts and everything it imports) into one ES module,
 * dist/cli/main.mjs, which bin/auditor.mjs loads instead of compiling the TypeScript through tsx on
 * every start. `npm ci` and a bare `npm install` run it (the `prepare` script), so a fresh clone has
 * it; `npm install <package>` does not, but it rewrites the lock file, which bin/auditor.mjs takes as
 * a sign the bundle is out of date.
 *
 * The bundle sits two folders below the repository, as functions/cli/main.ts does, so the paths the
 * CLI resolves from its own location (package.json for --version, node_modules for uPlot's files)
 * still hold. DuckDB's native binding cannot be bundled and stays a package; so does the AWS SDK,
 * which only `query --athena` loads. Plain JavaScript, so that it needs no loader.
 *
 *   npm run build:cli
 */
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // An install without devDependencies: the command still runs, from the TypeScript through tsx.
  console.warn('build-cli: esbuild is not installed; bin/auditor.mjs will run the TypeScript sources');
  process.exit(0);
}

// Chunk names carry a content hash: clear the old ones rather than let them pile up.
rmSync(resolve(REPO, 'dist/cli'), { recursive: true, force: true });
await esbuild.build({
  entryPoints: [resolve(REPO, 'functions/cli/main.ts')],
  outdir: resolve(REPO, 'dist/cli'),
  outExtension: { '.js': '.mjs' },
  // The commands a start does not need (query, report, findings, Athena) stay in chunks loaded on use,
  // as their dynamic imports do from the sources; the chunks sit beside main.mjs, at its depth.
  splitting: true,
  chunkNames: '[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@duckdb/*', '@aws-sdk/*'],
  // Some bundled CommonJS dependencies call `require` for Node built-ins, which ESM lacks.
  banner: {
    js: "import { createRequire as __auditorCreateRequire } from 'node:module'; const require = __auditorCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
