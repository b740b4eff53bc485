/**
 * Bundles each Lambda handler as the deployment does (esbuild with HANDLER_BUNDLE, the settings
 * lib/constructs/audit-function.ts deploys with) and prints its size (code only; the source map and
 * the licence comments are separate files). Fails (exit 1) when
 * a bundle reaches 1.25 MiB or contains DuckDB: handlers read and write Parquet with hyparquet, and the
 * native DuckDB binding belongs to the CLI only.
 *
 *   npm run bundle:sizes
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { HANDLER_BUNDLE } from '../lib/constructs/audit-function.ts';

export const REPO = resolve(import.meta.dirname, '..');
export const HANDLERS = ['intake', 'plan-audit', 'force-audit', 'findings-digest'] as const;
/**
 * 1.25 MiB: the handlers are a quarter zod (270 KB minified) and the checks; the budget keeps cold
 * starts short and catches a heavy dependency (DuckDB's binding is tens of MB), not a feature.
 */
export const MAX_BUNDLE_BYTES = 1.25 * 1024 * 1024;

export interface BundleReport {
  handler: string;
  bytes: number;
  /** Bundled inputs from the DuckDB packages or the engine that loads them (must be none). */
  duckdbInputs: string[];
}

/** Bundles one handler; with `writeTo`, also writes `<writeTo>/<name>.mjs` (to load it in a test). */
export async function bundleHandler(name: string, writeTo?: string): Promise<BundleReport> {
  const result = await build({
    entryPoints: [resolve(REPO, 'functions/handlers', `${name}.ts`)],
    bundle: true,
    write: false,
    platform: 'node',
    ...HANDLER_BUNDLE,
    mainFields: [...HANDLER_BUNDLE.mainFields],
    external: [...HANDLER_BUNDLE.external],
    metafile: true,
    outfile: `${name}.mjs`,
    logLevel: 'silent',
  });
  const code = result.outputFiles.find((f) => f.path.endsWith('.mjs'));
  if (!code) throw new Error(`esbuild wrote no ${name}.mjs`);
  if (writeTo) {
    await mkdir(writeTo, { recursive: true });
    await writeFile(join(writeTo, `${name}.mjs`), code.contents);
  }
  const bytes = code.contents.byteLength;
  // adapters/duckdb/views.ts is plain SQL text shared with Athena; the engine and the binding are not.
  const duckdbInputs = Object.keys(result.metafile.inputs).filter(
    (p) => /node_modules\/@?duckdb/.test(p) || p.endsWith('adapters/duckdb/engine.ts'),
  );
  return { handler: name, bytes, duckdbInputs };
}

async function main(): Promise<number> {
  let failed = false;
  for (const name of HANDLERS) {
    const r = await bundleHandler(name);
    const kb = (r.bytes / 1024).toFixed(1);
    const problems = [
      ...(r.bytes >= MAX_BUNDLE_BYTES ? ['over 1.25 MiB'] : []),
      ...(r.duckdbInputs.length > 0 ? [`contains DuckDB: ${r.duckdbInputs.join(', ')}`] : []),
    ];
    process.stdout.write(
      `${name.padEnd(16)} ${kb.padStart(8)} KB${problems.length ? `  FAIL: ${problems.join('; ')}` : ''}\n`,
    );
    failed ||= problems.length > 0;
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
