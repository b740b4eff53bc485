import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTION_DEFAULTS, REQUIRE_SHIM_BANNER } from '#lib/constructs/audit-function.ts';
import { INTAKE_STORAGE_HEADROOM_MIB } from '#lib/constructs/returns-intake.ts';
import { HANDLER_FILES, HANDLERS_DIR, REPO_ROOT } from '#lib/paths.ts';
import { MAX_UPLOAD_BYTES } from '#store/upload-limit.ts';
import { flat, logicalId, synth, TWO_FORCES } from '../support/synth.ts';

const { template } = synth({ ...TWO_FORCES, notificationEmail: 'operations@inspectorate.example.org' });
// CloudFormation JSON as the assertions library gives it (untyped).
const resources = template.toJSON().Resources;

const projectFunctions = () =>
  Object.entries(template.findResources('AWS::Lambda::Function')).filter(
    ([id]) => !id.startsWith('BucketNotificationsHandler'),
  );

describe('Lambda defaults', () => {
  it('give every handler Node.js 22 on arm64 with active tracing and its own log group', () => {
    const fns = projectFunctions();
    expect(fns.map(([id]) => id.replace(/[A-F0-9]{8}$/, '')).sort()).toEqual([
      'IntakeHandlerFunction',
      'ScheduledAuditForceAuditFunction',
      'ScheduledAuditPlanFunction',
      'WeeklyDigestFunction',
    ]);
    for (const [, fn] of fns) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Handler).toBe('index.handler');
      const logGroup = flat(fn.Properties.LoggingConfig.LogGroup).replace(/^<(.*)>$/, '$1');
      expect(resources[logGroup]?.Type).toBe('AWS::Logs::LogGroup');
      expect(resources[logGroup]?.Properties.RetentionInDays).toBe(180);
    }
  });

  it('set timeouts and memory by the work each handler does', () => {
    const byPrefix = (p: string) => resources[logicalId(template, 'AWS::Lambda::Function', p)]!.Properties;
    expect(byPrefix('IntakeHandlerFunction')).toMatchObject({ Timeout: 600, MemorySize: 2048 });
    expect(byPrefix('ScheduledAuditForceAuditFunction')).toMatchObject({ Timeout: 600, MemorySize: 2048 });
    expect(byPrefix('ScheduledAuditPlanFunction')).toMatchObject({ Timeout: 120, MemorySize: 512 });
  });

  it('pass every handler the buckets, topic, idempotency table and Powertools settings', () => {
    const services: string[] = [];
    for (const [, fn] of projectFunctions()) {
      const env = fn.Properties.Environment.Variables;
      services.push(env.POWERTOOLS_SERVICE_NAME);
      expect(env.POWERTOOLS_METRICS_NAMESPACE).toBe('CrimeRecordingAuditor');
      if (env.POWERTOOLS_SERVICE_NAME === 'findings-digest') {
        // The digest reads findings and publishes notices: it is told of nothing else.
        expect(
          Object.keys(env)
            .filter((k) => !/^(POWERTOOLS_|LOG_LEVEL|NODE_OPTIONS)/.test(k))
            .sort(),
        ).toEqual(['FINDINGS_BUCKET', 'TOPIC_ARN']);
        continue;
      }
      expect(flat(env.RETURNS_BUCKET)).toBe(`<${logicalId(template, 'AWS::S3::Bucket', 'ReturnsBucket')}>`);
      expect(flat(env.FINDINGS_BUCKET)).toBe(`<${logicalId(template, 'AWS::S3::Bucket', 'FindingsBucket')}>`);
      expect(flat(env.TOPIC_ARN)).toBe(`<${logicalId(template, 'AWS::SNS::Topic', 'NotificationsFlags')}>`);
      expect(flat(env.IDEMPOTENCY_TABLE)).toBe(
        `<${logicalId(template, 'AWS::DynamoDB::Table', 'Idempotency')}>`,
      );
      expect(env.POWERTOOLS_METRICS_NAMESPACE).toBe('CrimeRecordingAuditor');
      expect(env.LOG_LEVEL).toBe('INFO');
      expect(env.NODE_OPTIONS).toBe('--enable-source-maps');
    }
    expect(services.sort()).toEqual(['audit-planner', 'findings-digest', 'force-audit', 'returns-intake']);
  });

  it('bundle as ESM with a require shim, leaving the AWS SDK to the runtime', () => {
    expect(FUNCTION_DEFAULTS.runtime.name).toBe('nodejs22.x');
    expect(REQUIRE_SHIM_BANNER).toMatch(/createRequire.*import\.meta\.url/);
  });

  it('deploy the handlers of functions/handlers by default', () => {
    expect(HANDLERS_DIR).toBe(join(REPO_ROOT, 'functions', 'handlers'));
    expect(Object.values(HANDLER_FILES).sort()).toEqual([
      'findings-digest.ts',
      'force-audit.ts',
      'intake.ts',
      'plan-audit.ts',
    ]);
  });
});

