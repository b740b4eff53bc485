/**
 * Where auditors query: an Athena workgroup whose settings clients cannot override (results go to
 * its own KMS-encrypted bucket, every query has a bytes-scanned limit, metrics are published), and
 * the library of saved queries from functions/queries plus the one that creates `returns_current`.
 */
import { Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  findingStatusViewQuery,
  readQueryLibrary,
  returnsCurrentViewQuery,
  type SavedQuery,
} from '../lake/query-library.ts';
import { SecureBucket } from './secure-bucket.ts';

export const RESULTS_PREFIX = 'athena-results/';
/** Query results are copies of sensitive data; keep them no longer than an auditor needs them. */
const RESULTS_RETENTION_DAYS = 30;

export interface AuditorQueriesProps {
  workGroupName: string;
  databaseName: string;
  bytesScannedCutoff: number;
  /** Directory of `<name>.sql` files (first line `-- <description>`). */
  queriesDir: string;
  serverAccessLogsBucket: s3.IBucket;
}

export class AuditorQueries extends Construct {
  readonly results: SecureBucket;
  readonly workGroup: athena.CfnWorkGroup;
  readonly workGroupName: string;
  readonly savedQueries: SavedQuery[];

  constructor(scope: Construct, id: string, props: AuditorQueriesProps) {
    super(scope, id);
    this.workGroupName = props.workGroupName;
    this.results = new SecureBucket(this, 'Results', {
      purpose: 'Athena query results',
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      expirationDays: RESULTS_RETENTION_DAYS,
      noncurrentVersionExpirationDays: 1,
    });

    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: props.workGroupName,
      description: 'Crime-recording auditor: queries over findings, returns and runs.',
      state: 'ENABLED',
      recursiveDeleteOption: false,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoff,
        requesterPaysEnabled: false,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${this.results.bucket.bucketName}/${RESULTS_PREFIX}`,
          expectedBucketOwner: Stack.of(this).account,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: this.results.key.keyArn },
        },
      },
    });

    this.savedQueries = [
      ...readQueryLibrary(props.queriesDir),
      returnsCurrentViewQuery(),
      findingStatusViewQuery(),
    ];
    const seen = new Set<string>();
    for (const query of this.savedQueries) {
      if (seen.has(query.name)) throw new Error(`two saved queries are named ${query.name}`);
      seen.add(query.name);
      new athena.CfnNamedQuery(this, `Query-${query.name}`, {
        name: query.name,
        description: query.description,
        database: props.databaseName,
        queryString: query.sql,
        // The reference (the workgroup's name) also orders creation after the workgroup.
        workGroup: this.workGroup.ref,
      });
    }
  }

  get workGroupArn(): string {
    const { region, account, partition } = Stack.of(this);
    return `arn:${partition}:athena:${region}:${account}:workgroup/${this.workGroupName}`;
  }
}
