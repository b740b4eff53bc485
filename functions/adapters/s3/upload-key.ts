/**
 * Where forces upload: `uploads/<force slug>/<file name>` in the returns bucket, and their responses
 * to findings in `uploads/<force slug>/responses/<file name>`; auditors put decisions in
 * `decisions/<file name>`. The prefix is the sender's identity (each role may write only its own),
 * so the key is checked strictly before anything is read: a slug of a known force, no other folder,
 * and a plain file name.
 *
 * S3 event notifications carry keys form-URL-encoded (space → `+`, others `%XX`); decodeEventKey
 * turns them back into the object key. (s3rver sends keys unencoded; the integration test encodes
 * them as S3 does.)
 */
import { forceBySlug, resolveForce } from '#core/reference/forces.ts';
import { isForceSlug, PREFIXES, RESPONSES_FOLDER } from '#store/layout.ts';

export type UploadKey =
  /** A force's upload: audit it. */
  | { kind: 'upload'; key: string; force: string; fileName: string }
  /** A force's response to one of its findings: `uploads/<slug>/responses/<file name>`. */
  | { kind: 'response'; key: string; force: string; fileName: string }
  /** An auditor's decision on a finding: `decisions/<file name>` (only the auditor role writes there). */
  | { kind: 'decision'; key: string; fileName: string }
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
  if (key.startsWith(PREFIXES.decisions)) return classifyDecisionKey(key);
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
  const response = segments.length === 4 && segments[2] === RESPONSES_FOLDER;
  if (segments.length !== 3 && !response)
    return invalid(
      `${EXPECTED} (exactly one folder, the force slug), or ${PREFIXES.uploads}<force slug>/${RESPONSES_FOLDER}/<file name> for a response`,
    );
  const [, slug = '', ...rest] = segments;
  const fileName = rest.at(-1) ?? '';
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
  return { kind: response ? 'response' : 'upload', key, force: slug, fileName };
}

function classifyDecisionKey(key: string): UploadKey {
  if (key.endsWith('/')) return { kind: 'folder', key };
  const fileName = key.slice(PREFIXES.decisions.length);
  const expected = `expected ${PREFIXES.decisions}<file name>`;
  const invalid = (reason: string): UploadKey => ({
    kind: 'invalid',
    key,
    reason: `decision key ${JSON.stringify(key)} rejected: ${reason}; ${expected}`,
  });
  if (fileName.includes('/')) return invalid('it has a folder');
  if (CONTROL.test(fileName)) return invalid('the file name contains control characters');
  if (fileName.trim() === '') return invalid('the file name is empty');
  return { kind: 'decision', key, fileName };
}
