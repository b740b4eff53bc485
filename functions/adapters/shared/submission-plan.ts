/**
 * What storing one submission means, whatever the store: validate its rows, split them by force, name
 * the raw copy and the curated objects, and build the manifest that is written last and makes the
 * submission exist. The local directory and the S3 bucket both follow this plan, so the two layouts
 * cannot drift apart; and both read manifests back with the same defensive parser.
 */
import type { ReturnRow } from '#core/model/returns.ts';
import { type SubmissionManifest, SubmissionManifestSchema } from '#core/model/submission.ts';
import type { Submission } from '#core/ports.ts';
import { compareSubmissions } from '#core/revisions.ts';
import { assertForceSlug, assertSha256, keys, MIXED_FORCES, sanitiseFileName } from '#store/layout.ts';
import { RETURNS_TABLE } from '../parquet/tables.ts';
import { validateRows } from './validate-rows.ts';

export interface SubmissionPlan {
  sha: string;
  /** Where the upload is copied byte for byte. */
  rawKey: string;
  /** One curated Parquet object per force, forces sorted. */
  parts: Array<{ force: string; key: string; rows: ReturnRow[] }>;
  manifest: SubmissionManifest;
}

export function planSubmission(submission: Submission, now: () => Date): SubmissionPlan {
  const sha = assertSha256(submission.inputSha256);
  const rows = validateRows(RETURNS_TABLE, submission.rows, `submission ${sha}`);
  const byForce = new Map<string, ReturnRow[]>();
  for (const [i, row] of rows.entries()) {
    if (row.input_sha256 !== sha) {
      throw new Error(`submission ${sha}: row ${i} has input_sha256 ${row.input_sha256}`);
    }
    assertForceSlug(row.force_code);
    const list = byForce.get(row.force_code);
    if (list) list.push(row);
    else byForce.set(row.force_code, [row]);
  }
  const forces = [...byForce.keys()].sort();
  const fileName = sanitiseFileName(submission.fileName);
  const rawKey = keys.raw(forces.length === 1 ? (forces[0] as string) : MIXED_FORCES, sha, fileName);
  const parts = forces.map((force) => ({
    force,
    key: keys.curatedReturns(force, sha),
    rows: byForce.get(force) ?? [],
  }));
  const uploaded = latestOf(rows.map((r) => r.submitted_at)) ?? now();
  const processed = latestOf(rows.map((r) => r.processed_at ?? r.submitted_at)) ?? uploaded;
  return {
    sha,
    rawKey,
    parts,
    manifest: {
      sha,
      fileName,
      forces,
      rows: rows.length,
      submitted_at: uploaded.toISOString(),
      processed_at: processed.toISOString(),
      raw: rawKey,
      curated: parts.map((p) => p.key),
      notes: submission.notes ?? [],
      transitions: submission.transitions ?? [],
      cohorts: submission.cohorts ?? [],
    },
  };
}

export function manifestText(manifest: SubmissionManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export class CorruptManifestError extends Error {
  override name = 'CorruptManifestError';
}

/**
 * Reads a manifest back, validated by its schema; the curated keys are rebuilt from validated parts,
 * never trusted from the file. A corrupt manifest is refused naming its key and the first bad field.
 */
export function parseManifest(text: string, sha: string): SubmissionManifest {
  const key = keys.submissionManifest(sha);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CorruptManifestError(`submission manifest ${key} is not JSON`);
  }
  const parsed = SubmissionManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || '(manifest)';
    throw new CorruptManifestError(
      `corrupt submission manifest ${key}: field "${field}": ${issue?.message ?? 'invalid'}`,
    );
  }
  const m = parsed.data;
  if (m.sha !== sha) {
    throw new CorruptManifestError(
      `corrupt submission manifest ${key}: field "sha": expected ${sha} (its key), found ${JSON.stringify(m.sha)}`,
    );
  }
  const forces = m.forces.map(assertForceSlug);
  return { ...m, forces, curated: forces.map((f) => keys.curatedReturns(f, sha)) };
}

/** Upload order, oldest first (core/revisions.ts): the order every reader of the returns table relies on. */
export function compareManifests(a: SubmissionManifest, b: SubmissionManifest): number {
  return compareSubmissions(orderKey(a), orderKey(b));
}

function orderKey(m: SubmissionManifest) {
  return {
    submitted_at: new Date(m.submitted_at),
    processed_at: m.processed_at ? new Date(m.processed_at) : null,
    input_sha256: m.sha,
  };
}

function latestOf(dates: readonly Date[]): Date | null {
  let out: Date | null = null;
  for (const d of dates) if (!out || d > out) out = d;
  return out;
}
