/**
 * The storage layout of core/ports.ts as relative, '/'-separated keys: the same keys name files
 * under a local `<out>` directory and objects in the S3 bucket. Every identifier that becomes part
 * of a key is validated here first, so no caller can build a key that escapes its prefix.
 *
 *   raw/force_code=<slug|mixed>/<sha256>/<file name>
 *   quarantine/<sha256>/<file name> + report.json
 *   curated/returns/force_code=<slug>/<sha256>.parquet
 *   curated/submissions/<sha256>.json        (manifest, written last: the commit marker)
 *   findings/force_code=<slug>/findings.parquet
 *   runs/run_id=<id>/run.parquet
 */
const SLUG = /^[a-z0-9-]+$/;
const SHA256 = /^[0-9a-f]{64}$/;
/** Run ids: letters, digits, `_`, `-`, `.`; no `..`, no `:` (not portable in file names). */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export const MIXED_FORCES = 'mixed';
export const QUARANTINE_REPORT = 'report.json';

export class UnsafeKeyError extends Error {
  override name = 'UnsafeKeyError';
}

export function assertForceSlug(value: string): string {
  if (typeof value !== 'string' || !SLUG.test(value) || value.length > 64) {
    throw new UnsafeKeyError(`not a force slug: ${JSON.stringify(value)}`);
  }
  return value;
}

export function assertSha256(value: string): string {
  if (typeof value !== 'string' || !SHA256.test(value)) {
    throw new UnsafeKeyError(`not a lowercase hex SHA-256: ${JSON.stringify(value)}`);
  }
  return value;
}

export function assertRunId(value: string): string {
  if (typeof value !== 'string' || !RUN_ID.test(value) || value.includes('..')) {
    throw new UnsafeKeyError(`not a safe run id: ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * A user-supplied file name reduced to something safe as the last segment of a key: the base name
 * only (after both `/` and `\`), control characters and runs of dots collapsed, no leading dot,
 * at most 200 characters. Never empty.
 */
export function sanitiseFileName(name: string): string {
  const base = String(name).split(/[/\\]/).pop() ?? '';
  let clean = base
    // C0 controls, DEL and C1 controls: invisible in listings, hostile in terminals.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.\s]+/, '')
    .trim();
  if ([...clean].length > 200) clean = [...clean].slice(0, 200).join('');
  return clean === '' ? 'upload' : clean;
}

export const keys = {
  raw(forceOrMixed: string, sha: string, fileName: string): string {
    const partition = forceOrMixed === MIXED_FORCES ? MIXED_FORCES : assertForceSlug(forceOrMixed);
    return `raw/force_code=${partition}/${assertSha256(sha)}/${sanitiseFileName(fileName)}`;
  },
  quarantineFile(sha: string, fileName: string): string {
    let name = sanitiseFileName(fileName);
    // The report has a fixed name; an upload called report.json must not overwrite it.
    if (name === QUARANTINE_REPORT) name = `upload-${QUARANTINE_REPORT}`;
    return `quarantine/${assertSha256(sha)}/${name}`;
  },
  quarantineReport(sha: string): string {
    return `quarantine/${assertSha256(sha)}/${QUARANTINE_REPORT}`;
  },
  curatedReturnsPrefix: 'curated/returns/',
  curatedReturns(force: string, sha: string): string {
    return `curated/returns/force_code=${assertForceSlug(force)}/${assertSha256(sha)}.parquet`;
  },
  submissionsPrefix: 'curated/submissions/',
  submissionManifest(sha: string): string {
    return `curated/submissions/${assertSha256(sha)}.json`;
  },
  findingsPrefix: 'findings/',
  findings(force: string): string {
    return `findings/force_code=${assertForceSlug(force)}/findings.parquet`;
  },
  runsPrefix: 'runs/',
  run(runId: string): string {
    return `runs/run_id=${assertRunId(runId)}/run.parquet`;
  },
} as const;

/** Parses `findings/force_code=<slug>/findings.parquet`; null for anything else (temp files, strays). */
export function parseFindingsKey(key: string): { force: string } | null {
  const m = /^findings\/force_code=([a-z0-9-]+)\/findings\.parquet$/.exec(key);
  return m?.[1] ? { force: m[1] } : null;
}

/** Parses `runs/run_id=<id>/run.parquet`; null for anything else. */
export function parseRunKey(key: string): { runId: string } | null {
  const m = /^runs\/run_id=([^/]+)\/run\.parquet$/.exec(key);
  if (!m?.[1] || !RUN_ID.test(m[1]) || m[1].includes('..')) return null;
  return { runId: m[1] };
}
