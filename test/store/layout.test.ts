import { describe, expect, it } from 'vitest';
import {
  assertForceSlug,
  isForceSlug,
  keys,
  MIXED_FORCES,
  PREFIXES,
  parseFindingsKey,
  parseManifestKey,
  parseRunKey,
  UnsafeKeyError,
} from '#store/layout.ts';
import {
  allows,
  grantedKeyPatterns,
  logicalId,
  roleStatements,
  synth,
  TWO_FORCES,
} from '../support/synth.ts';

const SHA = 'a'.repeat(64);

describe('storage layout keys', () => {
  it('are the keys the stores have always written (changing one strands existing data)', () => {
    expect(keys.uploads('kent')).toBe('uploads/kent/');
    expect(keys.raw('kent', SHA, 'March 2024.csv')).toBe(`raw/force_code=kent/${SHA}/March 2024.csv`);
    expect(keys.raw(MIXED_FORCES, SHA, 'a.csv')).toBe(`raw/force_code=mixed/${SHA}/a.csv`);
    expect(keys.quarantineFile(SHA, 'a.csv')).toBe(`quarantine/${SHA}/a.csv`);
    expect(keys.quarantineFile(SHA, 'report.json')).toBe(`quarantine/${SHA}/upload-report.json`);
    expect(keys.quarantineReport(SHA)).toBe(`quarantine/${SHA}/report.json`);
    expect(keys.curatedReturns('essex', SHA)).toBe(`curated/returns/force_code=essex/${SHA}.parquet`);
    expect(keys.submissionManifest(SHA)).toBe(`curated/submissions/${SHA}.json`);
    expect(keys.forceFindings('kent')).toBe('findings/force_code=kent/');
    expect(keys.findings('kent')).toBe('findings/force_code=kent/findings.parquet');
    expect(keys.run('2024-04-01T00-00-00Z_kent')).toBe('runs/run_id=2024-04-01T00-00-00Z_kent/run.parquet');
  });

  it('keep responses inside the force’s upload prefix and refusals in one partition per channel', () => {
    expect(keys.forceResponses('kent')).toBe('uploads/kent/responses/');
    expect(keys.forceResponses('kent').startsWith(keys.uploads('kent'))).toBe(true);
    expect(PREFIXES.decisions).toBe('decisions/');
    expect(keys.responseReports('kent')).toBe('response_reports/force_code=kent/');
    expect(keys.responseReports(null)).toBe('response_reports/auditors/');
    expect(keys.responseReportFile('kent', SHA, 'a.json')).toBe(
      `response_reports/force_code=kent/${SHA}/a.json`,
    );
    expect(keys.responseReportFile(null, SHA, 'report.json')).toBe(
      `response_reports/auditors/${SHA}/response-report.json`,
    );
    expect(keys.responseReport('kent', SHA)).toBe(`response_reports/force_code=kent/${SHA}/report.json`);
    expect(() => keys.forceResponses('../essex')).toThrow(UnsafeKeyError);
    expect(() => keys.responseReport('kent', 'x')).toThrow(UnsafeKeyError);
  });

  it('fall under their prefix, and every prefix ends with "/"', () => {
    for (const prefix of Object.values(PREFIXES)) expect(prefix).toMatch(/^[a-z_/]+\/$/);
    expect(keys.uploads('kent').startsWith(PREFIXES.uploads)).toBe(true);
    expect(keys.raw('kent', SHA, 'a.csv').startsWith(PREFIXES.raw)).toBe(true);
    expect(keys.quarantineReport(SHA).startsWith(PREFIXES.quarantine)).toBe(true);
    expect(keys.curatedReturns('kent', SHA).startsWith(PREFIXES.curatedReturns)).toBe(true);
    expect(keys.submissionManifest(SHA).startsWith(PREFIXES.submissions)).toBe(true);
    expect(PREFIXES.curatedReturns.startsWith(PREFIXES.curated)).toBe(true);
    expect(PREFIXES.submissions.startsWith(PREFIXES.curated)).toBe(true);
    expect(keys.findings('kent').startsWith(keys.forceFindings('kent'))).toBe(true);
    expect(keys.run('r1').startsWith(PREFIXES.runs)).toBe(true);
  });

  it('refuse identifiers that could escape their prefix', () => {
    expect(() => keys.uploads('../kent')).toThrow(UnsafeKeyError);
    expect(() => keys.forceFindings('Kent')).toThrow(UnsafeKeyError);
    expect(() => keys.curatedReturns('kent', 'A'.repeat(64))).toThrow(UnsafeKeyError);
    expect(() => keys.run('../r1')).toThrow(UnsafeKeyError);
    expect(() => assertForceSlug('k'.repeat(65))).toThrow(UnsafeKeyError);
    expect(isForceSlug('k'.repeat(64))).toBe(true);
    expect(isForceSlug('kent/x')).toBe(false);
  });

  it('parse back only the exact keys they build', () => {
    expect(parseManifestKey(keys.submissionManifest(SHA))).toBe(SHA);
    expect(parseManifestKey(`${keys.submissionManifest(SHA)}.tmp-1`)).toBeNull();
    expect(parseManifestKey(`curated/submissions/x/${SHA}.json`)).toBeNull();
    expect(parseManifestKey(`curated/submissions/${SHA.toUpperCase()}.json`)).toBeNull();
    expect(parseFindingsKey(keys.findings('essex'))).toEqual({ force: 'essex' });
    expect(parseRunKey(keys.run('r1'))).toEqual({ runId: 'r1' });
  });
});

