/**
 * The Glue catalog over the Parquet the handlers write, laid out as functions/core/ports.ts says:
 *
 *   findings  s3://<findings bucket>/findings/force_code=<slug>/findings.parquet   partition `force`
 *   returns   s3://<returns bucket>/curated/returns/force_code=<slug>/<sha>.parquet partition `force`
 *   runs      s3://<findings bucket>/runs/run_id=<id>/run.parquet                  unpartitioned
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
import { FINDING_COLUMNS } from '../../functions/core/model/findings.ts';
import { RETURN_COLUMNS } from '../../functions/core/model/returns.ts';
import { RUN_COLUMNS } from '../../functions/core/model/runs.ts';
import { parquetTableInput } from '../lake/glue-schema.ts';

export const TABLE_NAMES = { findings: 'findings', returns: 'returns', runs: 'runs' } as const;

/** The key prefixes under which each table's objects live (also what readers are granted). */
export const TABLE_PREFIXES = {
  findings: 'findings/',
  returns: 'curated/returns/',
  runs: 'runs/',
} as const;

export interface FindingsLakeProps {
  databaseName: string;
  returnsBucket: s3.IBucket;
  findingsBucket: s3.IBucket;
}

export class FindingsLake extends Construct {
  readonly databaseName: string;
  readonly database: glue.CfnDatabase;
  readonly tables: Record<keyof typeof TABLE_NAMES, glue.CfnTable>;

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

    const table = (logicalId: string, input: glue.CfnTable.TableInputProperty): glue.CfnTable => {
      const t = new glue.CfnTable(this, logicalId, {
        catalogId,
        databaseName: props.databaseName,
        tableInput: input,
      });
      t.addResourceDependency(this.database);
      return t;
    };
    const s3Url = (bucket: s3.IBucket, prefix: string) => `s3://${bucket.bucketName}/${prefix}`;

    this.tables = {
      findings: table(
        'FindingsTable',
        parquetTableInput({
          name: TABLE_NAMES.findings,
          description: "Each force's current findings (contract §3). Filter on `force` to prune partitions.",
          columns: FINDING_COLUMNS,
          location: s3Url(props.findingsBucket, TABLE_PREFIXES.findings),
          partitionByForce: true,
        }),
      ),
      returns: table(
        'ReturnsTable',
        parquetTableInput({
          name: TABLE_NAMES.returns,
          description: 'Every revision of every normalised returns cell; returns_current holds the latest.',
          columns: RETURN_COLUMNS,
          location: s3Url(props.returnsBucket, TABLE_PREFIXES.returns),
          partitionByForce: true,
        }),
      ),
      runs: table(
        'RunsTable',
        parquetTableInput({
          name: TABLE_NAMES.runs,
          description: 'One row per audit run (upload-triggered, scheduled or local).',
          columns: RUN_COLUMNS,
          location: s3Url(props.findingsBucket, TABLE_PREFIXES.runs),
          partitionByForce: false,
        }),
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
