/**
 * Bundles each Lambda handler as the deployment does (esbuild with the NodejsFunction settings of
 * lib/constructs/audit-function.ts: ESM, minified, node22, names kept, the AWS SDK v3 left external
 * because the Lambda runtime provides it) and prints its size (code only; the source map is a
 * separate file). Fails (exit 1) when
 * a bundle reaches 1 MB or contains DuckDB: handlers read and write Parquet with hyparquet, and the
 * native DuckDB binding belongs to the CLI only.
 *
 *   npm run bundle:sizes
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const REPO = resolve(import.meta.dirname, '..');
export const HANDLERS = ['intake', 'plan-audit', 'force-audit'] as const;
export const MAX_BUNDLE_BYTES = 1024 * 1024;

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
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    keepNames: true,
    metafile: true,
    external: ['@aws-sdk/*'],
    outfile: `${name}.mjs`,
    logLevel: 'silent',
  });
  if (writeTo) {
    await mkdir(writeTo, { recursive: true });
    for (const f of result.outputFiles) await writeFile(join(writeTo, `${name}.mjs`), f.contents);
  }
  const bytes = result.outputFiles.reduce((n, f) => n + f.contents.byteLength, 0);
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
      ...(r.bytes >= MAX_BUNDLE_BYTES ? ['over 1 MB'] : []),
      ...(r.duckdbInputs.length > 0 ? [`contains DuckDB: ${r.duckdbInputs.join(', ')}`] : []),
    ];
    process.stdout.write(
      `${name.padEnd(12)} ${kb.padStart(8)} KB${problems.length ? `  FAIL: ${problems.join('; ')}` : ''}\n`,
    );
    failed ||= problems.length > 0;
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
