/**
 * Submission manifests (`curated/submissions/<sha>.json`) as stored in S3: the same JSON the local
 * repository writes, read back defensively. Keys inside the manifest are rebuilt from validated
 * parts (layout.ts) rather than trusted, so a tampered manifest cannot point a reader elsewhere.
 */
import { assertForceSlug, keys, type SubmissionManifest } from '../local/layout.ts';

const MANIFEST_KEY = /^curated\/submissions\/([0-9a-f]{64})\.json$/;

/** The sha of a manifest key, or null for anything else under the prefix (temp files, strays). */
export function parseManifestKey(key: string): string | null {
  return MANIFEST_KEY.exec(key)?.[1] ?? null;
}

export class CorruptManifestError extends Error {
  override name = 'CorruptManifestError';
}

export function parseManifest(text: string, sha: string): SubmissionManifest {
  let m: Partial<SubmissionManifest>;
  try {
    m = JSON.parse(text) as Partial<SubmissionManifest>;
  } catch {
    throw new CorruptManifestError(`submission manifest for ${sha} is not JSON`);
  }
  const forces = Array.isArray(m.forces) ? m.forces.map((f) => assertForceSlug(String(f))) : null;
  if (
    m.sha !== sha ||
    !forces ||
    typeof m.submitted_at !== 'string' ||
    Number.isNaN(Date.parse(m.submitted_at))
  ) {
    throw new CorruptManifestError(`corrupt submission manifest for ${sha}`);
  }
  return {
    sha,
    fileName: String(m.fileName ?? ''),
    forces,
    rows: Number(m.rows ?? 0),
    submitted_at: m.submitted_at,
    raw: String(m.raw ?? ''),
    curated: forces.map((f) => keys.curatedReturns(f, sha)),
    notes: Array.isArray(m.notes) ? m.notes : [],
    transitions: Array.isArray(m.transitions) ? m.transitions : [],
  };
}

/** Oldest first, ties by sha: the order every reader of the returns table relies on. */
export function compareManifests(a: SubmissionManifest, b: SubmissionManifest): number {
  if (a.submitted_at !== b.submitted_at) return a.submitted_at < b.submitted_at ? -1 : 1;
  return a.sha < b.sha ? -1 : a.sha > b.sha ? 1 : 0;
}
