/**
 * The auditor's stack, composed of small constructs:
 *
 *   storage        returns and findings buckets (KMS, versioned, TLS-only) + access-log bucket
 *   intake         uploads/<force>/ → S3 event → SQS (+ DLQ, alarm) → intake handler
 *   audits         Scheduler → Step Functions: plan → Map over forces → force-audit handler
 *   notifications  flags topic with one filtered subscription per force; alerts topic for operators
 *   digest         Scheduler → findings-digest handler: each force's findings awaiting its answer
 *   idempotency    DynamoDB table for Powertools idempotency
 *   lake           Glue database and tables (partition projection) over the Parquet
 *   queries        Athena workgroup, results bucket and the auditors' saved queries
 *   access         an uploader role per force with configured uploader principals, and an auditor
 *                  role if auditor principals are configured; each trusts exactly its principals
 *
 * Settings come from CDK context (lib/config.ts); with none the stack still synthesises. A force
 * without uploader principals gets no uploader role at all, rather than one nobody can assume: an
 * IAM role needs someone to trust, and a role that exists but admits nobody would look configured
 * when it is not. Synth warns about every such force, and about a missing auditor role.
 */
import { join } from 'node:path';
import { Annotations, CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { FINDING_STATUS_VIEW } from '../functions/store/finding-status.ts';
import { LAKE_TABLES } from '../functions/store/lake-schema.ts';
import { keys } from '../functions/store/layout.ts';
import { RETURNS_CURRENT_VIEW } from '../functions/store/returns-current.ts';
import { type AuditorConfig, readAuditorConfig } from './config.ts';
import { AuditorRole, ForceUploaderRole } from './constructs/access-roles.ts';
import { AuditorQueries } from './constructs/auditor-queries.ts';
import { FindingsLake } from './constructs/findings-lake.ts';
import { ForceNotifications } from './constructs/force-notifications.ts';
import { IdempotencyTable } from './constructs/idempotency-table.ts';
import { ReturnsIntake } from './constructs/returns-intake.ts';
import { ScheduledAudit } from './constructs/scheduled-audit.ts';
import { SecureBucket } from './constructs/secure-bucket.ts';
import { WeeklyDigest } from './constructs/weekly-digest.ts';
import {
  digestStatements,
  forceAuditStatements,
  type HandlerResources,
  intakeStatements,
  planStatements,
} from './iam/handler-access.ts';
import { suppressStackFindings } from './nag/suppressions.ts';
import { HANDLER_FILES, HANDLERS_DIR, QUERIES_DIR } from './paths.ts';

export interface AuditorStackProps extends StackProps {
  /** Settings; by default read from this stack's CDK context. */
  config?: AuditorConfig;
  /** Directory holding the handler entries of HANDLER_FILES (default functions/handlers). */
  handlersDir?: string;
  /** Directory of the saved queries (default functions/queries). */
  queriesDir?: string;
}

/** `CrimeRecordingAuditor` → `crime_recording_auditor`: Glue names are lower-case. */
export function glueName(stackName: string): string {
  return stackName
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase()
    .replace(/^_+|_+$/g, '');
}

export class AuditorStack extends Stack {
  readonly config: AuditorConfig;
  readonly returns: SecureBucket;
  readonly findings: SecureBucket;

  constructor(scope: Construct, id: string, props: AuditorStackProps = {}) {
    super(scope, id, props);
    this.config = props.config ?? readAuditorConfig((key) => this.node.tryGetContext(key));
    const handlersDir = props.handlersDir ?? HANDLERS_DIR;

    // Access logs need S3-managed encryption (log delivery cannot use a customer key).
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.returns = new SecureBucket(this, 'Returns', {
      purpose: 'force returns (uploads, raw copies, quarantine, curated Parquet)',
      serverAccessLogsBucket: accessLogs,
    });
    this.findings = new SecureBucket(this, 'Findings', {
      purpose: 'findings and audit runs (Parquet for Athena)',
      serverAccessLogsBucket: accessLogs,
    });

    const notifications = new ForceNotifications(this, 'Notifications', {
      forces: this.config.forces,
      notificationEmail: this.config.notificationEmail,
    });
    const idempotency = new IdempotencyTable(this, 'Idempotency');
    const environment = {
      RETURNS_BUCKET: this.returns.bucket.bucketName,
      FINDINGS_BUCKET: this.findings.bucket.bucketName,
      TOPIC_ARN: notifications.flags.topicArn,
      IDEMPOTENCY_TABLE: idempotency.table.tableName,
    };
    const resources: HandlerResources = {
      returns: this.returns,
      findings: this.findings,
      flags: notifications.flags,
      flagsKey: notifications.key,
      idempotency: idempotency.accessStatement(),
    };

    const intake = new ReturnsIntake(this, 'Intake', {
      bucket: this.returns.bucket,
      entry: join(handlersDir, HANDLER_FILES.intake),
      environment,
      alarmTopic: notifications.alerts,
    });
    intake.handler.grant(intakeStatements(resources));

    const audits = new ScheduledAudit(this, 'ScheduledAudit', {
      planEntry: join(handlersDir, HANDLER_FILES.planAudit),
      forceAuditEntry: join(handlersDir, HANDLER_FILES.forceAudit),
      environment,
      schedule: this.config.schedule,
      timeZone: this.config.scheduleTimeZone,
      alarmTopic: notifications.alerts,
    });
    audits.plan.grant(planStatements(resources));
    audits.forceAudit.grant(forceAuditStatements(resources));

    const digest = new WeeklyDigest(this, 'WeeklyDigest', {
      entry: join(handlersDir, HANDLER_FILES.digest),
      environment: { FINDINGS_BUCKET: environment.FINDINGS_BUCKET, TOPIC_ARN: environment.TOPIC_ARN },
      schedule: this.config.digestSchedule,
      timeZone: this.config.scheduleTimeZone,
    });
    digest.fn.grant(digestStatements(resources));

    const lake = new FindingsLake(this, 'Lake', {
      databaseName: glueName(this.stackName),
      returnsBucket: this.returns.bucket,
      findingsBucket: this.findings.bucket,
    });
    const queries = new AuditorQueries(this, 'Queries', {
      workGroupName: `${this.stackName}-auditors`,
      databaseName: lake.databaseName,
      bytesScannedCutoff: this.config.bytesScannedCutoff,
      queriesDir: props.queriesDir ?? QUERIES_DIR,
      serverAccessLogsBucket: accessLogs,
    });

    if (this.config.auditorPrincipals) {
      const auditor = new AuditorRole(this, 'Auditor', {
        trust: this.config.auditorPrincipals,
        returns: this.returns,
        findings: this.findings,
        results: queries.results,
        workGroupArn: queries.workGroupArn,
        catalogArns: lake.catalogArns([
          ...Object.values(LAKE_TABLES).map((t) => t.name),
          RETURNS_CURRENT_VIEW,
          FINDING_STATUS_VIEW,
        ]),
        viewArns: lake.catalogArns([RETURNS_CURRENT_VIEW, FINDING_STATUS_VIEW]),
      });
      new CfnOutput(this, 'AuditorRoleArn', { value: auditor.role.roleArn });
    } else {
      Annotations.of(this).addWarningV2(
        'auditor:no-auditor-principals',
        'No auditor role: context "auditorPrincipals" lists no one who may assume it.',
      );
    }
    for (const force of this.config.forces) {
      const trust = this.config.uploaderPrincipals.get(force.slug);
      if (!trust) {
        Annotations.of(this).addWarningV2(
          `auditor:no-uploader-principals:${force.slug}`,
          `No uploader role for ${force.slug}: context "uploaderPrincipals.${force.slug}" lists no one who may assume it.`,
        );
        continue;
      }
      const uploader = new ForceUploaderRole(this, `Uploader-${force.slug}`, {
        slug: force.slug,
        trust,
        returns: this.returns,
        findings: this.findings,
      });
      new CfnOutput(this, `UploaderRoleArn-${force.slug}`, {
        description: `Role ${force.slug} assumes to upload to ${keys.uploads(force.slug)}`,
        value: uploader.role.roleArn,
      });
    }

    new CfnOutput(this, 'ReturnsBucketName', { value: this.returns.bucket.bucketName });
    new CfnOutput(this, 'FindingsBucketName', { value: this.findings.bucket.bucketName });
    new CfnOutput(this, 'GlueDatabaseName', { value: lake.databaseName });
    new CfnOutput(this, 'AthenaWorkGroupName', { value: queries.workGroupName });
    new CfnOutput(this, 'FlagsTopicArn', { value: notifications.flags.topicArn });
    new CfnOutput(this, 'ScheduledAuditStateMachineArn', { value: audits.stateMachine.stateMachineArn });

    suppressStackFindings(this);
  }
}
