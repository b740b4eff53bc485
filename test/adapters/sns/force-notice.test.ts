import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { composeNotice, findingsQuery, TOP_FINDINGS } from '#adapters/sns/force-notice.ts';
import { SnsForceNotifier } from '#adapters/sns/publisher.ts';
import type { Finding } from '#core/model/findings.ts';

function finding(overrides: Partial<Finding>): Finding {
  return {
    finding_id: 'f_1',
    run_id: 'run-1',
    signature: 'data_quality',
    check_id: 'dq.zero_run',
    rule_version: '1',
    severity: 'medium',
    force_code: 'kent',
    period_start: '2022-06',
    period_end: '2022-09',
    offence_group: 'Theft offences',
    offence_subgroup: null,
    offence_code: '46',
    related_offence_code: null,
    observed: 0,
    expected: 100,
    unit: 'crimes',
    effect_size: null,
    p_value: null,
    q_value: null,
    near_target: false,
    summary: 'kent returned 0 for offence code 46; the run of zeros requires explanation.',
    evidence: '{}',
    input_sha256: 'b'.repeat(64),
    created_at: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

describe('force notices', () => {
  it('lists the most severe, best-evidenced findings first, with the query and how to respond', () => {
    const findings = [
      finding({ finding_id: 'f_low', severity: 'low' }),
      finding({ finding_id: 'f_high_weak', severity: 'high', q_value: 0.04 }),
      finding({
        finding_id: 'f_high_strong',
        severity: 'high',
        q_value: 0.001,
        signature: 'sudden_drop',
        check_id: 'sd.level_shift',
      }),
    ];
    const n = composeNotice({
      kind: 'findings',
      force: 'kent',
      runId: 'run-1',
      findings,
      currentTotal: 5,
      uploadKey: 'uploads/kent/k.csv',
    });
    expect(n.subject).toBe('Crime-recording audit: 3 new finding(s) for kent, 2 high');
    expect(n.attributes).toEqual({ force_code: 'kent', notice: 'findings', max_severity: 'high' });
    const order = ['f_high_strong', 'f_high_weak', 'f_low'].map((id) => n.message.indexOf(id));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(n.message).toContain('for Kent (kent) after the upload uploads/kent/k.csv (run run-1)');
    expect(n.message).toContain(
      'By severity: high 2, medium 0, low 1, info 0. The force now has 5 current finding(s)',
    );
    expect(n.message).toContain(findingsQuery('kent', 'run-1'));
    expect(n.message).toContain('upload a corrected file to uploads/kent/');
    expect(n.message).toContain('requires explanation; it is not an accusation');
  });

  it('lists at most TOP_FINDINGS and says how many more the query shows', () => {
    const findings = Array.from({ length: TOP_FINDINGS + 3 }, (_, i) =>
      finding({ finding_id: `f_${i}`, period_start: `2022-${String((i % 12) + 1).padStart(2, '0')}` }),
    );
    const n = composeNotice({
      kind: 'findings',
      force: 'kent',
      runId: 'r',
      findings,
      currentTotal: 13,
      uploadKey: null,
    });
    expect(n.message.match(/finding_id f_/g)).toHaveLength(TOP_FINDINGS);
    expect(n.message).toContain('... and 3 more');
    expect(n.message).toContain('in the scheduled national audit');
  });

  it("refuses to put another force's finding in a force's notice", () => {
    expect(() =>
      composeNotice({
        kind: 'findings',
        force: 'kent',
        runId: 'r',
        findings: [finding({ force_code: 'essex' })],
        currentTotal: 1,
        uploadKey: null,
      }),
    ).toThrow(/must not include essex/);
  });

  it('quotes values in the Athena query safely', () => {
    expect(findingsQuery('kent', "r'1")).toContain("run_id = 'r''1'");
  });

  it('tells a force what was wrong with a rejected upload', () => {
    const n = composeNotice({
      kind: 'upload_rejected',
      force: 'kent',
      uploadKey: 'uploads/kent/k.csv',
      location: 's3://bucket/quarantine/abc/k.csv',
      report: {
        file: 'k.csv',
        input_sha256: 'c'.repeat(64),
        format: 'monthly_aggregate',
        rows_read: 3,
        issue_count: 1,
        issues: [{ file: 'k.csv', line: 3, field: 'month', value: '2024-13', message: 'expected YYYY-MM' }],
        truncated: false,
      },
    });
    expect(n.attributes).toEqual({ force_code: 'kent', notice: 'upload_rejected' });
    expect(n.message).toContain('- k.csv:3: field "month": expected YYYY-MM (got "2024-13")');
    expect(n.message).toContain('kept at s3://bucket/quarantine/abc/');
  });

  it('publishes to the topic with the force as a String message attribute', async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: 'mid-1' });
    const notifier = new SnsForceNotifier(
      new SNSClient({ region: 'eu-west-2' }),
      'arn:aws:sns:eu-west-2:123456789012:t',
    );
    const id = await notifier.publish({
      kind: 'findings',
      force: 'city-of-london',
      runId: 'r',
      findings: [finding({ force_code: 'city-of-london' })],
      currentTotal: 1,
      uploadKey: null,
    });
    expect(id).toBe('mid-1');
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.TopicArn).toBe('arn:aws:sns:eu-west-2:123456789012:t');
    expect(input?.MessageAttributes?.force_code).toEqual({
      DataType: 'String',
      StringValue: 'city-of-london',
    });
    expect(input?.Subject?.length).toBeLessThanOrEqual(100);
    sns.restore();
  });
});
