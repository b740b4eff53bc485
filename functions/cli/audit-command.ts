/** `auditor audit`: ingest the given returns into --out, run every check, print what was found. */
import { randomBytes } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { listInputFiles } from '../adapters/files/list-input-files.ts';
import { hashFile, readReturnFile } from '../adapters/files/read-return.ts';
import { removeStaleTempFiles } from '../adapters/local/stale-temp-files.ts';
import { openLocalStore } from '../adapters/local/store.ts';
import { type AuditOutcome, runAudit } from '../app/audit.ts';
import { defaultRegistry } from '../core/engine/registry.ts';
import { printAuditSummary } from './audit-summary.ts';
import { createProgress } from './progress.ts';
import { runReportCommand } from './report-command.ts';
import { UsageError } from './usage-error.ts';
import { visible } from './visible-text.ts';

export interface AuditCommandArgs {
  paths: string[];
  out: string;
  quiet: boolean;
  /** Write the HTML report after the audit (`--report`), so the summary does not suggest it. */
  report?: boolean;
  /** When the files were submitted (default: each file's modification time). */
  submittedAt?: Date;
}

/** `--submitted-at`: an ISO 8601 date or instant; anything else is a usage error naming the value. */
export function parseSubmittedAt(text: string): Date {
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
  const at = new Date(text);
  if (!iso.test(text) || Number.isNaN(at.getTime())) {
    throw new UsageError(
      `--submitted-at ${JSON.stringify(text)} is not an ISO 8601 time (expected e.g. 2024-04-03 or 2024-04-03T10:05:00Z)`,
    );
  }
  return at;
}

export async function runAuditCommand(args: AuditCommandArgs): Promise<number> {
  const listed = await listInputFiles(args.paths);
  for (const s of listed.skipped) process.stderr.write(`auditor: skipped ${visible(s.path)}: ${s.message}\n`);
  for (const s of listed.ignored) process.stderr.write(`auditor: ignored ${visible(s.path)}: ${s.message}\n`);
  if (listed.files.length === 0) {
    throw new UsageError(
      `no input files found in ${args.paths.join(', ')} (expected .csv, .jsonl or .ndjson)`,
    );
  }
  const outInfo = await stat(args.out).catch(() => null);
  if (outInfo && !outInfo.isDirectory())
    throw new UsageError(`--out ${args.out} exists and is not a directory`);
  await mkdir(args.out, { recursive: true });
  const store = openLocalStore(args.out);
  for (const path of await removeStaleTempFiles(store.root))
    process.stderr.write(`auditor: removed ${visible(path)}: a temporary file left by an interrupted run\n`);

  const infos = await Promise.all(listed.files.map((f) => stat(f)));
  const sizes = infos.map((i) => i.size);
  const progress = await createProgress({
    enabled: !args.quiet,
    totalBytes: sizes.reduce((a, b) => a + b, 0),
  });
  const started = Date.now();
  let outcome: AuditOutcome;
  try {
    let done = 0;
    outcome = await runAudit(store, {
      files: listed.files.map((path, i) => ({
        path,
        name: basename(path),
        submittedAt: args.submittedAt ?? (infos[i] as { mtime: Date }).mtime,
      })),
      runId: newRunId(new Date()),
      kind: 'local',
      registry: defaultRegistry(),
      clock: () => new Date(),
      // Into an empty store nothing is unchanged: hashing first would only read each file twice.
      hash: async (file) =>
        (await store.returns.holdsSubmissions()) ? (await hashFile(file.path)).input_sha256 : null,
      read: (file, ctx, onBytes) =>
        readReturnFile(file.path, { ...ctx, displayName: file.name }, { onProgress: onBytes }),
      onProgress: (p) => {
        if (p.phase === 'ingest' && p.fileIndex !== undefined) {
          if (p.bytesRead === 0 && p.fileIndex > 0) done += sizes[p.fileIndex - 1] ?? 0;
          progress.update(done + (p.bytesRead ?? 0), p.file ?? '');
        } else {
          progress.update(progress.total, p.phase === 'checks' ? 'running checks' : 'writing findings');
        }
      },
    });
  } finally {
    progress.stop();
  }

  printAuditSummary(outcome, {
    out: args.out,
    quiet: args.quiet,
    seconds: (Date.now() - started) / 1000,
    inputs: listed,
    reportFollows: args.report ?? false,
  });
  if (args.report) await runReportCommand({ out: args.out });
  // Contract §2: 0 when the audit ran, 2 when some input was unusable (the rest was still audited).
  return outcome.files.some((f) => f.status === 'quarantined') || listed.skipped.length > 0 ? 2 : 0;
}

/** Sortable, unique and safe as a path segment (no ':'): 20261122T141500Z-1a2b3c. */
export function newRunId(at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}
