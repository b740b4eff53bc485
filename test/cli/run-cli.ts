/** Runs the real `auditor` command (bin/auditor.mjs) in a child process, as a user would. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');
export const REAL_DATA = resolve(REPO, '../shared/data/real');
const BIN = join(REPO, 'bin/auditor.mjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function auditor(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const created: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `auditor-${prefix}-`));
  created.push(dir);
  return dir;
}

/** Removes every directory tempDir made in this test file (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function queryJson<T = Record<string, unknown>>(out: string, sql: string): T[] {
  const r = auditor('query', '--out', out, sql, '--format', 'json');
  if (r.code !== 0) throw new Error(`query failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T[];
}
