/**
 * The derived per-force object `curated/current/force_code=<slug>/current.parquet`: the force's
 * current cells as rows, and in the file's key-value metadata (key CURRENT_SNAPSHOT_META) which
 * submissions they were derived from and the ingest facts of those current cells. It is a cache: a
 * reader trusts it only when `digest` matches the force's committed submissions now, and rebuilds
 * it from the submissions otherwise (a new upload, a damaged or hand-edited file, an older format).
 */
import { z } from 'zod';
import {
  CancellationCohortSchema,
  IngestNoteSchema,
  ReclassificationTransitionSchema,
} from '../core/model/ingest.ts';

export const CURRENT_SNAPSHOT_META = 'auditor.current_snapshot';

export const CurrentSnapshotMetaSchema = z.object({
  /** Digest of the set of the force's committed submissions the rows were derived from. */
  digest: z.string(),
  submissions: z.number().int().min(0),
  notes: z.array(IngestNoteSchema),
  transitions: z.array(ReclassificationTransitionSchema),
  cohorts: z.array(CancellationCohortSchema),
});
export type CurrentSnapshotMeta = z.infer<typeof CurrentSnapshotMetaSchema>;
