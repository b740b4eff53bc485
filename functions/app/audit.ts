/**
 * One audit run, as the CLI and the cloud handlers drive it:
 *   1. ingest each input file: its hash first, so an identical file already accepted is a no-op
 *      without a parse; a file that fails validation is quarantined with its report; a good file
 *      becomes a submission, stamped with its upload time (the revision order) and its read time;
 *   2. record the run as `running`, so no finding ever names a run that does not exist;
 *   3. load every revision, take the current one, run every registered check for the audited forces;
 *   4. merge each force's findings into its stored set, record their lifecycle events and the run's
 *      findings history, and write the set with a conditional replace; start again from 3 if another
 *      run wrote that set, or committed a submission for the force, meanwhile;
 *   5. record how the run ended.
 * A bad file never stops the good ones. Ports are injected, so the same code runs over a local
 * directory or S3.
 */

import { auditContext } from '../core/checks/audit-context.ts';
import type { AuditInput, CoverageReport } from '../core/checks/check.ts';
import { withBuiltIns } from '../core/detection/built-in-annotations.ts';
import type { CheckRegistry } from '../core/engine/registry.ts';
import { type CheckError, runChecks } from '../core/engine/run-checks.ts';
import { mergeFindings } from '../core/merge-findings.ts';
import type { Finding } from '../core/model/findings.ts';
import type { ReadReturnResult, ReclassificationTransition, SkippedRows } from '../core/model/ingest.ts';
import type { ReturnRow } from '../core/model/returns.ts';
import type { Run } from '../core/model/runs.ts';
import type { ValidationReport } from '../core/model/validation.ts';
import {
  type AnnotationsRepository,
  ConcurrentUpdateError,
  type FindingEventsRepository,
  type FindingsHistoryRepository,
  type FindingsRepository,
  type QuarantineRepository,
  type ReturnsRepository,
  type RunsRepository,
} from '../core/ports.ts';
import { recordLifecycle } from './record-lifecycle.ts';

export interface AuditPorts {
  returns: ReturnsRepository;
  quarantine: QuarantineRepository;
  findings: FindingsRepository;
  runs: RunsRepository;
  events: FindingEventsRepository;
  history: FindingsHistoryRepository;
  /** The auditors' annotations (known breaks); absent: the built-in ones alone. */
  annotations?: AnnotationsRepository;
}

export interface InputFile {
  /** Where the bytes are (a local path the reader and the raw copy use). */
  path: string;
  /** Name shown in messages and kept with the submission. */
  name: string;
  /**
   * When the file was uploaded (S3's event time; locally its modification time or --submitted-at):
   * the order revisions are current in. Default: when this run reads it.
   */
  submittedAt?: Date;
}

export type FileOutcome =
  | {
      file: string;
      status: 'ingested';
      input_sha256: string;
      format: string;
      rows: number;
      forces: string[];
      skipped: SkippedRows[];
    }
  | { file: string; status: 'unchanged'; input_sha256: string }
  | { file: string; status: 'quarantined'; input_sha256: string; location: string; report: ValidationReport };

export interface AuditProgress {
  phase: 'ingest' | 'checks' | 'write';
  file?: string;
  fileIndex?: number;
  fileCount?: number;
  bytesRead?: number;
}

export interface AuditRequest {
  files: readonly InputFile[];
  runId: string;
  kind: Run['kind'];
  registry: CheckRegistry;
  /** Reads and validates one file (streaming); injected so the cloud can read S3 objects. */
  read: (
    file: InputFile,
    ctx: { submitted_at: Date; processed_at: Date; run_id: string },
    onBytes: (n: number) => void,
  ) => Promise<ReadReturnResult>;
  /**
   * sha256 of the file's bytes, computed before parsing so that an unchanged file is not parsed
   * (without it, every file is parsed and then compared); null where that cannot pay, as when the store
   * holds no submission the file could repeat.
   */
  hash?: (file: InputFile) => Promise<string | null>;
  clock: () => Date;
  onProgress?: (p: AuditProgress) => void;
  /**
   * Audit only these forces (default: every force with data). The others' current data still goes
   * to the checks as context (peers, national shares); only the listed forces get findings, and
   * only their stored findings are replaced. The cloud audits the uploading force this way.
   */
  forces?: readonly string[];
}

