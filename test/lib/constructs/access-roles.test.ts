import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  allows,
  asArray,
  flat,
  logicalId,
  PRINCIPALS,
  roleStatements,
  type Statement,
  synth,
  type TrustStatement,
  TWO_FORCES,
  trustStatements,
} from '#test-support/synth.ts';

const { template } = synth(TWO_FORCES);
const returns = `<${logicalId(template, 'AWS::S3::Bucket', 'ReturnsBucket')}.Arn>`;
const findings = `<${logicalId(template, 'AWS::S3::Bucket', 'FindingsBucket')}.Arn>`;
const results = `<${logicalId(template, 'AWS::S3::Bucket', 'QueriesResultsBucket')}.Arn>`;

const roleOf = (prefix: string): Statement[] =>
  roleStatements(template, logicalId(template, 'AWS::IAM::Role', prefix));

const ROOT = 'arn:<AWS::Partition>:iam::<AWS::AccountId>:root';
const ssoPattern = (set: string) =>
  `arn:<AWS::Partition>:iam::<AWS::AccountId>:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_${set}_????????????????`;

/** Each trust statement as [action, principal, condition], principals flattened and sorted. */
const trustOf = (prefix: string) =>
  trustStatements(template, logicalId(template, 'AWS::IAM::Role', prefix)).map((s) => ({
    action: s.Action,
    principals: asArray(s.Principal.AWS as unknown[])
      .map(flat)
      .sort(),
    condition: s.Condition,
  }));
const conditionArns = (s: TrustStatement) =>
  asArray(s.Condition?.ArnLike?.['aws:PrincipalArn'] as unknown[]).map(flat);

