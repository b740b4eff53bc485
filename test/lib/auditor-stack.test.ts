import { describe, expect, it } from 'vitest';
import { glueName } from '#lib/auditor-stack.ts';
import { asArray, flat, logicalId, synth, TWO_FORCES } from '../support/synth.ts';

describe('AuditorStack: encryption and transport', () => {
  const { template } = synth(TWO_FORCES);

  it('encrypts the returns, findings and query-result buckets with their own rotating keys', () => {
    const kmsBuckets = Object.entries(template.findResources('AWS::S3::Bucket')).filter(([, b]) =>
      asArray(b.Properties.BucketEncryption?.ServerSideEncryptionConfiguration).some(
        (c: { ServerSideEncryptionByDefault?: { SSEAlgorithm?: string } }) =>
          c.ServerSideEncryptionByDefault?.SSEAlgorithm === 'aws:kms',
      ),
    );
    expect(kmsBuckets.map(([id]) => id.replace(/[A-F0-9]{8}$/, '')).sort()).toEqual([
      'FindingsBucket',
      'QueriesResultsBucket',
      'ReturnsBucket',
    ]);
    for (const [, bucket] of kmsBuckets) {
      const [rule] = bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration;
      expect(flat(rule.ServerSideEncryptionByDefault.KMSMasterKeyID)).toMatch(/^<\w+Key\w+\.Arn>$/);
      expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(bucket.Properties.LoggingConfiguration).toBeDefined();
    }
    template.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('keeps the access-log bucket on S3-managed keys, the only encryption log delivery accepts', () => {
    const id = logicalId(template, 'AWS::S3::Bucket', 'AccessLogs');
    const bucket = template.toJSON().Resources[id];
    expect(bucket.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
  });

  it('blocks public access on every bucket', () => {
    const buckets = Object.values(template.findResources('AWS::S3::Bucket'));
    expect(buckets).toHaveLength(4);
    for (const b of buckets) {
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
  });

  it('denies every bucket request that is not over TLS', () => {
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(4);
    for (const p of policies) {
      expect(p.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      );
    }
  });

  it('refuses uploads that ask for any server-side encryption other than the bucket key', () => {
    const returns = logicalId(template, 'AWS::S3::Bucket', 'ReturnsBucket');
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
      (p) => flat(p.Properties.Bucket) === `<${returns}>`,
    );
    expect(policy?.Properties.PolicyDocument.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Sid: 'DenyEncryptionOtherThanKms',
          Effect: 'Deny',
          Action: 's3:PutObject',
          Condition: {
            Null: { 's3:x-amz-server-side-encryption': 'false' },
            StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
          },
        }),
      ]),
    );
  });

  it('encrypts both queues with a customer key that S3 may use to send the upload events', () => {
    const queues = Object.values(template.findResources('AWS::SQS::Queue'));
    expect(queues).toHaveLength(2);
    const keys = new Set(queues.map((q) => flat(q.Properties.KmsMasterKeyId)));
    expect(keys.size).toBe(1);
    const keyId = [...keys][0]!.replace(/^<(.*)\.Arn>$/, '$1');
    const key = template.toJSON().Resources[keyId];
    expect(key.Properties.KeyPolicy.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Principal: { Service: 's3.amazonaws.com' },
          Action: expect.arrayContaining(['kms:GenerateDataKey*', 'kms:Decrypt']),
        }),
      ]),
    );
  });

  it('makes both queues refuse requests without TLS', () => {
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    expect(policies).toHaveLength(2);
    for (const p of policies) {
      expect(p.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      );
    }
  });

  it('encrypts both topics with a customer key and denies publishing without TLS', () => {
    const topics = Object.values(template.findResources('AWS::SNS::Topic'));
    expect(topics).toHaveLength(2);
    for (const t of topics) expect(flat(t.Properties.KmsMasterKeyId)).toMatch(/^<NotificationsKey\w+\.Arn>$/);
    const policies = Object.values(template.findResources('AWS::SNS::TopicPolicy'));
    expect(policies).toHaveLength(2);
    for (const p of policies) {
      expect(p.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      );
    }
  });

  it('lets CloudWatch alarms publish to the encrypted alerts topic', () => {
    const key = Object.values(template.findResources('AWS::KMS::Key')).find((k) =>
      k.Properties.KeyPolicy.Statement.some(
        (s: { Sid?: string }) => s.Sid === 'AllowCloudWatchAlarmsToPublish',
      ),
    );
    expect(key).toBeDefined();
  });

  it('keeps the idempotency table encrypted, recoverable and self-expiring', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    });
  });
});

describe('AuditorStack without any context', () => {
  const { template } = synth();

  it('still builds everything except the people-facing roles and the per-force subscriptions', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    // The scheduled audit's and the weekly digest's.
    template.resourceCountIs('AWS::Scheduler::Schedule', 2);
    template.resourceCountIs('AWS::Glue::Table', 6);
    template.resourceCountIs('AWS::Athena::WorkGroup', 1);
    const roles = Object.keys(template.findResources('AWS::IAM::Role'));
    expect(roles.filter((id) => id.startsWith('Uploader'))).toEqual([]);
    expect(roles.filter((id) => id.startsWith('AuditorRole'))).toEqual([]);
  });
});

describe('glueName', () => {
  it('turns a stack name into a lower-case Glue database name', () => {
    expect(glueName('CrimeRecordingAuditor')).toBe('crime_recording_auditor');
    expect(glueName('Auditor-Staging2')).toBe('auditor_staging2');
  });
});
