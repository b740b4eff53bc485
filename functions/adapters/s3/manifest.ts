/**
 * Submission manifests (`curated/submissions/<sha>.json`) as listed in S3. Parsing and ordering are
 * shared with the local store (../shared/submission-plan.ts); only recognising a manifest key is S3's.
 */
export { CorruptManifestError, compareManifests, parseManifest } from '../shared/submission-plan.ts';

const MANIFEST_KEY = /^curated\/submissions\/([0-9a-f]{64})\.json$/;

/** The sha of a manifest key, or null for anything else under the prefix (temp files, strays). */
export function parseManifestKey(key: string): string | null {
  return MANIFEST_KEY.exec(key)?.[1] ?? null;
}
