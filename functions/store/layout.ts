/**
 * The storage layout of core/ports.ts as relative, '/'-separated keys: the same keys name files
 * under a local `<out>` directory and objects in the S3 buckets, and lib/ grants IAM and routes
 * notifications on these prefixes, so the stores and the infrastructure cannot disagree. Every
 * identifier that becomes part of a key is validated here first, so no caller can build a key that
 * escapes its prefix.
 *
 *   uploads/<slug>/<file name>               (returns bucket: what a force sends)
 *   uploads/<slug>/responses/<name>.json     (a force's answer to one of its findings)
 *   decisions/<name>.json                    (an auditor's decision on a finding)
 *   response_reports/force_code=<slug>/<sha256>/<name> + report.json   (a refused response, kept)
 *   response_reports/auditors/<sha256>/<name> + report.json            (a refused decision, kept)
 *   raw/force_code=<slug|mixed>/<sha256>/<file name>
 *   quarantine/<sha256>/<file name> + report.json
 *   curated/returns/force_code=<slug>/<sha256>.parquet
 *   curated/submissions/<sha256>.json        (manifest, written last: the commit marker)
 *   findings/force_code=<slug>/findings.parquet
 *   runs/run_id=<id>/run.parquet
 *   finding_events/force_code=<slug>/events.parquet
 *   findings_history/force_code=<slug>/<run id>.parquet
 *   annotations/<annotation_id>.parquet   (one row each; the id is a content hash)
 */

const SLUG = /^[a-z0-9-]+$/;
const SHA256 = /^[0-9a-f]{64}$/;
/** Run ids: letters, digits, `_`, `-`, `.`; no `..`, no `:` (not portable in file names). */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const ANNOTATION_ID = /^a_[0-9a-f]{32}$/;

/**
 * Every top-level prefix. Each ends with `/`: an IAM pattern `<prefix>*` or a notification filter
 * without it would also match `uploads-old/` or `findings2/`.
 */
export const PREFIXES = {
  uploads: 'uploads/',
  /** Auditors' decisions on findings (accept, dispute, reopen): written by the auditor role only. */
  decisions: 'decisions/',
  /** Refused responses and decisions, each kept with its report; a force reads its own partition. */
  responseReports: 'response_reports/',
  raw: 'raw/',
  quarantine: 'quarantine/',
  /** Curated returns and submission manifests: what the intake writes and the audits read. */
  curated: 'curated/',
  curatedReturns: 'curated/returns/',
  /** One derived object per force: its current revision, rebuilt whenever its submissions change. */
  currentReturns: 'curated/current/',
  submissions: 'curated/submissions/',
  findings: 'findings/',
  runs: 'runs/',
  findingEvents: 'finding_events/',
  findingsHistory: 'findings_history/',
  annotations: 'annotations/',
} as const;

export const MIXED_FORCES = 'mixed';
export const QUARANTINE_REPORT = 'report.json';
/** The folder of a force's upload prefix that holds its responses to findings, not returns. */
export const RESPONSES_FOLDER = 'responses';
/** The partition of response_reports/ that holds refused auditor decisions. */
export const AUDITOR_REPORTS = 'auditors';

export class UnsafeKeyError extends Error {
  override name = 'UnsafeKeyError';
}

export function assertForceSlug(value: string): string {
  if (!isForceSlug(value)) {
    throw new UnsafeKeyError(`not a force slug: ${JSON.stringify(value)}`);
  }
  return value;
}

