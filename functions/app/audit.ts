/**
 * One audit run, as the CLI (and later the cloud handlers) drive it:
 *   1. ingest each input file: an identical file already accepted is a no-op (content hash); a file
 *      that fails validation is quarantined with its report; a good file becomes a submission;
 *   2. load every revision, take the current one, run every registered check for the audited forces;
 *   3. merge each force's findings into its stored findings and record the run.
 * A bad file never stops the good ones. Ports are injected, so the same code runs over a local
 * directory or S3.
 */

import { auditContext } from '../core/checks/audit-context.ts';
import type { AuditInput, CoverageReport } from '../core/checks/check.ts';
import type { CheckRegistry } from '../core/engine/registry.ts';
import { type CheckError, runChecks } from '../core/engine/run-checks.ts';
import { mergeFindings } from '../core/merge-findings.ts';
import type { Finding } from '../core/model/findings.ts';
import type {
  IngestNote,
  ReadReturnResult,
  ReclassificationTransition,
  SkippedRows,
} from '../core/model/ingest.ts';
import type { Run } from '../core/model/runs.ts';
import type { ValidationReport } from '../core/model/validation.ts';
import { currentCohorts, currentNotes, currentTransitions } from '../core/notes.ts';
import type {
  FindingsRepository,
  QuarantineRepository,
  ReturnsRepository,
  RunsRepository,
} from '../core/ports.ts';
import { currentRevision } from '../core/revisions.ts';

export interface AuditPorts {
  returns: ReturnsRepository;
  quarantine: QuarantineRepository;
  findings: FindingsRepository;
  runs: RunsRepository;
}

export interface InputFile {
  /** Where the bytes are (a local path the reader and the raw copy use). */
  path: string;
  /** Name shown in messages and kept with the submission. */
  name: string;
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
    ctx: { submitted_at: Date; run_id: string },
    onBytes: (n: number) => void,
  ) => Promise<ReadReturnResult>;
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
  added: number;
  resolved: number;
  checkErrors: CheckError[];
  /**
   * What each check family could and could not look at (e.g. forces without cancellation counts,
   * reclassification seen only in aggregates), in registry order.
   */
  coverage: CoverageReport[];
}

export async function runAudit(ports: AuditPorts, req: AuditRequest): Promise<AuditOutcome> {
  const started = req.clock();
  const files: FileOutcome[] = [];
  for (const [index, file] of req.files.entries()) {
    req.onProgress?.({
      phase: 'ingest',
      file: file.name,
      fileIndex: index,
      fileCount: req.files.length,
      bytesRead: 0,
    });
    files.push(await ingestOne(ports, req, file, index));
  }

  req.onProgress?.({ phase: 'checks' });
  const stored = await ports.returns.loadAll();
  const history = stored.rows;
  const current = currentRevision(history);
  const notes: IngestNote[] = currentNotes(stored.notes, current);
  const withData = [...new Set(current.map((r) => r.force_code))].sort();
  const scope = req.forces ? new Set(req.forces) : null;
  const forces = scope ? withData.filter((f) => scope.has(f)) : withData;
  const transitions = currentTransitions(stored.transitions, current);
  const cohorts = currentCohorts(stored.cohorts, current);
  const input: AuditInput = { current, history, notes, forces, transitions, cohorts };
  const context = auditContext(input);
  const { findings: raised, errors } = runChecks(
    req.registry,
    input,
    { run_id: req.runId, now: started },
    context,
  );

  req.onProgress?.({ phase: 'write' });
  const byForce = groupBy(raised, (f) => f.force_code);
  const all: Finding[] = [];
  let added = 0;
  let resolved = 0;
  for (const force of forces) {
    const merged = mergeFindings(await ports.findings.loadForce(force), byForce.get(force) ?? []);
    await ports.findings.replaceForce(force, merged.findings);
    all.push(...merged.findings);
    added += merged.added.length;
    resolved += merged.resolved.length;
  }

  const coverage = req.registry.coverage(input, context);

  const quarantined = files.filter((f) => f.status === 'quarantined').length;
  const run: Run = {
    run_id: req.runId,
    kind: req.kind,
    started_at: started,
    finished_at: req.clock(),
    status: errors.length > 0 || quarantined > 0 ? 'partial' : 'succeeded',
    files_seen: files.length,
    files_ingested: files.filter((f) => f.status === 'ingested').length,
    files_unchanged: files.filter((f) => f.status === 'unchanged').length,
    files_quarantined: quarantined,
    forces_audited: forces.length,
    findings_total: all.length,
    findings_new: added,
    rule_versions: JSON.stringify(Object.fromEntries(req.registry.list().map((c) => [c.id, c.ruleVersion]))),
    message: runMessage(quarantined, errors, coverage),
  };
  await ports.runs.put(run);
  return {
    run,
    files,
    findings: all,
    added,
    resolved,
    checkErrors: errors,
    coverage,
  };
}

async function ingestOne(
  ports: AuditPorts,
  req: AuditRequest,
  file: InputFile,
  index: number,
): Promise<FileOutcome> {
  const result = await req.read(file, { submitted_at: req.clock(), run_id: req.runId }, (bytesRead) =>
    req.onProgress?.({
      phase: 'ingest',
      file: file.name,
      fileIndex: index,
      fileCount: req.files.length,
      bytesRead,
    }),
  );
  const sha = result.input_sha256;
  if (await ports.returns.hasSubmission(sha))
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
