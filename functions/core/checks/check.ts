import type { Annotation } from '../model/annotations.ts';
import type { Evidence, Finding, Signature } from '../model/findings.ts';
import type { CancellationCohort, IngestNote, ReclassificationTransition } from '../model/ingest.ts';
import type { ReturnRow } from '../model/returns.ts';
import type { AuditContext } from './audit-context.ts';

/**
 * Everything a check may look at. Pure data: checks do no I/O and read no clock.
 * - `current`: the latest revision of every cell, all forces (so peers and the nation are visible).
 * - `history`: every revision of every cell, in submission order, for revision checks.
 * - `notes`: facts the ingest established that are findings in themselves (duplicate keys, unknown codes,
 *   repeated crime_ids, impossible status dates).
 */
export interface AuditInput {
  current: readonly ReturnRow[];
  history: readonly ReturnRow[];
  notes: readonly IngestNote[];
  /** The forces this run audits (others are context only: peers and national baselines). */
  forces: readonly string[];
  /** Record-level reclassifications (original → final code) of the current submissions; absent when none. */
  transitions?: readonly ReclassificationTransition[];
  /** Record-level cancellation cohorts of the current submissions; absent when none. */
  cohorts?: readonly CancellationCohort[];
  /**
   * The run's dated known breaks, built-in and recorded (detection/built-in-annotations.ts
   * withBuiltIns): checks keep their months out of baselines, the engine cites them and lowers
   * the findings they overlap. Absent: the built-in ones alone (and a check's configured breaks).
   */
  annotations?: readonly Annotation[];
}

/**
 * What a check returns for each test it performs: the finding's facts before the engine gives it its
 * identity. The engine fills check_id, rule_version and signature from the check itself, then
 * finding_id, run_id, created_at, q_value and input_sha256 (engine/run-checks.ts). Evidence is
 * structured here and serialised to JSON text in the table.
 */
export type CheckDraft = Omit<
  Finding,
  | 'finding_id'
  | 'run_id'
  | 'created_at'
  | 'q_value'
  | 'input_sha256'
  | 'evidence'
  | 'check_id'
  | 'rule_version'
  | 'signature'
> & {
  evidence: Evidence;
  /**
   * False for a test below the check's material-effect gate (or covered by a coarser finding): it
   * counts in the run's multiple-testing family and is never reported. Default true.
   */
  material?: boolean;
  /**
   * Part of finding_id, for a check that can raise several findings with the same force, period and
   * offences (e.g. one per pair of submissions). Default none.
   */
  discriminator?: string;
  /** The submissions the finding rests on (its input_sha256); default every current submission of the force. */
  inputs?: readonly string[];
};

/** What a check family could and could not look at in a run: "no finding" means little where a check could not look. */
export interface CoverageReport {
  signature: Signature;
  /** One clause for the runs table's message (and so the report and Athena); '' when there is nothing to say. */
  summary: string;
  /** Sentences for the console, each naming the forces it concerns. */
  notices: string[];
}

export interface Check {
  /** Stable identifier, e.g. `dq.missing_period`; part of every finding_id it produces. */
  readonly id: string;
  readonly signature: Signature;
  /** Bumped whenever the rules or thresholds change, so that finding ids change with them. */
  readonly ruleVersion: string;
  /** One sentence for `--help`, the report and the docs. */
  readonly description: string;
  run(input: AuditInput, ctx: AuditContext): CheckDraft[];
  /**
   * What the check's family could see for the audited forces (one check per family reports it).
   * The use case shows it without knowing any family by name.
   */
  coverage?(input: AuditInput, ctx: AuditContext): CoverageReport;
}
