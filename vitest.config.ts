import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // DuckDB and the CLI end-to-end tests hold native handles and spawn processes: forks isolate them.
    pool: 'forks',
    // s3rver (the integration tests' S3) encrypts ListObjectsV2 continuation tokens with DES, which
    // Node's OpenSSL 3 offers only with the legacy provider; it changes nothing for other tests.
    execArgv: ['--openssl-legacy-provider'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // In CI a JSON report as well, from which .ci/run prints a plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results.json' }]] : ['default'],
  },
});
