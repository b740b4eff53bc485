/**
 * How an upload reaches the auditor: every object created under `uploads/` in the returns bucket
 * (one prefix per force, `uploads/<force slug>/`, its responses to findings in `responses/` below
 * it) or under `decisions/` (the auditors' decisions) is announced by S3 on an encrypted queue, and the
 * intake handler takes one message at a time, reporting failed records so only they are retried.
 * A message that keeps failing lands in the dead-letter queue, and an alarm fires on the first one.
 */
import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PREFIXES } from '#store/layout.ts';
import { MAX_UPLOAD_BYTES } from '#store/upload-limit.ts';
import { AuditFunction } from './audit-function.ts';

export const INTAKE_TIMEOUT = Duration.minutes(10);
/** Deliveries before a message is parked in the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;
/** What /tmp needs beyond the downloads: the runtime's own files and source maps, with room to spare. */
export const INTAKE_STORAGE_HEADROOM_MIB = 512;

/**
 * The intake's /tmp, from the largest upload it accepts: room for two downloads plus headroom. One
 * download is the upload being read (one message at a time, its temp directory removed afterwards);
 * the second is one an attempt that timed out may have left behind, since its cleanup never ran and
 * Lambda can reuse the same execution environment, /tmp included, for the retry.
 */
export function intakeEphemeralStorage(maxUploadBytes: number = MAX_UPLOAD_BYTES): Size {
  const downloadMib = Math.ceil(maxUploadBytes / 1024 ** 2);
  return Size.mebibytes(2 * downloadMib + INTAKE_STORAGE_HEADROOM_MIB);
}

export interface ReturnsIntakeProps {
  bucket: s3.IBucket;
  /** Absolute path of functions/handlers/intake.ts (or a stand-in in tests). */
  entry: string;
  environment: Record<string, string>;
  alarmTopic: sns.ITopic;
}

export class ReturnsIntake extends Construct {
  readonly handler: AuditFunction;
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ReturnsIntakeProps) {
    super(scope, id);
    // A customer key (not SQS-managed) so the key policy can admit S3 as a sender; SqsDestination
    // adds that statement.
    const key = new kms.Key(this, 'QueueKey', {
      description: "Encrypts the auditor's upload-event queues",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Uploads', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      // Six times the handler's timeout, as Lambda advises for SQS event sources.
      visibilityTimeout: Duration.seconds(INTAKE_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    // Returns and the forces' responses (uploads/<slug>/responses/), and the auditors' decisions:
    // one queue and one consumer, which routes each object by its key.
    for (const prefix of [PREFIXES.uploads, PREFIXES.decisions]) {
      props.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(this.queue), {
        prefix,
      });
    }

    this.handler = new AuditFunction(this, 'Handler', {
      entry: props.entry,
      description: 'Validates, normalises and audits an uploaded force return',
      serviceName: 'returns-intake',
      timeout: INTAKE_TIMEOUT,
      memorySize: 2048,
      ephemeralStorageSize: intakeEphemeralStorage(),
      // The handler checks each object's size against the limit /tmp was sized for.
      environment: { ...props.environment, MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) },
    });
    this.handler.fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 1,
        reportBatchItemFailures: true,
        // Two at a time (the least SQS allows): uploads of one force rewrite that force's findings.
        maxConcurrency: 2,
      }),
    );

    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLettersAlarm', {
      alarmDescription: 'An upload could not be processed after retries: see the intake dead-letter queue.',
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.deadLetterAlarm.addAlarmAction(new cwActions.SnsAction(props.alarmTopic));
  }
}