export interface AuditOutcome {
  run: Run;
  files: FileOutcome[];
  /** Current findings of every audited force after the merge. */
  findings: Finding[];
  /**
   * The findings this run raised for the first time ever (each got its one `raised` event in this
   * run): what a force is notified of. A finding resolved earlier and found again is not among them.
   */
  raised: Finding[];
  added: number;
  resolved: number;
  checkErrors: CheckError[];
  /**
   * What each check family could and could not look at (e.g. forces without cancellation counts,
   * reclassification seen only in aggregates), in registry order.
   */
  coverage: CoverageReport[];
}

/** Attempts to write a consistent set of findings before the run gives up (and, in the cloud, is retried). */
export const MAX_WRITE_ATTEMPTS = 6;

export async function runAudit(ports: AuditPorts, req: AuditRequest): Promise<AuditOutcome> {
  const started = req.clock();
  const files: FileOutcome[] = [];
  // Strictly increasing read times, so files with one upload time are current in the order given.
  let last = 0;
  const readClock = () => {
    last = Math.max(req.clock().getTime(), last + 1);
    return new Date(last);
  };
  for (const [index, file] of req.files.entries()) {
    req.onProgress?.({
      phase: 'ingest',
      file: file.name,
      fileIndex: index,
      fileCount: req.files.length,
      bytesRead: 0,
    });
    files.push(await ingestOne(ports, req, file, index, readClock));
  }
  const quarantined = files.filter((f) => f.status === 'quarantined').length;
  const runRow = (over: Partial<Run>): Run => ({
    run_id: req.runId,
    kind: req.kind,
    started_at: started,
    finished_at: null,
    status: 'running',
    files_seen: files.length,
    files_ingested: files.filter((f) => f.status === 'ingested').length,
    files_unchanged: files.filter((f) => f.status === 'unchanged').length,
    files_quarantined: quarantined,
    forces_audited: 0,
    findings_total: 0,
    findings_new: 0,
    rule_versions: JSON.stringify(Object.fromEntries(req.registry.list().map((c) => [c.id, c.ruleVersion]))),
    message: '',
    ...over,
  });
  // The run exists before any finding names it; a run killed from here on stays visibly `running`.
  await ports.runs.put(runRow({}));

  for (let attempt = 1; ; attempt++) {
    const outcome = await checkAndWrite(ports, req, started);
    if (outcome === 'conflict') {
      if (attempt >= MAX_WRITE_ATTEMPTS) {
        throw new Error(
          `run ${req.runId}: the findings kept changing under ${MAX_WRITE_ATTEMPTS} attempts to write them ` +
            '(other runs for the same force); nothing inconsistent was written, retry the run',
        );
      }
      continue;
    }
    const { forces, all, raised, added, resolved, errors, coverage } = outcome;
    const run = runRow({
      finished_at: req.clock(),
      status: errors.length > 0 || quarantined > 0 ? 'partial' : 'succeeded',
      forces_audited: forces.length,
      findings_total: all.length,
      // Raised for the first time ever by this run; a finding found again (reopened) is not new.
      findings_new: raised.length,
      message: runMessage(quarantined, errors, coverage),
    });
    await ports.runs.put(run);
    return { run, files, findings: all, raised, added, resolved, checkErrors: errors, coverage };
  }
}

interface Written {
  forces: string[];
  all: Finding[];
  raised: Finding[];
  added: number;
  resolved: number;
  errors: CheckError[];
  coverage: CoverageReport[];
}

/**
 * Loads the current returns, runs the checks and merges each audited force's findings into its stored
 * set with a conditional replace. 'conflict' when another run wrote a force's findings since they were
 * read, or committed a submission for an audited force after this run loaded the returns: then the
 * results may be stale, and the caller starts again from the returns, so that the last set written
 * for a force is always computed from every submission committed before it was written.
 */
