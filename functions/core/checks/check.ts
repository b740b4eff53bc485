import type { ReclassificationTransition } from '../ingest/result.ts';
import type { FindingDraft, Signature } from '../model/findings.ts';
import type { ReturnRow } from '../model/returns.ts';

/**
 * Everything a check may look at. Pure data: checks do no I/O and read no clock.
 * - `current`: the latest revision of every cell, all forces (so peers and the nation are visible).
 * - `history`: every revision of every cell, in submission order, for revision checks.
 * - `notes`: facts the ingest established that are findings in themselves (duplicate keys, unknown codes).
 */
export interface AuditInput {
  current: readonly ReturnRow[];
  history: readonly ReturnRow[];
  notes: readonly IngestNote[];
  /** The forces this run audits (others are context only: peers and national baselines). */
  forces: readonly string[];
  /** Record-level reclassifications (original → final code) of the current submissions; absent when none. */
  transitions?: readonly ReclassificationTransition[];
}

/** A fact recorded during ingest that the data-quality checks turn into findings. */
export type IngestNote =
  | {
      kind: 'duplicate_key';
      force_code: string;
      period_start: string;
      period_end: string;
      offence_group: string;
      offence_code: string | null;
      file: string;
      lines: number[];
      values: number[];
      input_sha256: string;
    }
  | {
      kind: 'unknown_offence_code';
      force_code: string;
      offence_code: string;
      period_start: string;
      period_end: string;
      file: string;
      lines: number[];
      recorded: number;
      input_sha256: string;
    };

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
