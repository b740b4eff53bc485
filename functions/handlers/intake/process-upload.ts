/**
 * One uploaded object, start to finish — the same application code as `auditor audit`, over S3
 * (a response to a finding, or an auditor's decision, goes to process-response.ts instead):
 *   1. the key must be `uploads/<force slug>/<file>`: anything else under uploads/ is quarantined
 *      with a report naming the key; keys outside uploads/ (the function's own writes) are ignored;
 *   2. the object (the announced version) is streamed to a private temp directory, unless it is
 *      larger than the intake accepts: then it is quarantined unread (copied inside S3) with a
 *      report, and the force is told to split it;
 *   3. runAudit ingests it for that force only (rows for any other force reject the whole file, see
 *      force-scope.ts) and audits that force, with every force's current data as context;
 *   4. the force is notified of the findings this upload's run raised first, or of the rejection.
 *
 * The run id is derived from the event (its time, bucket, key, version), so a retry after a failure
 * reuses it: findings the failed attempt already stored keep that run id, and the retry still
 * notifies them. What this returns is small JSON, stored by the idempotency layer.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { formatBytes, hashFile, readReturnFile } from '#adapters/files/read-return.ts';
import { isNotFound } from '#adapters/s3/objects.ts';
import type { S3Store } from '#adapters/s3/store.ts';
import { classifyUploadKey, type UploadKey } from '#adapters/s3/upload-key.ts';
import type { ForceNotice } from '#adapters/sns/force-notice.ts';
import type { ForceNotifier } from '#adapters/sns/publisher.ts';
import { runAudit } from '#app/audit.ts';
import type { CheckRegistry } from '#core/engine/registry.ts';
import { IssueCollector } from '#core/ingest/issues.ts';
import type { ValidationReport } from '#core/model/validation.ts';
import { PREFIXES, sanitiseFileName } from '#store/layout.ts';
import { MAX_UPLOAD_BYTES } from '#store/upload-limit.ts';
import { compactStamp } from '../shared/run-id.ts';
import { annotate } from '../shared/tracing.ts';
import { restrictToForce } from './force-scope.ts';
import { processResponse, type ResponseResult } from './process-response.ts';
import type { UploadRef } from './s3-event.ts';

export interface UploadDeps {
  store: S3Store;
  notifier: ForceNotifier;
  registry: CheckRegistry;
  clock: () => Date;
  /** Where temp directories go (os.tmpdir(): /tmp in Lambda). */
  tmpRoot: string;
  /** Larger objects are quarantined without being downloaded (default MAX_UPLOAD_BYTES). */
  maxUploadBytes?: number;
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
}

export type UploadResult =
  | { status: 'ignored'; key: string; reason: string }
  /** A response to a finding or an auditor's decision (process-response.ts). */
  | ResponseResult
  | { status: 'rejected'; key: string; reason: string; location: string }
  | {
      status: 'too_large';
      key: string;
      /** The uploading force, or null when the key names none (then nobody is notified). */
      force: string | null;
      bytes: number;
      limit: number;
      location: string;
      notified: boolean;
    }
  | {
      status: 'ingested' | 'unchanged' | 'quarantined';
      key: string;
      force: string;
      run_id: string;
      input_sha256: string;
      /** Findings first raised by this upload's run (those the force was told about). */
      findings_new: number;
      findings_current: number;
      /** Where a quarantined file and its report are. */
      location: string | null;
      notified: boolean;
    };

export const METRICS = {
  ingested: 'FilesIngested',
  unchanged: 'FilesUnchanged',
  quarantined: 'FilesQuarantined',
  rejectedKeys: 'UploadKeysRejected',
  tooLarge: 'UploadsTooLarge',
  findings: 'FindingsRaised',
  notices: 'NoticesPublished',
} as const;

