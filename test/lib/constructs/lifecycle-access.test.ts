/**
 * Who may do what in the finding lifecycle, in the synthesised policies: a force answers only
 * through its own responses prefix and reads only its own findings and refused responses; only the
 * auditors may put decisions; the intake reads both channels; the weekly digest's function only
 * reads findings and events and publishes, and its schedule may only invoke it.
 */
import { describe, expect, it } from 'vitest';
import { keys, PREFIXES } from '#store/layout.ts';
import { allows, asArray, flat, logicalId, roleStatements, synth, TWO_FORCES } from '#test-support/synth.ts';

const { template } = synth(TWO_FORCES);
const returns = `<${logicalId(template, 'AWS::S3::Bucket', 'ReturnsBucket')}.Arn>`;
const findings = `<${logicalId(template, 'AWS::S3::Bucket', 'FindingsBucket')}.Arn>`;
const roleOf = (prefix: string) => roleStatements(template, logicalId(template, 'AWS::IAM::Role', prefix));
const SHA = 'c'.repeat(64);

describe('a force answering its findings', () => {
  const kent = roleOf('UploaderkentRole');

  it('may put responses under its own responses prefix, not another force’s, nor decisions', () => {
    expect(allows(kent, 's3:PutObject', `${returns}/${keys.forceResponses('kent')}f1.json`)).toBe(true);
    expect(allows(kent, 's3:PutObject', `${returns}/${keys.forceResponses('essex')}f1.json`)).toBe(false);
    expect(allows(kent, 's3:PutObject', `${returns}/${PREFIXES.decisions}f1.json`)).toBe(false);
    expect(allows(kent, 's3:PutObject', `${returns}/${keys.responseReport('kent', SHA)}`)).toBe(false);
  });

  it('may read its own refused responses and findings only', () => {
    expect(allows(kent, 's3:GetObject', `${returns}/${keys.responseReport('kent', SHA)}`)).toBe(true);
    expect(allows(kent, 's3:GetObject', `${returns}/${keys.responseReport('essex', SHA)}`)).toBe(false);
    expect(allows(kent, 's3:GetObject', `${returns}/${keys.responseReport(null, SHA)}`)).toBe(false);
    expect(allows(kent, 's3:GetObject', `${findings}/${keys.findings('kent')}`)).toBe(true);
    expect(allows(kent, 's3:GetObject', `${findings}/${keys.findings('essex')}`)).toBe(false);
    expect(allows(kent, 's3:GetObject', `${findings}/${keys.findingEvents('essex')}`)).toBe(false);
    expect(allows(kent, 's3:GetObject', `${returns}/${keys.forceResponses('essex')}f1.json`)).toBe(false);
  });
});

describe('auditors deciding', () => {
  const auditor = roleOf('AuditorRole');

  it('may put decisions, and read every refused response, but write nothing else in the returns bucket', () => {
    expect(allows(auditor, 's3:PutObject', `${returns}/${PREFIXES.decisions}kent-f1.json`)).toBe(true);
    expect(allows(auditor, 's3:PutObject', `${returns}/${keys.forceResponses('kent')}f1.json`)).toBe(false);
    expect(allows(auditor, 's3:PutObject', `${findings}/${keys.findingEvents('kent')}`)).toBe(false);
    expect(allows(auditor, 's3:GetObject', `${returns}/${keys.responseReport('kent', SHA)}`)).toBe(true);
    expect(allows(auditor, 's3:GetObject', `${returns}/${keys.responseReport(null, SHA)}`)).toBe(true);
    const puts = auditor
      .filter((s) => asArray(s.Action).includes('s3:PutObject'))
      .flatMap((s) => asArray(s.Resource as unknown[]).map(flat))
      .filter((r) => r.startsWith(returns));
    expect(puts).toEqual([`${returns}/${PREFIXES.decisions}*`]);
  });
});

describe('the intake and the weekly digest', () => {
  it('let the intake read responses and decisions by version and keep refused ones', () => {
    const intake = roleOf('IntakeHandlerRole');
    expect(allows(intake, 's3:GetObjectVersion', `${returns}/${keys.forceResponses('kent')}a.json`)).toBe(
      true,
    );
    expect(allows(intake, 's3:GetObjectVersion', `${returns}/${PREFIXES.decisions}a.json`)).toBe(true);
    expect(allows(intake, 's3:PutObject', `${returns}/${PREFIXES.decisions}a.json`)).toBe(false);
    expect(allows(intake, 's3:PutObject', `${returns}/${keys.responseReport('kent', SHA)}`)).toBe(true);
  });

  it('let the digest read findings and events, write nothing, and publish flags', () => {
    const digest = roleOf('WeeklyDigestRole');
    expect(allows(digest, 's3:GetObject', `${findings}/${keys.findings('kent')}`)).toBe(true);
    expect(allows(digest, 's3:GetObject', `${findings}/${keys.findingEvents('kent')}`)).toBe(true);
    expect(allows(digest, 's3:GetObject', `${findings}/${keys.run('r1')}`)).toBe(false);
    expect(allows(digest, 's3:GetObject', `${returns}/${keys.forceResponses('kent')}a.json`)).toBe(false);
    for (const s of digest) {
      for (const a of asArray(s.Action)) expect(a).not.toMatch(/^s3:(Put|Delete)|^dynamodb:|^states:|\*/);
    }
    const topic = `<${logicalId(template, 'AWS::SNS::Topic', 'NotificationsFlags')}>`;
    expect(allows(digest, 'sns:Publish', topic)).toBe(true);
  });

  it('schedule the digest weekly in London time, invoking only the digest function', () => {
    const fn = logicalId(template, 'AWS::Lambda::Function', 'WeeklyDigestFunction');
    const role = logicalId(template, 'AWS::IAM::Role', 'WeeklyDigestScheduleRole');
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 8 ? * MON *)',
      ScheduleExpressionTimezone: 'Europe/London',
      Target: { Arn: { 'Fn::GetAtt': [fn, 'Arn'] }, RoleArn: { 'Fn::GetAtt': [role, 'Arn'] } },
    });
    const trust = template.toJSON().Resources[role].Properties.AssumeRolePolicyDocument.Statement;
    expect(trust.map((s: { Principal: { Service: string } }) => s.Principal.Service)).toEqual([
      'scheduler.amazonaws.com',
    ]);
    const statements = roleStatements(template, role);
    expect(statements.flatMap((s) => asArray(s.Action))).toEqual(['lambda:InvokeFunction']);
    expect(statements.flatMap((s) => asArray(s.Resource as unknown[]).map(flat)).sort()).toEqual(
      [`<${fn}.Arn>`, `<${fn}.Arn>:*`].sort(),
    );
  });

  it('send the digest when the digestSchedule setting says', () => {
    const custom = synth({ ...TWO_FORCES, digestSchedule: 'cron(30 9 ? * FRI *)' }).template;
    const expressions = Object.values(custom.findResources('AWS::Scheduler::Schedule')).map(
      (r) => r.Properties.ScheduleExpression,
    );
    expect(expressions.sort()).toEqual(['cron(0 6 ? * MON *)', 'cron(30 9 ? * FRI *)']);
  });
});