describe('who may assume the people-facing roles', () => {
  it("trusts exactly a force's own named principals for its uploader role", () => {
    expect(trustOf('UploaderkentRole')).toEqual([
      { action: 'sts:AssumeRole', principals: [...PRINCIPALS.kent].sort(), condition: undefined },
    ]);
  });

  it("trusts a force's permission set only through its Identity Center roles, not the whole account", () => {
    expect(trustOf('UploaderessexRole')).toEqual([
      {
        action: 'sts:AssumeRole',
        principals: [ROOT],
        condition: { ArnLike: { 'aws:PrincipalArn': expect.anything() } },
      },
    ]);
    const [statement] = trustStatements(template, logicalId(template, 'AWS::IAM::Role', 'UploaderessexRole'));
    expect(conditionArns(statement!)).toEqual([ssoPattern('EssexUploader')]);
  });

  it('trusts only the auditor principals for the auditor role', () => {
    expect(trustOf('AuditorRole')).toEqual([
      { action: 'sts:AssumeRole', principals: [...PRINCIPALS.auditors], condition: undefined },
    ]);
  });

  it('never trusts the account root without restricting it to named Identity Center roles', () => {
    for (const [id, role] of Object.entries(template.findResources('AWS::IAM::Role'))) {
      for (const statement of role.Properties.AssumeRolePolicyDocument.Statement as TrustStatement[]) {
        const principals = asArray(statement.Principal.AWS as unknown[]).map(flat);
        if (!principals.some((p) => p.endsWith(':root'))) continue;
        expect({ id, principals }).toEqual({ id, principals: [ROOT] });
        expect(
          conditionArns(statement).every((arn) => /:role\/aws-reserved\/sso\.amazonaws\.com\//.test(arn)),
        ).toBe(true);
        expect(conditionArns(statement).length).toBeGreaterThan(0);
      }
    }
  });

  it("gives one force's principals and roles no way into another force's role", () => {
    const kent = trustOf('UploaderkentRole').flatMap((s) => s.principals);
    const essex = trustOf('UploaderessexRole').flatMap((s) => s.principals);
    const kentRole = `<${logicalId(template, 'AWS::IAM::Role', 'UploaderkentRole')}.Arn>`;
    const essexRole = `<${logicalId(template, 'AWS::IAM::Role', 'UploaderessexRole')}.Arn>`;
    // Neither trusts the other's principals, nor the other's role, nor (unconditioned) the account.
    expect(kent).not.toContain(ROOT);
    expect(kent).not.toContain(essexRole);
    expect(essex).not.toContain(kentRole);
    for (const arn of PRINCIPALS.kent) expect(essex).not.toContain(arn);
    // And an uploader role may not assume any role itself.
    for (const prefix of ['UploaderkentRole', 'UploaderessexRole']) {
      for (const statement of roleOf(prefix)) {
        for (const action of asArray(statement.Action)) expect(action).not.toMatch(/^sts:/);
      }
    }
  });

  it('gives permission sets their own conditioned statement beside named principals', () => {
    const mixed = synth({
      forces: { kent: 'recording@kent.example.org' },
      uploaderPrincipals: { kent: [PRINCIPALS.kent[0], 'sso:KentUploader'] },
    }).template;
    const statements = trustStatements(mixed, logicalId(mixed, 'AWS::IAM::Role', 'UploaderkentRole'));
    expect(statements).toHaveLength(2);
    const [named, sso] = statements;
    expect(flat(named?.Principal.AWS)).toBe(PRINCIPALS.kent[0]);
    expect(named?.Condition).toBeUndefined();
    expect(flat(sso?.Principal.AWS)).toBe(ROOT);
    expect(conditionArns(sso!)).toEqual([ssoPattern('KentUploader')]);
  });

  it('builds no uploader role for a force without principals, and no auditor role without any, and says so', () => {
    const { stack, template: partial } = synth({
      forces: TWO_FORCES.forces,
      uploaderPrincipals: { kent: PRINCIPALS.kent },
    });
    const roles = Object.keys(partial.findResources('AWS::IAM::Role'));
    expect(
      roles.filter((id) => id.startsWith('Uploader')).map((id) => id.replace(/[A-F0-9]{8}$/, '')),
    ).toEqual(['UploaderkentRole']);
    expect(roles.filter((id) => id.startsWith('AuditorRole'))).toEqual([]);
    const warnings = Annotations.fromStack(stack);
    warnings.hasWarning(
      '*',
      Match.stringLikeRegexp('No uploader role for essex: context "uploaderPrincipals.essex"'),
    );
    warnings.hasWarning('*', Match.stringLikeRegexp('No auditor role: context "auditorPrincipals"'));
  });

  it('fails synth on a malformed principal, naming the context key', () => {
    expect(() =>
      synth({ ...TWO_FORCES, uploaderPrincipals: { kent: ['arn:aws:iam::111111111111:root'] } }),
    ).toThrow(
      /context "uploaderPrincipals\.kent\[0\]": "arn:aws:iam::111111111111:root" is neither an IAM role or user ARN/,
    );
    expect(() => synth({ ...TWO_FORCES, auditorPrincipals: 'everyone' })).toThrow(
      /context "auditorPrincipals"/,
    );
  });
});

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
      [
        `${findings}/findings/force_code=kent/*`,
        `${returns}/response_reports/force_code=kent/*`,
        `${returns}/uploads/kent/*`,
      ].sort(),
    );
  });

  it('let a force read its own flags and refused responses only, and no returns at all', () => {
    expect(allows(kent, 's3:GetObject', `${findings}/findings/force_code=kent/findings.parquet`)).toBe(true);
    expect(allows(kent, 's3:GetObject', `${findings}/findings/force_code=essex/findings.parquet`)).toBe(
      false,
    );
    expect(allows(kent, 's3:GetObject', `${findings}/runs/run_id=r1/run.parquet`)).toBe(false);
    expect(allows(kent, 's3:GetObject', `${returns}/uploads/kent/2024-03.csv`)).toBe(false);
    expect(allows(kent, 's3:GetObject', `${returns}/curated/returns/force_code=kent/a.parquet`)).toBe(false);
    expect(allows(kent, 's3:GetObject', `${returns}/raw/force_code=kent/a/b.csv`)).toBe(false);
  });

  it('limit listing to their own flags and refused-responses prefixes', () => {
    const list = kent.filter((s) => asArray(s.Action).includes('s3:ListBucket'));
    expect(list.map((s) => [flat(s.Resource), s.Condition])).toEqual([
      [
        findings,
        { StringLike: { 's3:prefix': ['findings/force_code=kent/', 'findings/force_code=kent/*'] } },
      ],
      [
        returns,
        {
          StringLike: {
            's3:prefix': ['response_reports/force_code=kent/', 'response_reports/force_code=kent/*'],
          },
        },
      ],
    ]);
  });

  it('use the returns key only through S3: to encrypt uploads and read their refused responses', () => {
    const returnsKey = `<${logicalId(template, 'AWS::KMS::Key', 'ReturnsKey')}.Arn>`;
    const kms = kent.filter((s) => asArray(s.Resource as unknown[]).some((r) => flat(r) === returnsKey));
    // Encrypting uploads and decrypting its refused responses: one statement, both through S3.
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
