import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { synth, TWO_FORCES } from '#test-support/synth.ts';

/** Every unacknowledged AwsSolutions finding (errors and warnings) in the synthesised app. */
function findings(app: App): string[] {
  app.synth();
  const report = new AwsSolutionsChecks(app).validateScope(app);
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.severity} ${v.ruleName} ${r.constructPath}`),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it('reports nothing unacknowledged with two forces and an operators address', () => {
    const { app } = synth({ ...TWO_FORCES, notificationEmail: 'ops@inspectorate.example.org' });
    expect(findings(app)).toEqual([]);
  });

  it('reports nothing unacknowledged with no context at all', () => {
    expect(findings(synth().app)).toEqual([]);
  });

  it('does find problems: an unencrypted queue without a dead-letter queue is reported', () => {
    const app = new App();
    new sqs.Queue(new Stack(app, 'Bad'), 'Plain', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    expect(findings(app)).toEqual(
      expect.arrayContaining([
        'error AwsSolutions-SQS2 Bad/Plain/Resource',
        'error AwsSolutions-SQS3 Bad/Plain/Resource',
        'error AwsSolutions-SQS4 Bad/Plain/Resource',
      ]),
    );
  });
});
