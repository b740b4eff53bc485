import { z } from 'zod';
import type { ColumnType } from './findings.ts';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');

/**
 * The `annotations` table (contract §4): a dated known break of one force, recorded by an auditor
 * or built in (core/detection/built-in-annotations.ts). Its months stay out of baselines, and a
 * finding whose period and offences overlap it cites its id and drops one severity band
 * (core/engine/apply-annotations.ts).
 *
 * - `period_end` null: still in force, a lasting change from `period_start` on.
 * - `offence_group` and `offence_code` both null: every offence. A code-level annotation also
 *   carries its code's group, so the table can be filtered by group.
 */
export const AnnotationSchema = z
  .object({
    annotation_id: z.string().regex(/^a_[0-9a-f]{32}$/),
    force_code: z.string().min(1),
    period_start: month,
    period_end: month.nullable(),
    offence_group: z.string().min(1).nullable(),
    offence_code: z.string().min(1).nullable(),
    reason: z.string().min(1),
    actor: z.string().min(1),
    created_at: z.date(),
  })
  .refine((a) => a.period_end === null || a.period_start <= a.period_end, {
    message: 'period_end is before period_start',
    path: ['period_end'],
  });
export type Annotation = z.infer<typeof AnnotationSchema>;

export const ANNOTATION_COLUMNS: ReadonlyArray<readonly [keyof Annotation, ColumnType]> = [
  ['annotation_id', 'string'],
  ['force_code', 'string'],
  ['period_start', 'string'],
  ['period_end', 'string'],
  ['offence_group', 'string'],
  ['offence_code', 'string'],
  ['reason', 'string'],
  ['actor', 'string'],
  ['created_at', 'timestamp'],
];