export async function processUpload(deps: UploadDeps, ref: UploadRef): Promise<UploadResult> {
  const returnsBucket = deps.store.returnsObjects.bucket;
  if (ref.bucket !== returnsBucket) {
    return ignored(ref.key, `the event is for bucket ${ref.bucket}; this function ingests ${returnsBucket}`);
  }
  const key = classifyUploadKey(ref.key);
  if (key.kind === 'not_upload') return ignored(ref.key, 'not under uploads/');
  if (key.kind === 'folder') return ignored(ref.key, 'a folder placeholder, not a file');
  if (key.kind === 'response' || key.kind === 'decision')
    return processResponse(deps, ref, key, uploadTime(ref));

  const limit = deps.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  const bytes = await deps.store.returnsObjects.size(ref.key, ref.versionId ?? undefined);
  if (bytes === null) return ignored(ref.key, 'the object no longer exists');
  if (bytes > limit) return quarantineTooLarge(deps, ref, key, { bytes, limit });

  const dir = await mkdtemp(join(deps.tmpRoot, 'intake-'));
  try {
    const fileName = key.kind === 'upload' ? key.fileName : (ref.key.split('/').pop() ?? '');
    const path = join(dir, sanitiseFileName(fileName));
    try {
      await deps.store.returnsObjects.download(ref.key, path, ref.versionId ?? undefined);
    } catch (err) {
      // Deleted since the event (S3 reads are strongly consistent): nothing to ingest, nothing to retry.
      if (isNotFound(err)) return ignored(ref.key, 'the object no longer exists');
      throw err;
    }

    if (key.kind === 'invalid') {
      const location = await quarantineBadKey(deps, ref.key, fileName, path, key.reason);
      deps.metrics.addMetric(METRICS.rejectedKeys, MetricUnit.Count, 1);
      deps.logger.error(key.reason, { key: ref.key, location });
      return { status: 'rejected', key: ref.key, reason: key.reason, location };
    }

    const runId = uploadRunId(ref);
    const force = key.force;
    annotate(deps.tracer, { force_code: force, run_id: runId });
    const outcome = await runAudit(deps.store, {
      // S3's time for the upload orders revisions: a late or repeated delivery of an older upload
      // must not displace the correction uploaded after it.
      files: [{ path, name: fileName, submittedAt: uploadTime(ref) }],
      runId,
      kind: 'upload',
      forces: [force],
      registry: deps.registry,
      clock: deps.clock,
      hash: async (file) => (await hashFile(file.path)).input_sha256,
      read: async (file, ctx, onBytes) =>
        restrictToForce(
          await readReturnFile(
            file.path,
            { ...ctx, displayName: file.name },
            { onProgress: onBytes, maxBytes: limit },
          ),
          force,
          file.name,
        ),
    });
    const file = outcome.files[0];
    if (!file) throw new Error(`runAudit returned no outcome for ${ref.key}`);
    deps.metrics.addMetric(METRICS[file.status], MetricUnit.Count, 1);

    // Raised for the first time ever by this run: a finding is notified once, however often it is found.
    const raised = outcome.raised.filter((f) => f.force_code === force);
    deps.metrics.addMetric(METRICS.findings, MetricUnit.Count, raised.length);
    let notices = 0;
    const publish = async (notice: ForceNotice) => {
      await deps.notifier.publish(notice);
      deps.metrics.addMetric(METRICS.notices, MetricUnit.Count, 1);
      notices += 1;
    };
    if (file.status === 'quarantined') {
      await publish({
        kind: 'upload_rejected',
        force,
        uploadKey: ref.key,
        location: file.location,
        report: file.report,
      });
    }
    if (raised.length > 0) {
      await publish({
        kind: 'findings',
        force,
        runId,
        findings: raised,
        currentTotal: outcome.findings.filter((f) => f.force_code === force).length,
        uploadKey: ref.key,
      });
    }

    const result: UploadResult = {
      status: file.status,
      key: ref.key,
      force,
      run_id: runId,
      input_sha256: file.input_sha256,
      findings_new: raised.length,
      findings_current: outcome.findings.length,
      location: file.status === 'quarantined' ? file.location : null,
      notified: notices > 0,
    };
    deps.logger.info('upload processed', {
      ...result,
      run_status: outcome.run.status,
      message: outcome.run.message,
    });
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** When S3 says the object was created; an event without a readable time is refused, not guessed. */
export function uploadTime(ref: UploadRef): Date {
  const at = new Date(ref.eventTime);
  if (Number.isNaN(at.getTime()))
    throw new Error(`the S3 event for ${ref.key} has no valid eventTime: ${ref.eventTime}`);
  return at;
}

/** `<event time>-upload-<hash of bucket, key, version>`: the same for every delivery of one event. */
export function uploadRunId(ref: UploadRef): string {
  const stamp = compactStamp(new Date(ref.eventTime));
  const digest = createHash('sha256')
    .update(`${ref.bucket}\n${ref.key}\n${ref.version ?? ''}`)
    .digest('hex')
    .slice(0, 10);
  return `${stamp}-upload-${digest}`;
}

async function quarantineBadKey(
  deps: UploadDeps,
  key: string,
  fileName: string,
  path: string,
  reason: string,
): Promise<string> {
  const { input_sha256 } = await hashFile(path);
  const issues = new IssueCollector(fileName || key);
  issues.add(0, 'key', key, reason);
  const report: ValidationReport = {
    file: fileName || key,
    input_sha256,
    format: null,
    rows_read: 0,
    issue_count: issues.count,
    issues: issues.issues,
    truncated: issues.truncated,
  };
  return deps.store.quarantine.put({ fileName: fileName || 'upload', rawPath: path, report });
}

/**
 * An object over the limit is never downloaded (it would not fit in /tmp, and every retry would fail
 * the same way): it is copied into quarantine inside S3 with a report saying how large it is, what
 * the limit is and how to split it, and its force gets the usual rejection notice. Its bytes were not
 * read, so the quarantine is keyed by a hash of the upload's identity (bucket, key and version)
 * instead of its content: a redelivery of the same upload lands in the same place.
 */
async function quarantineTooLarge(
  deps: UploadDeps,
  ref: UploadRef,
  key: Exclude<UploadKey, { kind: 'not_upload' | 'folder' }>,
  size: { bytes: number; limit: number },
): Promise<UploadResult> {
  const fileName = key.kind === 'upload' ? key.fileName : (ref.key.split('/').pop() ?? '');
  const force = key.kind === 'upload' ? key.force : null;
  const issues = new IssueCollector(fileName || ref.key);
  if (key.kind === 'invalid') issues.add(0, 'key', ref.key, key.reason);
  const target = `${PREFIXES.uploads}${force ?? '<your force slug>'}/`;
  issues.add(
    0,
    'file',
    null,
    `the file is ${formatBytes(size.bytes)} (${size.bytes} bytes), over the limit of ${formatBytes(size.limit)} (${size.limit} bytes) that the intake reads, so it was not read: split it into smaller files (for example one per financial year) and upload each to ${target}`,
  );
  const report: ValidationReport = {
    file: fileName || ref.key,
    input_sha256: createHash('sha256')
      .update(`${ref.bucket}\n${ref.key}\n${ref.version ?? ''}`)
      .digest('hex'),
    format: null,
    rows_read: 0,
    issue_count: issues.count,
    issues: issues.issues,
    truncated: issues.truncated,
  };
  const location = await deps.store.quarantine.putCopy({
    fileName: fileName || 'upload',
    source: { key: ref.key, versionId: ref.versionId ?? undefined, size: size.bytes },
    report,
  });
  deps.metrics.addMetric(METRICS.tooLarge, MetricUnit.Count, 1);
  if (force) {
    await deps.notifier.publish({ kind: 'upload_rejected', force, uploadKey: ref.key, location, report });
    deps.metrics.addMetric(METRICS.notices, MetricUnit.Count, 1);
  }
  deps.logger.warn('upload over the size limit: quarantined unread', { key: ref.key, ...size, location });
  return { status: 'too_large', key: ref.key, force, ...size, location, notified: force !== null };
}

function ignored(key: string, reason: string): UploadResult {
  return { status: 'ignored', key, reason };
}
