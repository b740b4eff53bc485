/**
 * Where the infrastructure finds the code and SQL it deploys. Resolved from this file rather than
 * the working directory, so `cdk synth` and the tests agree wherever they are started from.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The Lambda handlers: `<dir>/intake.ts`, `plan-audit.ts`, `force-audit.ts`, `findings-digest.ts`. */
export const HANDLERS_DIR = join(REPO_ROOT, 'functions', 'handlers');

/** The auditors' query library: one `<name>.sql` per query, first line `-- <description>`. */
export const QUERIES_DIR = join(REPO_ROOT, 'functions', 'queries');

/** The lock file esbuild bundling resolves dependencies against. */
export const LOCK_FILE = join(REPO_ROOT, 'package-lock.json');

/** The handler entry files, by role. */
export const HANDLER_FILES = {
  intake: 'intake.ts',
  planAudit: 'plan-audit.ts',
  forceAudit: 'force-audit.ts',
  digest: 'findings-digest.ts',
} as const;
