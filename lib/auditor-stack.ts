/**
 * The auditor's stack, composed of small constructs. This first version holds the storage that the
 * local pipeline mirrors (returns and findings buckets, laid out as functions/core/ports.ts says);
 * intake, the findings lake and scheduled audits are added around it.
 */
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { SecureBucket } from './constructs/secure-bucket.ts';

export class AuditorStack extends Stack {
  readonly returnsBucket: s3.IBucket;
  readonly findingsBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    // Access logs need S3-managed encryption (log delivery cannot use a customer key).
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.returnsBucket = new SecureBucket(this, 'Returns', {
      purpose: 'force returns (raw uploads, quarantine, curated Parquet)',
      serverAccessLogsBucket: accessLogs,
    }).bucket;
    this.findingsBucket = new SecureBucket(this, 'Findings', {
      purpose: 'findings and audit runs (Parquet for Athena)',
      serverAccessLogsBucket: accessLogs,
    }).bucket;
  }
}