describe('returns intake', () => {
  const uploads = logicalId(template, 'AWS::SQS::Queue', 'IntakeUploads');
  const deadLetters = logicalId(template, 'AWS::SQS::Queue', 'IntakeDeadLetters');

  it('sends object-created events under uploads/ and decisions/ to the queue', () => {
    const [notifications] = Object.values(template.findResources('Custom::S3BucketNotifications'));
    expect(flat(notifications!.Properties.BucketName)).toBe(
      `<${logicalId(template, 'AWS::S3::Bucket', 'ReturnsBucket')}>`,
    );
    expect(notifications!.Properties.NotificationConfiguration.QueueConfigurations).toEqual([
      {
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
        QueueArn: { 'Fn::GetAtt': [uploads, 'Arn'] },
      },
      {
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'decisions/' }] } },
        QueueArn: { 'Fn::GetAtt': [uploads, 'Arn'] },
      },
    ]);
  });

  it('parks a message in the dead-letter queue after five failed deliveries', () => {
    expect(resources[uploads]!.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [deadLetters, 'Arn'] },
      maxReceiveCount: 5,
    });
    // Six times the intake timeout, so a slow upload is not delivered twice.
    expect(resources[uploads]!.Properties.VisibilityTimeout).toBe(3600);
  });

  it('alarms on the first dead letter and tells the operators', () => {
    const alerts = logicalId(template, 'AWS::SNS::Topic', 'NotificationsAlerts');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetters, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: alerts }],
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'operations@inspectorate.example.org',
      TopicArn: { Ref: alerts },
    });
  });

  it('gives the intake /tmp room for the largest upload it accepts, plus headroom, and tells it that limit', () => {
    const intake =
      resources[logicalId(template, 'AWS::Lambda::Function', 'IntakeHandlerFunction')]!.Properties;
    const storageMib: number = intake.EphemeralStorage.Size;
    expect(storageMib * 1024 ** 2).toBeGreaterThanOrEqual(
      MAX_UPLOAD_BYTES + INTAKE_STORAGE_HEADROOM_MIB * 1024 ** 2,
    );
    // Lambda's maximum; above it the deployment would fail.
    expect(storageMib).toBeLessThanOrEqual(10_240);
    expect(intake.Environment.Variables.MAX_UPLOAD_BYTES).toBe(String(MAX_UPLOAD_BYTES));
    for (const other of ['ScheduledAuditPlanFunction', 'ScheduledAuditForceAuditFunction']) {
      expect(
        resources[logicalId(template, 'AWS::Lambda::Function', other)]!.Properties.EphemeralStorage,
      ).toBeUndefined();
    }
  });

  it('feeds the intake one message at a time, reporting failed records', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [uploads, 'Arn'] },
      FunctionName: { Ref: logicalId(template, 'AWS::Lambda::Function', 'IntakeHandlerFunction') },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });
});

describe('per-force flags', () => {
  const flags = logicalId(template, 'AWS::SNS::Topic', 'NotificationsFlags');
  const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription')).filter(
    (s) => flat(s.Properties.TopicArn) === `<${flags}>`,
  );

  it('subscribes each configured force, filtered to its own force_code', () => {
    expect(
      subscriptions.map((s) => s.Properties).sort((a, b) => a.Endpoint.localeCompare(b.Endpoint)),
    ).toEqual([
      {
        TopicArn: { Ref: flags },
        Protocol: 'https',
        Endpoint: 'https://flags.essex.example.org/auditor',
        FilterPolicy: { force_code: ['essex'] },
      },
      {
        TopicArn: { Ref: flags },
        Protocol: 'email',
        Endpoint: 'recording@kent.example.org',
        FilterPolicy: { force_code: ['kent'] },
      },
    ]);
  });

  it('has no subscription without a filter policy', () => {
    for (const s of subscriptions) expect(s.Properties.FilterPolicy).toBeDefined();
  });
});

