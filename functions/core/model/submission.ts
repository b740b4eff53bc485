/**
 * The manifest that commits a submission: written after its raw copy and curated files, and read back
 * by every later run. The store validates it with this schema, so a damaged or hand-edited manifest
 * is refused with the field that is wrong rather than read half-way.
 */
import { z } from 'zod';
import { CancellationCohortSchema, IngestNoteSchema, ReclassificationTransitionSchema } from './ingest.ts';

const isoInstant = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'expected an ISO 8601 instant' });

export const SubmissionManifestSchema = z.object({
  sha: z.string(),
  fileName: z.string(),
  /** Force slugs with rows in this submission, sorted. */
  forces: z.array(z.string()),
  rows: z.number().int().min(0),
  /** When it was uploaded, ISO 8601 instant (UTC): the revision order. */
  submitted_at: isoInstant,
  /** When the auditor read it (absent in manifests written before 0.8.0). */
  processed_at: isoInstant.optional(),
  /** Keys written for this submission, relative to the store root. */
  raw: z.string(),
  curated: z.array(z.string()),
  /** Ingest notes and record-level transitions, kept with the submission for every later run. */
  notes: z.array(IngestNoteSchema),
  transitions: z.array(ReclassificationTransitionSchema),
  /** Record-level cancellation cohorts (absent in manifests written before they existed). */
  cohorts: z.array(CancellationCohortSchema).default([]),
});
export type SubmissionManifest = z.infer<typeof SubmissionManifestSchema>;
