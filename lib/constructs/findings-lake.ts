/**
 * The Glue catalog over the Parquet the handlers write: the tables, columns and prefixes of the lake
 * schema (functions/store/lake-schema.ts), laid out as functions/store/layout.ts says:
 *
 *   findings  s3://<findings bucket>/findings/force_code=<slug>/findings.parquet   partition `force`
 *   returns   s3://<returns bucket>/curated/returns/force_code=<slug>/<sha>.parquet partition `force`
 *   runs      s3://<findings bucket>/runs/run_id=<id>/run.parquet                  unpartitioned
 *   finding_events    s3://<findings bucket>/finding_events/force_code=<slug>/events.parquet     partition `force`
 *   findings_history  s3://<findings bucket>/findings_history/force_code=<slug>/<run id>.parquet partition `force`
 *
 * `runs` has no partition key on purpose: run ids are not enumerable (enum projection) and an
 * injected key would make `SELECT * FROM runs` fail without a `run_id = …` filter. Athena reads
 * every object under an unpartitioned table's location, sub-directories included, and the table is
 * one small file per run. `run_id` is a data column of the file.
 */
import { Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LAKE_TABLES, type LakeTable, type LakeTableName } from '#store/lake-schema.ts';
import { parquetTableInput } from '../lake/glue-schema.ts';

export interface FindingsLakeProps {
  databaseName: string;
  returnsBucket: s3.IBucket;
  findingsBucket: s3.IBucket;
}

export class FindingsLake extends Construct {
  readonly databaseName: string;
  readonly database: glue.CfnDatabase;
  readonly tables: Record<LakeTableName, glue.CfnTable>;

  constructor(scope: Construct, id: string, props: FindingsLakeProps) {
    super(scope, id);
    const catalogId = Stack.of(this).account;
    this.databaseName = props.databaseName;
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId,
      databaseInput: {
        name: props.databaseName,
        description: 'Crime-recording auditor: findings, normalised force returns and audit runs (Parquet).',
      },
    });

    const table = (
      logicalId: string,
      lake: LakeTable,
      bucket: s3.IBucket,
      description: string,
    ): glue.CfnTable => {
      const t = new glue.CfnTable(this, logicalId, {
        catalogId,
        databaseName: props.databaseName,
        tableInput: parquetTableInput({
          name: lake.name,
          description,
          columns: lake.columns,
          location: `s3://${bucket.bucketName}/${lake.prefix}`,
          partitionByForce: lake.partitionedByForce,
        }),
      });
      t.addResourceDependency(this.database);
      return t;
    };

    this.tables = {
      findings: table(
        'FindingsTable',
        LAKE_TABLES.findings,
        props.findingsBucket,
        "Each force's current findings (contract §3). Filter on `force` to prune partitions.",
      ),
      returns: table(
        'ReturnsTable',
        LAKE_TABLES.returns,
        props.returnsBucket,
        'Every revision of every normalised returns cell; returns_current holds the latest.',
      ),
      runs: table(
        'RunsTable',
        LAKE_TABLES.runs,
        props.findingsBucket,
        'One row per audit run (upload-triggered, scheduled or local).',
      ),
      finding_events: table(
        'FindingEventsTable',
        LAKE_TABLES.finding_events,
        props.findingsBucket,
        'Every change of a finding: raised, responses, resolved (contract §4); finding_status holds the latest.',
      ),
      findings_history: table(
        'FindingsHistoryTable',
        LAKE_TABLES.findings_history,
        props.findingsBucket,
        'Every finding row each run reported, with that run_id; findings holds the current ones.',
      ),
      annotations: table(
        'AnnotationsTable',
        LAKE_TABLES.annotations,
        props.findingsBucket,
        'Dated known breaks of a force recorded by auditors (contract §4); built-in ones are not stored.',
      ),
    };
  }

  /** ARNs of the catalog, the database and the given tables (or views), for IAM. */
  catalogArns(tables: readonly string[]): string[] {
    const { region, account, partition } = Stack.of(this);
    const base = `arn:${partition}:glue:${region}:${account}`;
    return [
      `${base}:catalog`,
      `${base}:database/${this.databaseName}`,
      ...tables.map((t) => `${base}:table/${this.databaseName}/${t}`),
    ];
  }
}
