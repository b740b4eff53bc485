import type { Annotation } from './model/annotations.ts';
import type { FindingEvent } from './model/finding-events.ts';
import type { Finding } from './model/findings.ts';
import type { CancellationCohort, IngestNote, ReclassificationTransition } from './model/ingest.ts';
import type { ReturnRow } from './model/returns.ts';
import type { Run } from './model/runs.ts';
import type { ValidationReport } from './model/validation.ts';

/**
 * The ports the application layer drives. Core declares them; adapters implement them for a local
 * directory (the embedded default) and for S3 (the cloud). Both lay objects out identically:
 *
 *   raw/force_code=<slug|mixed>/<sha256>/<file name>          every accepted upload, byte for byte
 *   quarantine/<sha256>/<file name> + report.json             every rejected upload and its report
 *   curated/returns/force_code=<slug>/<sha256>.parquet        normalised cells, one object per submission
 *   findings/force_code=<slug>/findings.parquet               the force's current findings
 *   runs/run_id=<id>/run.parquet                              one row per audit run
 *   finding_events/force_code=<slug>/events.parquet           the force's finding events (append-only)
 *   findings_history/force_code=<slug>/<run id>.parquet       the findings each run reported for the force
 *   annotations/<annotation_id>.parquet                       one row per recorded annotation
 */
/** An accepted submission: its cells and the facts ingest established on the way. */
export interface Submission {
  fileName: string;
  inputSha256: string;
  /** Where the uploaded bytes are now (copied, byte for byte, into the raw area). */
  rawPath: string;
  rows: ReturnRow[];
  /** Kept with the submission because every later run's data-quality checks need them again (default none). */
  notes?: IngestNote[];
  /** Record-level reclassifications (default none: aggregate returns have none). */
  transitions?: ReclassificationTransition[];
  /** Record-level cancellation cohorts (default none). */
  cohorts?: CancellationCohort[];
}

/** A record-level transition with the submission it came from. */
export type StoredTransition = ReclassificationTransition & { input_sha256: string };
/** A record-level cancellation cohort with the submission it came from. */
export type StoredCohort = CancellationCohort & { input_sha256: string };

/** Everything accepted so far, submissions oldest first. */
export interface StoredSubmissions {
  /** Every revision of every cell. */
  rows: ReturnRow[];
  notes: IngestNote[];
  transitions: StoredTransition[];
  cohorts: StoredCohort[];
}

/**
 * What one audit run reads of the store (built by core/audit-view.ts): the current revision of every
 * force's cells, every revision of the audited forces' cells, and the ingest facts of current cells.
 */
export interface AuditView {
  /** Every revision of the audited forces' cells, in submission order. */
  history: ReturnRow[];
  /** The current revision of every force's cells. */
  current: ReturnRow[];
  notes: IngestNote[];
  transitions: ReclassificationTransition[];
  cohorts: CancellationCohort[];
}

export interface ReturnsRepository {
  /** True when a submission with this content hash was already accepted (re-submission is a no-op). */
  hasSubmission(inputSha256: string): Promise<boolean>;
  /** Stores the raw upload, its rows (split by force) and its facts. All-or-nothing per submission. */
  putSubmission(submission: Submission): Promise<void>;
  loadAll(): Promise<StoredSubmissions>;
  /**
   * What an audit of these forces reads (core/audit-view.ts; null: every force is audited). The
   * same as auditView(loadAll(), forces); a store may build the other forces' part from what it
   * keeps of each force's current revision, so that an upload's audit does not read every revision
   * of every force.
   */
  loadForAudit(forces: readonly string[] | null): Promise<AuditView>;
  /**
   * Content hashes of the committed submissions holding rows for this force (any order). Cheaper than
   * loadAll: a writer uses it to learn whether a submission arrived after it loaded the returns.
   */
  committedSubmissionsOf(forceCode: string): Promise<string[]>;
}

export interface QuarantineRepository {
  /** Keeps the rejected file byte for byte beside its validation report; returns where. */
  put(entry: { fileName: string; rawPath: string; report: ValidationReport }): Promise<string>;
}

/** A force's stored findings and the version they were read at, which a conditional replace names. */
export interface VersionedFindings {
  findings: Finding[];
  /** Opaque version of the stored set (S3: its ETag); null when nothing is stored. */
  version: string | null;
}

/**
 * A conditional replace found the stored set changed since it was read: another run wrote it. The
 * caller reloads and recomputes; it must not write over what it has not seen.
 */
export class ConcurrentUpdateError extends Error {
  override name = 'ConcurrentUpdateError';
}

export interface FindingsRepository {
  /** The findings currently stored for a force (empty when none). */
  loadForce(forceCode: string): Promise<Finding[]>;
  /** The same, with the version a conditional replace compares against. */
  loadForceVersioned(forceCode: string): Promise<VersionedFindings>;
  /**
   * Replaces a force's current findings with this set (an empty set clears them). With `ifVersion`
   * (null: "nothing stored"), only when the stored set is still that version; otherwise it throws
   * ConcurrentUpdateError and writes nothing.
   */
  replaceForce(forceCode: string, findings: Finding[], ifVersion?: string | null): Promise<void>;
  /** Every force's current findings. */
  loadAll(): Promise<Finding[]>;
}

export interface RunsRepository {
  put(run: Run): Promise<void>;
  /** Every recorded run, oldest first. */
  loadAll(): Promise<Run[]>;
}

export interface FindingEventsRepository {
  /**
   * Appends events to a force's log, all or none; an event whose event_id is stored already is not
   * stored again (so a repeated run or response records nothing twice). Returns the force's events as
   * stored after the append, which tells a caller whose event won when two wrote the same id.
   */
  append(forceCode: string, events: readonly FindingEvent[]): Promise<FindingEvent[]>;
  /** A force's events, in the order they were appended (empty when none). */
  loadForce(forceCode: string): Promise<FindingEvent[]>;
  /** Every force's events. */
  loadAll(): Promise<FindingEvent[]>;
}

export interface FindingsHistoryRepository {
  /**
   * Keeps the findings one run reported for one force, each with that run's run_id (an empty set
   * too: "the run found nothing" is history as well). Writing the same run and force again replaces
   * it, so a retried run leaves one copy.
   */
  put(forceCode: string, runId: string, findings: readonly Finding[]): Promise<void>;
}

export interface AnnotationsRepository {
  /**
   * Records an annotation; returns false when one with its id was already there (its id is its
   * content: detection/annotations.ts), which is left as it was: annotating twice records once.
   */
  put(annotation: Annotation): Promise<boolean>;
  /** Every recorded annotation (the built-in ones are not stored), by id. */
  loadAll(): Promise<Annotation[]>;
}
