/**
 * A response to a finding that arrived on the intake queue: a force's, under its own
 * `uploads/<slug>/responses/`, or an auditor's decision under `decisions/` (store/layout.ts). The
 * prefix is the sender's role: IAM lets each role write only its own (lib/constructs/access-roles.ts).
 * Core judges it (core/lifecycle/channel-response.ts); this reads it, records its event and tells
 * whoever needs telling:
 *   - recorded: one event appended to the force's log (idempotent on event_id, so the same response
 *     delivered or uploaded again records nothing new); an auditor's dispute or reopen is notified
 *     to the force, whose finding now waits for it again;
 *   - refused: the response is kept byte for byte with a report under response_reports/ (a force
 *     reads its own partition) and, from a force, the force is told what was wrong. Nothing is lost.
 * It runs inside the intake's idempotent processUpload, on the same queue as uploads: one S3
 * notification, one queue, one consumer, so responses are routed by key, not by a second consumer
 * (SQS would hand each message to either consumer, not the right one).
 */
import { createHash } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { S3Store } from '#adapters/s3/store.ts';
import type { UploadKey } from '#adapters/s3/upload-key.ts';
import type { ForceNotifier } from '#adapters/sns/publisher.ts';
import {
  type ChannelInput,
  decideChannelResponse,
  parseResponse,
  type ResponseChannel,
} from '#core/lifecycle/channel-response.ts';
import { MAX_RESPONSE_BYTES } from '#core/lifecycle/response-message.ts';
import type { ValidationIssue, ValidationReport } from '#core/model/validation.ts';
import type { UploadRef } from './s3-event.ts';

export type ResponseKey = Extract<UploadKey, { kind: 'response' | 'decision' }>;

/** What a response needs of the intake's dependencies. */
export interface ResponseDeps {
  store: S3Store;
  notifier: ForceNotifier;
  logger: Logger;
  metrics: Metrics;
}

export type ResponseResult =
  | { status: 'ignored'; key: string; reason: string }
  | {
      status: 'response_recorded' | 'response_unchanged';
      key: string;
      force: string;
      finding_id: string;
      action: string;
      event_id: string;
      notified: boolean;
    }
  | {
      status: 'response_refused';
      key: string;
      /** The force whose channel it came through; null for an auditor's decision. */
      force: string | null;
      reason: string;
      location: string;
      notified: boolean;
    };

export const RESPONSE_METRICS = {
  recorded: 'ResponsesRecorded',
  unchanged: 'ResponsesUnchanged',
  refused: 'ResponsesRefused',
} as const;

export async function processResponse(
  deps: ResponseDeps,
  ref: UploadRef,
  key: ResponseKey,
  at: Date,
): Promise<ResponseResult> {
  const channel: ResponseChannel =
    key.kind === 'response' ? { role: 'force', force: key.force } : { role: 'auditor' };
  const versionId = ref.versionId ?? undefined;
  const objects = deps.store.returnsObjects;
  const size = await objects.size(ref.key, versionId);
  if (size === null) return { status: 'ignored', key: ref.key, reason: 'the object no longer exists' };
  const issue = (message: string): ValidationIssue => ({
    file: key.fileName,
    line: 0,
    field: '(file)',
    value: null,
    message,
  });
  if (size > MAX_RESPONSE_BYTES) {
    const identity = createHash('sha256')
      .update(`${ref.bucket}\n${ref.key}\n${ref.version ?? ''}`)
      .digest('hex');
    return refuse(deps, ref, key, channel, identity, { copyOf: { key: ref.key, versionId, size } }, [
      issue(
        `the response is ${size} bytes, over the ${MAX_RESPONSE_BYTES} a response may be; send one finding's answer per file`,
      ),
    ]);
  }
  const bytes = await objects.get(ref.key, versionId);
  if (bytes === null) return { status: 'ignored', key: ref.key, reason: 'the object no longer exists' };
  const sha = createHash('sha256').update(bytes).digest('hex');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refuse(deps, ref, key, channel, sha, { bytes }, [issue('not UTF-8 text')]);
  }
  const input: ChannelInput = { channel, fileName: key.fileName, text, sha256: sha, at };
  const parsed = parseResponse(input);
  if (!parsed.ok) return refuse(deps, ref, key, channel, sha, { bytes }, parsed.issues);

  const force = parsed.force;
  const [findings, before] = await Promise.all([
    deps.store.findings.loadForce(force),
    deps.store.events.loadForce(force),
  ]);
  const known = new Map<string, { force_code: string }>();
  for (const f of findings) known.set(f.finding_id, f);
  for (const e of before) known.set(e.finding_id, e);
  const decision = decideChannelResponse(input, parsed, known);
  if (!decision.ok) return refuse(deps, ref, key, channel, sha, { bytes }, decision.issues);

  const { event } = decision;
  const already = before.some((e) => e.event_id === event.event_id);
  let notified = false;
  if (!already) {
    // Told before it is recorded: if the publish fails nothing is stored and the queue's retry does
    // both; recorded first, a retry would find the event stored and the force would never be told.
    if (event.role === 'auditor' && (event.action === 'dispute' || event.action === 'reopen')) {
      const finding = findings.find((f) => f.finding_id === event.finding_id) ?? null;
      await deps.notifier.publish({ kind: 'finding_decision', force, event, finding });
      notified = true;
    }
    await deps.store.events.append(force, [event]);
  }
  deps.metrics.addMetric(
    already ? RESPONSE_METRICS.unchanged : RESPONSE_METRICS.recorded,
    MetricUnit.Count,
    1,
  );
  const result: ResponseResult = {
    status: already ? 'response_unchanged' : 'response_recorded',
    key: ref.key,
    force,
    finding_id: event.finding_id,
    action: event.action,
    event_id: event.event_id,
    notified,
  };
  deps.logger.info('response processed', result);
  return result;
}

async function refuse(
  deps: ResponseDeps,
  ref: UploadRef,
  key: ResponseKey,
  channel: ResponseChannel,
  sha: string,
  content: { bytes: Uint8Array } | { copyOf: { key: string; versionId?: string; size: number } },
  issues: ValidationIssue[],
): Promise<ResponseResult> {
  const report: ValidationReport = {
    file: key.fileName,
    input_sha256: sha,
    format: 'json',
    rows_read: 0,
    issue_count: issues.length,
    issues,
    truncated: false,
  };
  const force = channel.role === 'force' ? channel.force : null;
  const location = await deps.store.responseReports.put({ force, fileName: key.fileName, content, report });
  if (force) {
    await deps.notifier.publish({ kind: 'response_rejected', force, responseKey: ref.key, location, report });
  }
  deps.metrics.addMetric(RESPONSE_METRICS.refused, MetricUnit.Count, 1);
  const result: ResponseResult = {
    status: 'response_refused',
    key: ref.key,
    force,
    reason: issues.map((i) => `${i.field}: ${i.message}`).join('; '),
    location,
    notified: force !== null,
  };
  deps.logger.warn('response refused', result);
  return result;
}
