/**
 * The handler bundles as deployed: under MAX_BUNDLE_BYTES, without DuckDB, and loadable by plain Node as ESM
 * (a bundle that only fails when Lambda loads it is the failure this catches).
 */
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleHandler, HANDLERS, MAX_BUNDLE_BYTES, REPO } from '#scripts/bundle-sizes.ts';

// Inside the repository so that the external @aws-sdk/* packages resolve from its node_modules.
const OUT = join(REPO, 'node_modules', '.cache', `auditor-bundle-test-${process.pid}`);
afterAll(() => rm(OUT, { recursive: true, force: true }));

describe('handler bundles', () => {
  it.each(HANDLERS)('%s bundles under the size budget without DuckDB, and loads', async (name) => {
    const report = await bundleHandler(name, OUT);
    expect(report.bytes).toBeGreaterThan(10_000);
    expect(report.bytes).toBeLessThan(MAX_BUNDLE_BYTES);
    expect(report.duckdbInputs).toEqual([]);

    const load = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(join(OUT, `${name}.mjs`))}); console.log(typeof m.handler);`,
      ],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, POWERTOOLS_SERVICE_NAME: name, POWERTOOLS_METRICS_NAMESPACE: 'Test' },
      },
    );
    expect(load.stderr).toBe('');
    expect(load.stdout.trim()).toBe('function');
  });
});
