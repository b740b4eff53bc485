/**
 * The one way this project makes a bucket: KMS-encrypted with its own key, versioned, no public
 * access, TLS-only, with access logging delegated to the caller. Returns and findings are official
 * sensitive data; none of these defaults is optional. A writer cannot opt out of the key either:
 * a PUT that asks for another kind of server-side encryption (e.g. SSE-S3) is refused.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface SecureBucketProps {
  /** What the bucket holds, for the key's description. */
  purpose: string;
  serverAccessLogsBucket?: s3.IBucket;
  /** Days after which superseded object versions are removed (the current version is kept). */
  noncurrentVersionExpirationDays?: number;
  /** Days after which current objects expire too (for scratch data such as query results). */
  expirationDays?: number;
}

export class SecureBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the auditor's ${props.purpose}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: props.serverAccessLogsBucket ? `${id.toLowerCase()}/` : undefined,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionExpirationDays ?? 365),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          ...(props.expirationDays ? { expiration: Duration.days(props.expirationDays) } : {}),
        },
      ],
    });
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyEncryptionOtherThanKms',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        // Only when the header is sent: without it the bucket's default (this key) applies.
        conditions: {
          Null: { 's3:x-amz-server-side-encryption': 'false' },
          StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
        },
      }),
    );
  }
}