/** A force slug as keys use it (the reference table decides whether the force exists). */
export function isForceSlug(value: string): boolean {
  return typeof value === 'string' && SLUG.test(value) && value.length <= 64;
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

/** `<prefix>force_code=<slug>/`: one force's partition of a partitioned table. */
function forcePartition(prefix: string, force: string): string {
  return `${prefix}force_code=${assertForceSlug(force)}/`;
}

export const keys = {
  /** `uploads/<slug>/`: the only prefix a force may write to; its IAM policy is scoped to it. */
  uploads(force: string): string {
    return `${PREFIXES.uploads}${assertForceSlug(force)}/`;
  },
  /** `uploads/<slug>/responses/`: where a force answers its own findings (inside its upload prefix). */
  forceResponses(force: string): string {
    return `${keys.uploads(force)}${RESPONSES_FOLDER}/`;
  },
  /**
   * `response_reports/force_code=<slug>/` (a force's refused responses, which it may read) or, for
   * `null`, `response_reports/auditors/` (refused auditor decisions).
   */
  responseReports(force: string | null): string {
    return force === null
      ? `${PREFIXES.responseReports}${AUDITOR_REPORTS}/`
      : forcePartition(PREFIXES.responseReports, force);
  },
  /** A refused response kept byte for byte, under the sha256 of its bytes. */
  responseReportFile(force: string | null, sha: string, fileName: string): string {
    let name = sanitiseFileName(fileName);
    if (name === QUARANTINE_REPORT) name = `response-${QUARANTINE_REPORT}`;
    return `${keys.responseReports(force)}${assertSha256(sha)}/${name}`;
  },
  responseReport(force: string | null, sha: string): string {
    return `${keys.responseReports(force)}${assertSha256(sha)}/${QUARANTINE_REPORT}`;
  },
  raw(forceOrMixed: string, sha: string, fileName: string): string {
    const partition = forceOrMixed === MIXED_FORCES ? MIXED_FORCES : assertForceSlug(forceOrMixed);
    return `${PREFIXES.raw}force_code=${partition}/${assertSha256(sha)}/${sanitiseFileName(fileName)}`;
  },
  quarantineFile(sha: string, fileName: string): string {
    let name = sanitiseFileName(fileName);
    // The report has a fixed name; an upload called report.json must not overwrite it.
    if (name === QUARANTINE_REPORT) name = `upload-${QUARANTINE_REPORT}`;
    return `${PREFIXES.quarantine}${assertSha256(sha)}/${name}`;
  },
  quarantineReport(sha: string): string {
    return `${PREFIXES.quarantine}${assertSha256(sha)}/${QUARANTINE_REPORT}`;
  },
  curatedReturns(force: string, sha: string): string {
    return `${forcePartition(PREFIXES.curatedReturns, force)}${assertSha256(sha)}.parquet`;
  },
  /** `curated/returns/force_code=<slug>/`: one force's curated cells, one object per submission. */
  forceCuratedReturns(force: string): string {
    return forcePartition(PREFIXES.curatedReturns, force);
  },
  /** `curated/current/force_code=<slug>/current.parquet`: the force's current cells, derived. */
  currentSnapshot(force: string): string {
    return `${forcePartition(PREFIXES.currentReturns, force)}current.parquet`;
  },
  submissionManifest(sha: string): string {
    return `${PREFIXES.submissions}${assertSha256(sha)}.json`;
  },
  /** `findings/force_code=<slug>/`: one force's findings, which that force may read. */
  forceFindings(force: string): string {
    return forcePartition(PREFIXES.findings, force);
  },
  findings(force: string): string {
    return `${forcePartition(PREFIXES.findings, force)}findings.parquet`;
  },
  findingEvents(force: string): string {
    return `${forcePartition(PREFIXES.findingEvents, force)}events.parquet`;
  },
  findingsHistory(force: string, runId: string): string {
    return `${forcePartition(PREFIXES.findingsHistory, force)}${assertRunId(runId)}.parquet`;
  },
  run(runId: string): string {
    return `${PREFIXES.runs}run_id=${assertRunId(runId)}/run.parquet`;
  },
  annotation(annotationId: string): string {
    if (!ANNOTATION_ID.test(annotationId)) {
      throw new UnsafeKeyError(`not an annotation id: ${JSON.stringify(annotationId)}`);
    }
    return `${PREFIXES.annotations}${annotationId}.parquet`;
  },
} as const;

/** Parses `curated/submissions/<sha>.json` to its sha; null for anything else (temp files, strays). */
export function parseManifestKey(key: string): string | null {
  return /^curated\/submissions\/([0-9a-f]{64})\.json$/.exec(key)?.[1] ?? null;
}

/** Parses `curated/returns/force_code=<slug>/<sha256>.parquet`; null for anything else. */
export function parseCuratedReturnsKey(key: string): { force: string; sha: string } | null {
  const m = /^curated\/returns\/force_code=([a-z0-9-]+)\/([0-9a-f]{64})\.parquet$/.exec(key);
  return m?.[1] && m[2] ? { force: m[1], sha: m[2] } : null;
}

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

/** Parses `finding_events/force_code=<slug>/events.parquet`; null for anything else. */
export function parseFindingEventsKey(key: string): { force: string } | null {
  const m = /^finding_events\/force_code=([a-z0-9-]+)\/events\.parquet$/.exec(key);
  return m?.[1] ? { force: m[1] } : null;
}

/** Parses `findings_history/force_code=<slug>/<run id>.parquet`; null for anything else. */
export function parseFindingsHistoryKey(key: string): { force: string; runId: string } | null {
  const m = /^findings_history\/force_code=([a-z0-9-]+)\/([^/]+)\.parquet$/.exec(key);
  if (!m?.[1] || !m[2] || !RUN_ID.test(m[2]) || m[2].includes('..')) return null;
  return { force: m[1], runId: m[2] };
}

/** Parses `annotations/<annotation_id>.parquet` to its id; null for anything else (temp files, strays). */
export function parseAnnotationKey(key: string): string | null {
  return /^annotations\/(a_[0-9a-f]{32})\.parquet$/.exec(key)?.[1] ?? null;
}
