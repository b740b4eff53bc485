/**
 * The people-facing roles. Each trusts exactly the principals configured for it (IAM role or user
 * ARNs, or IAM Identity Center permission sets; lib/principals-config.ts), never the account root:
 * a role the whole account may assume would let any principal allowed sts:AssumeRole act as any
 * force. So a force's uploaders cannot assume another force's role.
 *
 * - ForceUploaderRole, one per configured force: may put objects under `uploads/<slug>/` only (its
 *   returns, and its responses to findings in `uploads/<slug>/responses/`), and read only its own
 *   flags (`findings/force_code=<slug>/`) and its own refused responses with their reports
 *   (`response_reports/force_code=<slug>/`). It cannot read any returns, its own included: what a
 *   force sent is already in the force's hands.
 * - AuditorRole: may run queries in the auditors' workgroup, read the Glue tables, the findings,
 *   the runs and the curated returns, and write query results; never the raw uploads or quarantine.
 *   Auditors decide on findings by putting JSON under `decisions/`, which only this role may write,
 *   and read every refused response and decision under `response_reports/`.
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { LAKE_TABLES } from '#store/lake-schema.ts';
import { keys, PREFIXES } from '#store/layout.ts';
import { roleTrusting } from '../iam/role-trust.ts';
import type { EncryptedBucket } from '../iam/s3-access.ts';
import { listBucketStatement, readPrefixes, writePrefixes } from '../iam/s3-access.ts';
import { acknowledgePrefixWildcards, REASONS } from '../nag/suppressions.ts';
import type { RoleTrust } from '../principals-config.ts';
import { RESULTS_PREFIX } from './auditor-queries.ts';

const SESSION = Duration.hours(1);

export interface ForceUploaderRoleProps {
  slug: string;
  /** Who may assume the role: this force's uploaders only. */
  trust: RoleTrust;
  returns: EncryptedBucket;
  findings: EncryptedBucket;
}

export class ForceUploaderRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ForceUploaderRoleProps) {
    super(scope, id);
    const own = keys.forceFindings(props.slug);
    const reports = keys.responseReports(props.slug);
    const statements = [
      ...writePrefixes(props.returns, [keys.uploads(props.slug)]),
      ...readPrefixes(props.findings, [own]),
      listBucketStatement(props.findings.bucket, [own]),
      ...readPrefixes(props.returns, [reports]),
      listBucketStatement(props.returns.bucket, [reports]),
    ];
    this.role = roleTrusting(this, 'Role', props.trust, {
      description: `Uploads returns and responses for ${props.slug}; reads its own findings and refused responses`,
      maxSessionDuration: SESSION,
      inlinePolicies: { UploadAndReadOwnFlags: new iam.PolicyDocument({ statements }) },
    });
    acknowledgePrefixWildcards(this.role, statements, REASONS.uploaderPrefixes);
  }
}

export interface AuditorRoleProps {
  /** Who may assume the role: the inspectorate's auditors. */
  trust: RoleTrust;
  returns: EncryptedBucket;
  findings: EncryptedBucket;
  results: EncryptedBucket;
  workGroupArn: string;
  /** Catalog, database and table/view ARNs the role may read. */
  catalogArns: string[];
  /** Views the role may create or replace (by running the saved CREATE VIEW query). */
  viewArns: string[];
}

export class AuditorRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: AuditorRoleProps) {
    super(scope, id);
    const findingsPrefixes = [
      LAKE_TABLES.findings.prefix,
      LAKE_TABLES.runs.prefix,
      LAKE_TABLES.finding_events.prefix,
      LAKE_TABLES.findings_history.prefix,
      LAKE_TABLES.annotations.prefix,
    ];
    const query = [
      new iam.PolicyStatement({
        actions: [
          'athena:GetWorkGroup',
          'athena:StartQueryExecution',
          'athena:StopQueryExecution',
          'athena:GetQueryExecution',
          'athena:BatchGetQueryExecution',
          'athena:ListQueryExecutions',
          'athena:GetQueryResults',
          'athena:GetQueryResultsStream',
          'athena:GetNamedQuery',
          'athena:BatchGetNamedQuery',
          'athena:ListNamedQueries',
        ],
        resources: [props.workGroupArn],
      }),
      new iam.PolicyStatement({
        actions: [
          'glue:GetDatabase',
          'glue:GetTable',
          'glue:GetTables',
          'glue:GetPartition',
          'glue:GetPartitions',
          'glue:BatchGetPartition',
        ],
        resources: props.catalogArns,
      }),
      new iam.PolicyStatement({
        actions: ['glue:CreateTable', 'glue:UpdateTable'],
        resources: props.viewArns,
      }),
    ];
    const readTables = [
      ...readPrefixes(props.findings, findingsPrefixes),
      listBucketStatement(props.findings.bucket, findingsPrefixes),
      ...readPrefixes(props.returns, [LAKE_TABLES.returns.prefix, PREFIXES.responseReports]),
      listBucketStatement(props.returns.bucket, [LAKE_TABLES.returns.prefix, PREFIXES.responseReports]),
    ];
    const decide = writePrefixes(props.returns, [PREFIXES.decisions]);
    // Athena writes and reads results with the caller's credentials.
    const queryResults = [
      ...readPrefixes(props.results, [RESULTS_PREFIX]),
      ...writePrefixes(props.results, [RESULTS_PREFIX]),
      listBucketStatement(props.results.bucket, [RESULTS_PREFIX]),
      new iam.PolicyStatement({
        actions: ['s3:GetBucketLocation'],
        resources: [props.results.bucket.bucketArn],
      }),
    ];
    this.role = roleTrusting(this, 'Role', props.trust, {
      description: 'Queries findings, runs and curated returns with Athena',
      maxSessionDuration: Duration.hours(4),
      inlinePolicies: {
        Query: new iam.PolicyDocument({ statements: query }),
        ReadTables: new iam.PolicyDocument({ statements: readTables }),
        QueryResults: new iam.PolicyDocument({ statements: queryResults }),
        Decide: new iam.PolicyDocument({ statements: decide }),
      },
    });
    acknowledgePrefixWildcards(
      this.role,
      [...readTables, ...queryResults, ...decide],
      REASONS.auditorPrefixes,
    );
  }
}
