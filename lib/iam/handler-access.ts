/**
 * What each handler may touch, prefix by prefix (the PREFIXES of functions/store/layout.ts, the
 * same module the stores build their keys with):
 *
 *   returns bucket   uploads/      the forces' uploads and responses  intake reads (the event's version)
 *                    decisions/    the auditors' decisions       intake reads (the event's version)
 *                    response_reports/  refused responses + reports  intake writes
 *                    raw/          accepted uploads, verbatim    intake writes
 *                    quarantine/   rejected uploads + reports    intake writes
 *                    curated/      normalised returns, manifests intake reads + writes; audits read
 *                    curated/submissions/  (manifests)   plan reads, to list the forces with returns
 *   findings bucket  findings/     current findings per force    intake, force-audit read/write/delete
 *                    runs/         one row per run               intake, force-audit read/write
 *
 * Only the intake uses the idempotency table (keyed on bucket, key and version of the upload).
 * Deleting is granted only on findings/ (an empty finding set removes the force's object). Listing
 * is granted on whole buckets (see listBucketStatement). Nothing here can read another bucket or
 * write to uploads/.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { PREFIXES } from '#store/layout.ts';
import {
  type EncryptedBucket,
  keyViaServiceStatement,
  listBucketStatement,
  objectStatement,
  READ_OBJECT_VERSION_ACTIONS,
  readPrefixes,
  writePrefixes,
} from './s3-access.ts';

export interface HandlerResources {
  returns: EncryptedBucket;
  findings: EncryptedBucket;
  flags: sns.ITopic;
  flagsKey: kms.IKey;
  /** The idempotency store's item-level statement. */
  idempotency: iam.PolicyStatement;
}

function publishFlags(r: HandlerResources): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [r.flags.topicArn] }),
    keyViaServiceStatement(r.flagsKey, 'encrypt', 'sns'),
  ];
}

function findingsAndRuns(r: HandlerResources): iam.PolicyStatement[] {
  const prefixes = [PREFIXES.findings, PREFIXES.runs, PREFIXES.findingEvents, PREFIXES.findingsHistory];
  return [
    // Annotations are read by every audit (their breaks), written only by auditors.
    ...readPrefixes(r.findings, [...prefixes, PREFIXES.annotations]),
    ...writePrefixes(r.findings, prefixes),
    objectStatement(['s3:DeleteObject'], r.findings.bucket, [PREFIXES.findings]),
    listBucketStatement(r.findings.bucket),
  ];
}

/** Intake: an upload in, its raw copy or quarantine, curated returns, the force's findings and run. */
export function intakeStatements(r: HandlerResources): iam.PolicyStatement[] {
  return [
    ...readPrefixes(r.returns, [PREFIXES.uploads, PREFIXES.decisions], READ_OBJECT_VERSION_ACTIONS),
    ...readPrefixes(r.returns, [PREFIXES.curated]),
    ...writePrefixes(r.returns, [
      PREFIXES.raw,
      PREFIXES.quarantine,
      PREFIXES.curated,
      PREFIXES.responseReports,
    ]),
    listBucketStatement(r.returns.bucket),
    ...findingsAndRuns(r),
    ...publishFlags(r),
    r.idempotency,
  ];
}

/** Weekly digest: every force's current findings and events in (read-only), one notice per force out. */
export function digestStatements(r: HandlerResources): iam.PolicyStatement[] {
  const prefixes = [PREFIXES.findings, PREFIXES.findingEvents];
  return [
    ...readPrefixes(r.findings, prefixes),
    listBucketStatement(r.findings.bucket, prefixes),
    ...publishFlags(r),
  ];
}

/** Plan: which forces have committed submissions (their manifests). Read-only. */
export function planStatements(r: HandlerResources): iam.PolicyStatement[] {
  return [
    ...readPrefixes(r.returns, [PREFIXES.submissions]),
    listBucketStatement(r.returns.bucket, [PREFIXES.submissions]),
  ];
}

/**
 * Force audit: every force's curated returns (for peers) in, one force's findings and the run out,
 * and the derived per-force current snapshots (curated/current/) rebuilt when they are out of date.
 */
export function forceAuditStatements(r: HandlerResources): iam.PolicyStatement[] {
  return [
    ...readPrefixes(r.returns, [PREFIXES.curated]),
    ...writePrefixes(r.returns, [PREFIXES.currentReturns]),
    listBucketStatement(r.returns.bucket),
    ...findingsAndRuns(r),
    ...publishFlags(r),
  ];
}
