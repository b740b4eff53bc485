/**
 * Where forces upload: `uploads/<force slug>/<file name>` in the returns bucket. The prefix is the
 * force's identity (its IAM policy lets it write only there), so the key is checked strictly before
 * anything is read: exactly three segments, a slug of a known force, and a plain file name.
 *
 * S3 event notifications carry keys form-URL-encoded (space → `+`, others `%XX`); decodeEventKey
 * turns them back into the object key. (s3rver sends keys unencoded; the integration test encodes
 * them as S3 does.)
 */
import { forceBySlug, resolveForce } from '#core/reference/forces.ts';
import { isForceSlug, PREFIXES } from '#store/layout.ts';

export type UploadKey =
  /** A force's upload: audit it. */
  | { kind: 'upload'; key: string; force: string; fileName: string }
  /** Not under uploads/ (e.g. the function's own raw/ or curated/ writes): not an upload at all. */
  | { kind: 'not_upload'; key: string }
  /** A "folder" placeholder (`uploads/kent/`) that consoles create: nothing to read. */
  | { kind: 'folder'; key: string }
  /** Under uploads/ but not a valid upload key: rejected, with the reason. */
  | { kind: 'invalid'; key: string; reason: string };

export class InvalidEventKeyError extends Error {
  override name = 'InvalidEventKeyError';
}

/** The object key from an S3 event notification's (form-URL-encoded) key. */
export function decodeEventKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch {
    throw new InvalidEventKeyError(
      `the event's object key is not valid URL encoding: ${JSON.stringify(encoded)}`,
    );
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const EXPECTED = `expected ${PREFIXES.uploads}<force slug>/<file name>`;

export function classifyUploadKey(key: string): UploadKey {
  if (!key.startsWith(PREFIXES.uploads)) return { kind: 'not_upload', key };
  if (key.endsWith('/')) return { kind: 'folder', key };
  const invalid = (reason: string): UploadKey => ({
    kind: 'invalid',
    key,
    reason: `upload key ${JSON.stringify(key)} rejected: ${reason}`,
  });

  const segments = key.split('/');
  if (segments.some((s) => s === '..' || s === '.'))
    return invalid(`it contains a "." or ".." segment; ${EXPECTED}`);
  if (segments.length !== 3) return invalid(`${EXPECTED} (exactly one folder, the force slug)`);
  const [, slug = '', fileName = ''] = segments;
  if (slug === '') return invalid(`the force slug is empty; ${EXPECTED}`);
  if (!isForceSlug(slug) || !forceBySlug(slug)) {
    const meant = resolveForce(slug);
    return invalid(
      meant
        ? `"${slug}" is not a force slug; this force uploads to ${PREFIXES.uploads}${meant.slug}/`
        : `"${slug}" is not the slug of any of the 44 forces; ${EXPECTED}`,
    );
  }
  if (CONTROL.test(fileName)) return invalid('the file name contains control characters');
  if (fileName.trim() === '') return invalid(`the file name is empty; ${EXPECTED}`);
  return { kind: 'upload', key, force: slug, fileName };
}
