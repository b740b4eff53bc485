import type { FindingDraft, Signature } from '../model/findings.ts';
import type { CancellationCohort, IngestNote, ReclassificationTransition } from '../model/ingest.ts';
import type { ReturnRow } from '../model/returns.ts';

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
}

export interface Check {
  /** Stable identifier, e.g. `dq.missing_period`; part of every finding_id it produces. */
  readonly id: string;
  readonly signature: Signature;
  /** Bumped whenever the rules or thresholds change, so that finding ids change with them. */
  readonly ruleVersion: string;
  /** One sentence for `--help`, the report and the docs. */
  readonly description: string;
  run(input: AuditInput): FindingDraft[];
}