describe('scheduled audits', () => {
  it('start on Mondays at 06:00 London time by default', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 ? * MON *)',
      ScheduleExpressionTimezone: 'Europe/London',
      State: 'ENABLED',
      Target: {
        Arn: { Ref: logicalId(template, 'AWS::StepFunctions::StateMachine', 'ScheduledAuditStateMachine') },
        Input: JSON.stringify({ trigger: 'schedule' }),
      },
    });
  });

  it('take the schedule and its time zone from context', () => {
    const custom = synth({ schedule: 'cron(30 2 1 * ? *)', scheduleTimeZone: 'UTC' }).template;
    custom.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 2 1 * ? *)',
      ScheduleExpressionTimezone: 'UTC',
    });
  });

  it('log every state machine event and trace executions', () => {
    const sm =
      resources[logicalId(template, 'AWS::StepFunctions::StateMachine', 'ScheduledAuditStateMachine')]!;
    expect(sm.Properties.TracingConfiguration).toEqual({ Enabled: true });
    expect(sm.Properties.LoggingConfiguration.Level).toBe('ALL');
    const group = flat(sm.Properties.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn);
    expect(group).toMatch(/^<ScheduledAuditExecutionLogs\w+\.Arn>$/);
  });

  it('plan, then audit each planned force a few at a time with run_id and force_code', () => {
    const sm =
      resources[logicalId(template, 'AWS::StepFunctions::StateMachine', 'ScheduledAuditStateMachine')]!;
    const definition = JSON.parse(flat(sm.Properties.DefinitionString));
    expect(definition.StartAt).toBe('PlanAudit');
    const plan = definition.States.PlanAudit;
    expect(plan.Arguments.FunctionName).toBe(
      `<${logicalId(template, 'AWS::Lambda::Function', 'ScheduledAuditPlanFunction')}.Arn>`,
    );
    expect(plan.Next).toBe('AuditEachForce');
    const map = definition.States.AuditEachForce;
    expect(map.Type).toBe('Map');
    expect(map.MaxConcurrency).toBe(5);
    expect(map.Items).toBe('{% $states.input.forces %}');
    expect(map.ItemSelector).toEqual({
      run_id: '{% $states.input.run_id %}',
      force_code: '{% $states.context.Map.Item.Value %}',
    });
    const audit = map.ItemProcessor.States.AuditForce;
    expect(audit.Arguments.FunctionName).toBe(
      `<${logicalId(template, 'AWS::Lambda::Function', 'ScheduledAuditForceAuditFunction')}.Arn>`,
    );
    expect(audit.Arguments.Payload).toEqual({
      run_id: '{% $states.input.run_id %}',
      force_code: '{% $states.input.force_code %}',
    });
    // One force failing is recorded, not fatal to the others; the execution fails at the end.
    expect(audit.Catch[0].ErrorEquals).toEqual(['States.ALL']);
    expect(definition.States.AnyForceFailed.Choices[0].Next).toBe('SomeForcesFailed');
    expect(definition.States.SomeForcesFailed.Type).toBe('Fail');
  });

  it('alarm when a scheduled audit fails or times out', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter((a) =>
      (a.Properties.Metrics ?? []).some(
        (m: { MetricStat?: { Metric: { Namespace: string } } }) =>
          m.MetricStat?.Metric.Namespace === 'AWS/States',
      ),
    );
    expect(alarms).toHaveLength(1);
    const names = alarms[0]!.Properties.Metrics.flatMap(
      (m: { MetricStat?: { Metric: { MetricName: string } } }) => m.MetricStat?.Metric.MetricName ?? [],
    );
    expect(names.sort()).toEqual(['ExecutionsFailed', 'ExecutionsTimedOut']);
  });
});