describe('the infrastructure grants and notifies on the layout', () => {
  const { template } = synth(TWO_FORCES);
  const returns = `<${logicalId(template, 'AWS::S3::Bucket', 'ReturnsBucket')}.Arn>`;
  const findings = `<${logicalId(template, 'AWS::S3::Bucket', 'FindingsBucket')}.Arn>`;
  const roleOf = (prefix: string) => roleStatements(template, logicalId(template, 'AWS::IAM::Role', prefix));

  it('announces uploads under the layout uploads prefix', () => {
    const [notifications] = Object.values(template.findResources('Custom::S3BucketNotifications'));
    const [queue] = notifications!.Properties.NotificationConfiguration.QueueConfigurations;
    expect(queue.Filter.Key.FilterRules).toEqual([{ Name: 'prefix', Value: PREFIXES.uploads }]);
  });

  it('lets the intake write exactly the layout prefixes of what it stores', () => {
    const intake = roleOf('IntakeHandlerRole');
    expect(grantedKeyPatterns(intake, 's3:PutObject', returns)).toEqual(
      [PREFIXES.raw, PREFIXES.quarantine, PREFIXES.curated, PREFIXES.responseReports]
        .map((p) => `${p}*`)
        .sort(),
    );
    expect(grantedKeyPatterns(intake, 's3:PutObject', findings)).toEqual(
      [PREFIXES.findings, PREFIXES.runs, PREFIXES.findingEvents, PREFIXES.findingsHistory]
        .map((p) => `${p}*`)
        .sort(),
    );
    expect(grantedKeyPatterns(intake, 's3:GetObjectVersion', returns)).toEqual(
      [`${PREFIXES.decisions}*`, `${PREFIXES.uploads}*`].sort(),
    );
    for (const key of [
      keys.responseReport('kent', SHA),
      keys.responseReportFile(null, SHA, 'a.json'),
      keys.raw('kent', SHA, 'a.csv'),
      keys.quarantineFile(SHA, 'a.csv'),
      keys.quarantineReport(SHA),
      keys.curatedReturns('kent', SHA),
      keys.submissionManifest(SHA),
    ]) {
      expect(allows(intake, 's3:PutObject', `${returns}/${key}`)).toBe(true);
    }
    expect(allows(intake, 's3:PutObject', `${findings}/${keys.findings('kent')}`)).toBe(true);
    expect(allows(intake, 's3:PutObject', `${findings}/${keys.run('r1')}`)).toBe(true);
    expect(allows(intake, 's3:PutObject', `${findings}/${keys.findingEvents('kent')}`)).toBe(true);
    expect(allows(intake, 's3:PutObject', `${findings}/${keys.findingsHistory('kent', 'r1')}`)).toBe(true);
  });

  it('lets the planner read only the manifests', () => {
    expect(grantedKeyPatterns(roleOf('ScheduledAuditPlanRole'), 's3:GetObject', returns)).toEqual([
      `${PREFIXES.submissions}*`,
    ]);
  });

  it("scopes a force's uploader role to the layout's prefixes for that force", () => {
    const kent = roleOf('UploaderkentRole');
    expect(grantedKeyPatterns(kent, 's3:PutObject', returns)).toEqual([`${keys.uploads('kent')}*`]);
    expect(grantedKeyPatterns(kent, 's3:GetObject', returns)).toEqual([`${keys.responseReports('kent')}*`]);
    expect(allows(kent, 's3:PutObject', `${returns}/${keys.forceResponses('kent')}a.json`)).toBe(true);
    expect(allows(kent, 's3:PutObject', `${returns}/${keys.forceResponses('essex')}a.json`)).toBe(false);
    expect(grantedKeyPatterns(kent, 's3:GetObject', findings)).toEqual([`${keys.forceFindings('kent')}*`]);
    expect(allows(kent, 's3:GetObject', `${findings}/${keys.findings('kent')}`)).toBe(true);
    expect(allows(kent, 's3:GetObject', `${findings}/${keys.findings('essex')}`)).toBe(false);
  });
});
