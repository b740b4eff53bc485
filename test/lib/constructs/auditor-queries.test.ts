import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditorStack } from '#lib/auditor-stack.ts';
import { DEFAULT_BYTES_SCANNED_CUTOFF } from '#lib/config.ts';
import {
  CREATE_FINDING_STATUS_QUERY,
  CREATE_RETURNS_CURRENT_QUERY,
  parseQueryFile,
  QueryLibraryError,
} from '#lib/lake/query-library.ts';
import { QUERIES_DIR } from '#lib/paths.ts';
import { FINDING_STATUS_SQL } from '#store/finding-status.ts';
import { RETURNS_CURRENT_SQL } from '#store/returns-current.ts';
import { FIXTURE_HANDLERS, flat, logicalId, synth } from '#test-support/synth.ts';

describe('Athena workgroup', () => {
  const { template } = synth({ bytesScannedCutoff: 2_000_000_000 });

  it('enforces its settings, publishes metrics and caps the bytes each query may scan', () => {
    const [wg] = Object.values(template.findResources('AWS::Athena::WorkGroup'));
    const config = wg!.Properties.WorkGroupConfiguration;
    expect(config.EnforceWorkGroupConfiguration).toBe(true);
    expect(config.PublishCloudWatchMetricsEnabled).toBe(true);
    expect(config.BytesScannedCutoffPerQuery).toBe(2_000_000_000);
    expect(config.EngineVersion).toEqual({ SelectedEngineVersion: 'Athena engine version 3' });
  });

  it('writes results to its own bucket, encrypted with that bucket key', () => {
    const [wg] = Object.values(template.findResources('AWS::Athena::WorkGroup'));
    const results = wg!.Properties.WorkGroupConfiguration.ResultConfiguration;
    const bucket = logicalId(template, 'AWS::S3::Bucket', 'QueriesResultsBucket');
    const key = logicalId(template, 'AWS::KMS::Key', 'QueriesResultsKey');
    expect(flat(results.OutputLocation)).toBe(`s3://<${bucket}>/athena-results/`);
    expect(results.EncryptionConfiguration.EncryptionOption).toBe('SSE_KMS');
    expect(flat(results.EncryptionConfiguration.KmsKey)).toBe(`<${key}.Arn>`);
  });

  it('expires query results after 30 days', () => {
    const bucket =
      template.toJSON().Resources[logicalId(template, 'AWS::S3::Bucket', 'QueriesResultsBucket')];
    expect(bucket.Properties.LifecycleConfiguration.Rules[0].ExpirationInDays).toBe(30);
  });

  it('defaults the cutoff to 10 GiB', () => {
    const [wg] = Object.values(synth().template.findResources('AWS::Athena::WorkGroup'));
    expect(wg!.Properties.WorkGroupConfiguration.BytesScannedCutoffPerQuery).toBe(
      DEFAULT_BYTES_SCANNED_CUTOFF,
    );
  });
});

describe('saved queries', () => {
  const { template } = synth();
  const named = Object.values(template.findResources('AWS::Athena::NamedQuery')).map((q) => q.Properties);
  const sqlFiles = readdirSync(QUERIES_DIR).filter((f) => f.endsWith('.sql'));

  it('has one named query per functions/queries/*.sql file, plus the returns_current and finding_status views', () => {
    expect(sqlFiles.length).toBeGreaterThan(0);
    expect(named).toHaveLength(sqlFiles.length + 2);
    expect(named.map((q) => q.Name).sort()).toEqual(
      [
        ...sqlFiles.map((f) => f.replace(/\.sql$/, '')),
        CREATE_RETURNS_CURRENT_QUERY,
        CREATE_FINDING_STATUS_QUERY,
      ].sort(),
    );
  });

  it('describes each query with its first line and deploys the file verbatim', () => {
    for (const file of sqlFiles) {
      const text = readFileSync(join(QUERIES_DIR, file), 'utf8');
      const query = named.find((q) => q.Name === file.replace(/\.sql$/, ''));
      expect(query?.Description).toBe(
        text
          .split('\n')[0]!
          .replace(/^--\s*/, '')
          .trim(),
      );
      expect(query?.QueryString).toBe(text.trim());
    }
  });

  it('puts every query in the auditors workgroup and the lake database', () => {
    const wg = logicalId(template, 'AWS::Athena::WorkGroup', 'QueriesWorkGroup');
    const [db] = Object.values(template.findResources('AWS::Glue::Database'));
    for (const q of named) {
      expect(q.WorkGroup).toEqual({ Ref: wg });
      expect(q.Database).toBe(db!.Properties.DatabaseInput.Name);
    }
  });

  it('creates returns_current from the same SQL the local engine uses', () => {
    const view = named.find((q) => q.Name === CREATE_RETURNS_CURRENT_QUERY);
    expect(view?.QueryString).toBe(`CREATE OR REPLACE VIEW returns_current AS\n${RETURNS_CURRENT_SQL}`);
  });

  it('creates finding_status from the same SQL the local engine uses', () => {
    const view = named.find((q) => q.Name === CREATE_FINDING_STATUS_QUERY);
    expect(view?.QueryString).toBe(`CREATE OR REPLACE VIEW finding_status AS\n${FINDING_STATUS_SQL}`);
  });
});

describe('query library files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'auditor-queries-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the description from the first line and the name from the file', () => {
    const q = parseQueryFile('/x/open-findings.sql', '-- Open findings by force  \nSELECT 1\n');
    expect(q).toEqual({
      name: 'open-findings',
      description: 'Open findings by force',
      sql: '-- Open findings by force  \nSELECT 1',
    });
  });

  it('rejects a file without a description line or without SQL', () => {
    expect(() => parseQueryFile('/x/a.sql', 'SELECT 1')).toThrow(QueryLibraryError);
    expect(() => parseQueryFile('/x/a.sql', '--   \nSELECT 1')).toThrow(/first line/);
    expect(() => parseQueryFile('/x/a.sql', '-- only a comment\n-- and another\n')).toThrow(/no SQL/);
  });

  it('deploys whatever .sql files the directory holds, and ignores other files', () => {
    writeFileSync(join(dir, 'one.sql'), '-- First\nSELECT 1');
    writeFileSync(join(dir, 'two.sql'), '-- Second\nSELECT 2');
    writeFileSync(join(dir, 'README.md'), '# not a query');
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new AuditorStack(app, 'Q', { handlersDir: FIXTURE_HANDLERS, queriesDir: dir });
    const names = Object.values(Template.fromStack(stack).findResources('AWS::Athena::NamedQuery'))
      .map((q) => q.Properties.Name)
      .sort();
    expect(names).toEqual([CREATE_FINDING_STATUS_QUERY, CREATE_RETURNS_CURRENT_QUERY, 'one', 'two']);
  });

  it('fails the synth on a malformed query file', () => {
    writeFileSync(join(dir, 'broken.sql'), 'SELECT 3');
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(() => new AuditorStack(app, 'Q', { handlersDir: FIXTURE_HANDLERS, queriesDir: dir })).toThrow(
      /broken\.sql: the first line/,
    );
  });
});