async function checkAndWrite(
  ports: AuditPorts,
  req: AuditRequest,
  started: Date,
): Promise<Written | 'conflict'> {
  req.onProgress?.({ phase: 'checks' });
  const { current, history, notes, transitions, cohorts } = await ports.returns.loadForAudit(
    req.forces ?? null,
  );
  const withData = [...new Set(current.map((r) => r.force_code))].sort();
  const scope = req.forces ? new Set(req.forces) : null;
  const forces = scope ? withData.filter((f) => scope.has(f)) : withData;
  const annotations = withBuiltIns((await ports.annotations?.loadAll()) ?? []);
  const input: AuditInput = { current, history, notes, forces, transitions, cohorts, annotations };
  const context = auditContext(input);
  const { findings: found, errors } = runChecks(
    req.registry,
    input,
    { run_id: req.runId, now: started },
    context,
  );

  req.onProgress?.({ phase: 'write' });
  const byForce = groupBy(found, (f) => f.force_code);
  const all: Finding[] = [];
  const raised: Finding[] = [];
  let added = 0;
  let resolved = 0;
  for (const force of forces) {
    const before = await ports.findings.loadForceVersioned(force);
    const merged = mergeFindings(before.findings, byForce.get(force) ?? []);
    const first = await recordLifecycle(ports, force, merged.findings, { runId: req.runId, at: started });
    try {
      await ports.findings.replaceForce(force, merged.findings, before.version);
    } catch (err) {
      if (err instanceof ConcurrentUpdateError) return 'conflict';
      throw err;
    }
    all.push(...merged.findings);
    raised.push(...first);
    added += merged.added.length;
    resolved += merged.resolved.length;
  }
  if (await submissionArrivedSince(ports, forces, history)) return 'conflict';
  return { forces, all, raised, added, resolved, errors, coverage: req.registry.coverage(input, context) };
}

/** True when an audited force has a committed submission that the loaded history does not hold. */
async function submissionArrivedSince(
  ports: AuditPorts,
  forces: readonly string[],
  history: readonly ReturnRow[],
): Promise<boolean> {
  const seen = new Set(history.map((r) => `${r.force_code}|${r.input_sha256}`));
  for (const force of forces) {
    for (const sha of await ports.returns.committedSubmissionsOf(force)) {
      if (!seen.has(`${force}|${sha}`)) return true;
    }
  }
  return false;
}

async function ingestOne(
  ports: AuditPorts,
  req: AuditRequest,
  file: InputFile,
  index: number,
  readClock: () => Date,
): Promise<FileOutcome> {
  // Hash before parsing: a file already accepted costs one read, not a parse.
  const known = req.hash ? await req.hash(file) : null;
  if (known && (await ports.returns.hasSubmission(known)))
    return { file: file.name, status: 'unchanged', input_sha256: known };
  const processedAt = readClock();
  const ctx = { submitted_at: file.submittedAt ?? processedAt, processed_at: processedAt, run_id: req.runId };
  const result = await req.read(file, ctx, (bytesRead) =>
    req.onProgress?.({
      phase: 'ingest',
      file: file.name,
      fileIndex: index,
      fileCount: req.files.length,
      bytesRead,
    }),
  );
  const sha = result.input_sha256;
  // The bytes changed between hashing and reading (a file still being written): judge what was read.
  if (sha !== known && (await ports.returns.hasSubmission(sha)))
    return { file: file.name, status: 'unchanged', input_sha256: sha };
  if (!result.ok) {
    const location = await ports.quarantine.put({
      fileName: file.name,
      rawPath: file.path,
      report: result.report,
    });
    return { file: file.name, status: 'quarantined', input_sha256: sha, location, report: result.report };
  }
  const transitions: ReclassificationTransition[] = result.transitions ?? [];
  await ports.returns.putSubmission({
    fileName: file.name,
    inputSha256: sha,
    rawPath: file.path,
    rows: result.rows,
    notes: result.notes,
    transitions,
    cohorts: result.cohorts ?? [],
  });
  return {
    file: file.name,
    status: 'ingested',
    input_sha256: sha,
    format: result.format,
    rows: result.rows.length,
    forces: [...new Set(result.rows.map((r) => r.force_code))].sort(),
    skipped: result.skipped,
  };
}

function runMessage(
  quarantined: number,
  errors: readonly CheckError[],
  coverage: readonly CoverageReport[],
): string {
  const parts: string[] = [];
  if (quarantined > 0) parts.push(`${quarantined} file(s) quarantined`);
  for (const e of errors) parts.push(`check ${e.check_id} failed: ${e.message}`);
  // What the run could see, so that "no finding" is not read as "nothing wrong" where a check could not look.
  for (const c of coverage) if (c.summary !== '') parts.push(c.summary);
  return parts.join('; ');
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
