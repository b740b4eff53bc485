/** Checks that --out names an existing audit directory before a read-only command opens it. */
import { stat } from 'node:fs/promises';
import { UsageError } from './usage-error.ts';

export async function requireAuditDir(out: string): Promise<void> {
  const info = await stat(out).catch(() => null);
  if (!info?.isDirectory()) {
    throw new UsageError(`no audit directory at ${out}: run "auditor audit <files> --out ${out}" first`);
  }
}
