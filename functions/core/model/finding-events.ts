import { z } from 'zod';
import type { ColumnType } from './findings.ts';

/**
 * The finding lifecycle tables of the outside contract (contract.md §4). `finding_events` is
 * append-only: every change of a finding's status is one event, and its status is the one its
 * latest event gives (core/lifecycle/status.ts). This schema is the source of the type, of the
 * Parquet column list and of the Glue/Athena columns.
 */
export const FINDING_ACTIONS = [
  'raised',
  'acknowledge',
  'explain',
  'accept',
  'dispute',
  'reopen',
  'resolved',
] as const;
export const FindingActionSchema = z.enum(FINDING_ACTIONS);
export type FindingAction = z.infer<typeof FindingActionSchema>;

export const FINDING_ROLES = ['system', 'force', 'auditor'] as const;
export const FindingRoleSchema = z.enum(FINDING_ROLES);
export type FindingRole = z.infer<typeof FindingRoleSchema>;

export const FINDING_STATUSES = [
  'open',
  'acknowledged',
  'explained',
  'accepted',
  'disputed',
  'resolved',
] as const;
export type FindingStatusName = (typeof FINDING_STATUSES)[number];

/** The status a finding has after each action (its latest event's). */
export const STATUS_AFTER: Readonly<Record<FindingAction, FindingStatusName>> = {
  raised: 'open',
  acknowledge: 'acknowledged',
  explain: 'explained',
  accept: 'accepted',
  dispute: 'disputed',
  reopen: 'open',
  resolved: 'resolved',
};

export const FindingEventSchema = z.object({
  /** Idempotency key: the same event appended twice is stored once (core/lifecycle/event-id.ts). */
  event_id: z.string().regex(/^[0-9a-f]{64}$/),
  finding_id: z.string().min(1),
  force_code: z.string().min(1),
  action: FindingActionSchema,
  role: FindingRoleSchema,
  /** Who acted: a person's name for responses, `auditor` (the system) for system events. */
  actor: z.string().min(1),
  note: z.string().nullable(),
  /** The audit run of a system event; null for a response. */
  run_id: z.string().nullable(),
  created_at: z.date(),
});
export type FindingEvent = z.infer<typeof FindingEventSchema>;

export const FINDING_EVENT_COLUMNS: ReadonlyArray<readonly [keyof FindingEvent, ColumnType]> = [
  ['event_id', 'string'],
  ['finding_id', 'string'],
  ['force_code', 'string'],
  ['action', 'string'],
  ['role', 'string'],
  ['actor', 'string'],
  ['note', 'string'],
  ['run_id', 'string'],
  ['created_at', 'timestamp'],
];

/** A row of the `finding_status` view: a finding's status as its latest event left it. */
export interface FindingStatusRow {
  finding_id: string;
  force_code: string;
  status: FindingStatusName;
  updated_at: Date;
  updated_by: string;
  note: string | null;
}

export const FINDING_STATUS_COLUMNS: ReadonlyArray<readonly [keyof FindingStatusRow, ColumnType]> = [
  ['finding_id', 'string'],
  ['force_code', 'string'],
  ['status', 'string'],
  ['updated_at', 'timestamp'],
  ['updated_by', 'string'],
  ['note', 'string'],
];
