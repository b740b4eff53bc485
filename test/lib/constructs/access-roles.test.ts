import { describe, expect, it } from 'vitest';
import {
  allows,
  asArray,
  flat,
  logicalId,
  roleStatements,
  type Statement,
  synth,
  TWO_FORCES,
} from '#test-support/synth.ts';

const { template } = synth(TWO_FORCES);
const returns = `<${logicalId(template, 'AWS::S3::Bucket', 'ReturnsBucket')}.Arn>`;
const findings = `<${logicalId(template, 'AWS::S3::Bucket', 'FindingsBucket')}.Arn>`;
const results = `<${logicalId(template, 'AWS::S3::Bucket', 'QueriesResultsBucket')}.Arn>`;

const roleOf = (prefix: string): Statement[] =>
  roleStatements(template, logicalId(template, 'AWS::IAM::Role', prefix));

describe('force uploader roles', () => {
  const kent = roleOf('UploaderkentRole');
  const essex = roleOf('UploaderessexRole');

  it('exist once per configured force', () => {
    const uploaders = Object.keys(template.findResources('AWS::IAM::Role')).filter((id) =>
      id.startsWith('Uploader'),
    );
    expect(uploaders).toHaveLength(2);
  });

  it("let a force write under its own uploads/ prefix and nowhere else, not another force's", () => {
    expect(allows(kent, 's3:PutObject', `${returns}/uploads/kent/2024-03.csv`)).toBe(true);
    expect(allows(kent, 's3:PutObject', `${returns}/uploads/essex/2024-03.csv`)).toBe(false);
    expect(allows(kent, 's3:PutObject', `${returns}/uploads/kent-other/2024-03.csv`)).toBe(false);
    expect(allows(kent, 's3:PutObject', `${returns}/curated/returns/force_code=kent/x.parquet`)).toBe(false);
    expect(allows(kent, 's3:PutObject', `${findings}/findings/force_code=kent/findings.parquet`)).toBe(false);
    expect(allows(essex, 's3:PutObject', `${returns}/uploads/essex/2024-03.csv`)).toBe(true);
    expect(allows(essex, 's3:PutObject', `${returns}/uploads/kent/2024-03.csv`)).toBe(false);
  });

  it('name exactly their own prefixes in every object statement', () => {
    const objectResources = kent
      .filter((s) => asArray(s.Action).some((a) => a.startsWith('s3:') && a !== 's3:ListBucket'))
      .flatMap((s) => asArray(s.Resource as unknown[]).map(flat));
    expect(objectResources.sort()).toEqual(
      [`${findings}/findings/force_code=kent/*`, `${returns}/uploads/kent/*`].sort(),
    );
  });

  it('let a force read its own flags only, and no returns at all', () => {
    expect(allows(kent, 's3:GetObject', `${findings}/findings/force_code=kent/findings.parquet`)).toBe(true);
    expect(allows(kent, 's3:GetObject', `${findings}/findings/force_code=essex/findings.parquet`)).toBe(
      false,
    );
    expect(allows(kent, 's3:GetObject', `${findings}/runs/run_id=r1/run.parquet`)).toBe(false);
    expect(allows(kent, 's3:GetObject', `${returns}/uploads/kent/2024-03.csv`)).toBe(false);
    expect(allows(kent, 's3:GetObject', `${returns}/curated/returns/force_code=kent/a.parquet`)).toBe(false);
    expect(allows(kent, 's3:GetObject', `${returns}/raw/force_code=kent/a/b.csv`)).toBe(false);
  });

  it('limit listing to their own flags prefix', () => {
    const list = kent.filter((s) => asArray(s.Action).includes('s3:ListBucket'));
    expect(list).toHaveLength(1);
    expect(flat(list[0]!.Resource)).toBe(findings);
    expect(list[0]!.Condition).toEqual({
      StringLike: { 's3:prefix': ['findings/force_code=kent/', 'findings/force_code=kent/*'] },
    });
  });

  it('use the returns key only to encrypt uploads, through S3', () => {
    const returnsKey = `<${logicalId(template, 'AWS::KMS::Key', 'ReturnsKey')}.Arn>`;
    const kms = kent.filter((s) => asArray(s.Resource as unknown[]).some((r) => flat(r) === returnsKey));
    expect(kms).toHaveLength(1);
    expect(asArray(kms[0]!.Action).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(flat(kms[0]!.Condition?.StringEquals?.['kms:ViaService'])).toBe('s3.<AWS::Region>.amazonaws.com');
  });

  it('grant no wildcard action', () => {
    for (const s of [...kent, ...essex]) for (const a of asArray(s.Action)) expect(a).not.toContain('*');
  });
});

describe('auditor role', () => {
  const auditor = roleOf('AuditorRole');

  it('may query in the auditors workgroup only', () => {
    const athena = auditor.filter((s) => asArray(s.Action).some((a) => a.startsWith('athena:')));
    expect(athena).toHaveLength(1);
    expect(flat(athena[0]!.Resource)).toMatch(/:workgroup\/Auditor-auditors$/);
    expect(asArray(athena[0]!.Action)).toContain('athena:StartQueryExecution');
  });

  it('may read the Glue tables and the returns_current view', () => {
    const glue = auditor.filter((s) => asArray(s.Action).includes('glue:GetTable'));
    const resources = glue.flatMap((s) => asArray(s.Resource as unknown[]).map(flat));
    for (const t of ['findings', 'returns', 'runs', 'returns_current']) {
      expect(resources.some((r) => r.endsWith(`:table/auditor/${t}`))).toBe(true);
    }
  });

  it('may read findings, runs and curated returns, but not uploads, raw copies or quarantine', () => {
    expect(allows(auditor, 's3:GetObject', `${findings}/findings/force_code=kent/findings.parquet`)).toBe(
      true,
    );
    expect(allows(auditor, 's3:GetObject', `${findings}/runs/run_id=r1/run.parquet`)).toBe(true);
    expect(allows(auditor, 's3:GetObject', `${returns}/curated/returns/force_code=essex/a.parquet`)).toBe(
      true,
    );
    expect(allows(auditor, 's3:GetObject', `${returns}/uploads/kent/2024-03.csv`)).toBe(false);
    expect(allows(auditor, 's3:GetObject', `${returns}/raw/force_code=kent/a/b.csv`)).toBe(false);
    expect(allows(auditor, 's3:GetObject', `${returns}/quarantine/a/report.json`)).toBe(false);
    expect(allows(auditor, 's3:PutObject', `${findings}/findings/force_code=kent/findings.parquet`)).toBe(
      false,
    );
  });

  it('may write query results under the result prefix only', () => {
    expect(allows(auditor, 's3:PutObject', `${results}/athena-results/q1.csv`)).toBe(true);
    expect(allows(auditor, 's3:PutObject', `${results}/elsewhere/q1.csv`)).toBe(false);
  });
});

describe('handler roles', () => {
  const intake = roleOf('IntakeHandlerRole');
  const plan = roleOf('ScheduledAuditPlanRole');
  const forceAudit = roleOf('ScheduledAuditForceAuditRole');

  it('let the intake read uploads (by version) but never write or delete them', () => {
    expect(allows(intake, 's3:GetObjectVersion', `${returns}/uploads/kent/a.csv`)).toBe(true);
    expect(allows(intake, 's3:PutObject', `${returns}/uploads/kent/a.csv`)).toBe(false);
    expect(allows(intake, 's3:DeleteObject', `${returns}/uploads/kent/a.csv`)).toBe(false);
  });

  it('let the intake write raw copies, quarantine, curated returns, findings and runs', () => {
    for (const key of [
      `${returns}/raw/force_code=kent/abc/a.csv`,
      `${returns}/quarantine/abc/report.json`,
      `${returns}/curated/returns/force_code=kent/abc.parquet`,
      `${returns}/curated/submissions/abc.json`,
      `${findings}/findings/force_code=kent/findings.parquet`,
      `${findings}/runs/run_id=r1/run.parquet`,
    ]) {
      expect(allows(intake, 's3:PutObject', key)).toBe(true);
    }
    expect(allows(intake, 's3:DeleteObject', `${findings}/findings/force_code=kent/findings.parquet`)).toBe(
      true,
    );
    expect(allows(intake, 's3:DeleteObject', `${findings}/runs/run_id=r1/run.parquet`)).toBe(false);
    expect(allows(intake, 's3:DeleteObject', `${returns}/curated/returns/force_code=kent/abc.parquet`)).toBe(
      false,
    );
  });

  it('keep the planner read-only and limited to the submission manifests', () => {
    for (const s of plan) {
      for (const a of asArray(s.Action)) expect(a).not.toMatch(/^s3:(Put|Delete)|^sns:|^dynamodb:/);
    }
    expect(allows(plan, 's3:GetObject', `${returns}/curated/submissions/abc.json`)).toBe(true);
    expect(allows(plan, 's3:GetObject', `${returns}/curated/returns/force_code=kent/abc.parquet`)).toBe(
      false,
    );
    expect(allows(plan, 's3:GetObject', `${findings}/findings/force_code=kent/findings.parquet`)).toBe(false);
  });

  it('let the force audit read every force curated returns (for peers) but no uploads', () => {
    expect(allows(forceAudit, 's3:GetObject', `${returns}/curated/returns/force_code=essex/a.parquet`)).toBe(
      true,
    );
    expect(allows(forceAudit, 's3:GetObject', `${returns}/uploads/kent/a.csv`)).toBe(false);
    expect(allows(forceAudit, 's3:PutObject', `${returns}/curated/returns/force_code=kent/a.parquet`)).toBe(
      false,
    );
    expect(allows(forceAudit, 's3:PutObject', `${findings}/findings/force_code=kent/findings.parquet`)).toBe(
      true,
    );
  });

  it('let the intake and force audit publish flags; only the intake uses the idempotency table', () => {
    for (const role of [intake, forceAudit]) {
      expect(role.some((s) => asArray(s.Action).includes('sns:Publish'))).toBe(true);
    }
    const idempotent = (role: Statement[]) =>
      role.some((s) => asArray(s.Action).includes('dynamodb:PutItem'));
    expect([idempotent(intake), idempotent(plan), idempotent(forceAudit)]).toEqual([true, false, false]);
  });

  it('use "*" as a resource only for X-Ray, which has no resource-level permissions', () => {
    for (const role of [intake, plan, forceAudit]) {
      const starred = role.filter((s) => asArray(s.Resource as unknown[]).some((r) => flat(r) === '*'));
      expect(starred.flatMap((s) => asArray(s.Action)).sort()).toEqual([
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ]);
    }
  });

  it('attach no AWS managed policy to any role the project defines', () => {
    const roles = Object.entries(template.findResources('AWS::IAM::Role')).filter(
      ([id]) => !id.startsWith('BucketNotificationsHandler'),
    );
    for (const [, role] of roles) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });
});
