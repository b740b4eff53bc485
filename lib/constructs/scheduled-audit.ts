/**
 * The scheduled audit: EventBridge Scheduler starts a Step Functions execution on a cron in a named
 * time zone (so "06:00 on Mondays" stays 06:00 London time across clock changes). The execution
 *
 *   plan-audit  → { run_id, forces[] }
 *   Map over forces (a few at a time) → force-audit { run_id, force_code }
 *   fails at the end if any force failed
 *
 * A failing force does not stop the others: its failure is caught and recorded in the Map's
 * output, and the execution is failed afterwards so the alarm fires. Written in JSONata, which
 * keeps the data shaping in the state machine readable.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { acknowledge, REASONS, wildcardResourceFinding } from '../nag/suppressions.ts';
import { AuditFunction } from './audit-function.ts';
import { SCHEDULE_INPUT, SCHEDULE_MAX_EVENT_AGE, zonedSchedule } from './zoned-schedule.ts';

/** Forces audited at once: enough to finish 44 forces promptly, few enough not to crowd S3 and Lambda. */
export const FORCE_AUDIT_CONCURRENCY = 5;
export const FORCE_AUDIT_TIMEOUT = Duration.minutes(10);

export interface ScheduledAuditProps {
  planEntry: string;
  forceAuditEntry: string;
  environment: Record<string, string>;
  /** Scheduler expression, e.g. `cron(0 6 ? * MON *)`. */
  schedule: string;
  /** IANA time zone the expression is read in. */
  timeZone: string;
  alarmTopic: sns.ITopic;
}

export class ScheduledAudit extends Construct {
  readonly plan: AuditFunction;
  readonly forceAudit: AuditFunction;
  readonly stateMachine: sfn.StateMachine;
  readonly schedule: scheduler.Schedule;
  readonly failureAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ScheduledAuditProps) {
    super(scope, id);
    this.plan = new AuditFunction(this, 'Plan', {
      entry: props.planEntry,
      description: 'Plans a scheduled audit: a run id and the forces to audit',
      serviceName: 'audit-planner',
      timeout: Duration.minutes(2),
      memorySize: 512,
      environment: props.environment,
    });
    this.forceAudit = new AuditFunction(this, 'ForceAudit', {
      entry: props.forceAuditEntry,
      description: "Audits one force's returns against its history and peers",
      serviceName: 'force-audit',
      timeout: FORCE_AUDIT_TIMEOUT,
      memorySize: 2048,
      environment: props.environment,
    });

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: 'Scheduled audit of every force with returns',
      queryLanguage: sfn.QueryLanguage.JSONATA,
      definitionBody: sfn.DefinitionBody.fromChainable(this.definition()),
      timeout: Duration.hours(3),
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'ExecutionLogs', {
          // The /aws/vendedlogs/ prefix keeps CloudWatch's resource policy small (AWS's advice).
          logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-scheduled-audit`,
          retention: logs.RetentionDays.SIX_MONTHS,
          removalPolicy: RemovalPolicy.RETAIN,
        }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: true,
      },
    });

    const role = this.stateMachine.role;
    acknowledge(role, 'AwsSolutions-IAM5[Resource::*]', REASONS.stateMachineLogs);
    for (const fn of [this.plan.fn, this.forceAudit.fn]) {
      acknowledge(role, wildcardResourceFinding(role, `${fn.functionArn}:*`), REASONS.lambdaVersions);
    }

    this.schedule = zonedSchedule(this, 'Schedule', {
      description: 'Starts the scheduled audit of every force',
      expression: props.schedule,
      timeZone: props.timeZone,
      target: new targets.StepFunctionsStartExecution(this.stateMachine, {
        input: SCHEDULE_INPUT,
        retryAttempts: 3,
        maxEventAge: SCHEDULE_MAX_EVENT_AGE,
      }),
    });

    this.failureAlarm = new cloudwatch.Alarm(this, 'FailedAlarm', {
      alarmDescription: 'A scheduled audit failed or timed out: see the state machine execution.',
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(failed, 0) + FILL(timedOut, 0)',
        usingMetrics: {
          failed: this.stateMachine.metricFailed({ statistic: cloudwatch.Stats.SUM }),
          timedOut: this.stateMachine.metricTimedOut({ statistic: cloudwatch.Stats.SUM }),
        },
        period: Duration.minutes(5),
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.failureAlarm.addAlarmAction(new cwActions.SnsAction(props.alarmTopic));
  }

  private definition(): sfn.IChainable {
    const plan = tasks.LambdaInvoke.jsonata(this, 'PlanAudit', {
      lambdaFunction: this.plan.fn,
      // The handler returns { run_id, forces }.
      outputs: '{% $states.result.Payload %}',
    });

    const auditForce = tasks.LambdaInvoke.jsonata(this, 'AuditForce', {
      lambdaFunction: this.forceAudit.fn,
      payload: sfn.TaskInput.fromObject({
        run_id: '{% $states.input.run_id %}',
        force_code: '{% $states.input.force_code %}',
      }),
      // Only the outcome: 44 handler results in the Map's output could pass the 256 KB state limit.
      outputs: { force_code: '{% $states.input.force_code %}', status: 'succeeded' },
    });
    auditForce.addCatch(sfn.Pass.jsonata(this, 'RecordForceFailure'), {
      outputs: {
        force_code: '{% $states.input.force_code %}',
        status: 'failed',
        error: '{% $states.errorOutput %}',
      },
    });

    const eachForce = sfn.Map.jsonata(this, 'AuditEachForce', {
      items: sfn.ProvideItems.jsonata('{% $states.input.forces %}'),
      itemSelector: {
        run_id: '{% $states.input.run_id %}',
        force_code: '{% $states.context.Map.Item.Value %}',
      },
      maxConcurrency: FORCE_AUDIT_CONCURRENCY,
      outputs: { run_id: '{% $states.input.run_id %}', results: '{% $states.result %}' },
    });
    eachForce.itemProcessor(auditForce);

    const verdict = sfn.Choice.jsonata(this, 'AnyForceFailed')
      .when(
        sfn.Condition.jsonata("{% 'failed' in $states.input.results.status %}"),
        sfn.Fail.jsonata(this, 'SomeForcesFailed', {
          error: 'ForceAuditFailed',
          cause:
            "{% 'Audit failed for: ' & $join($states.input.results[status = 'failed'].force_code, ', ') %}",
        }),
      )
      .otherwise(new sfn.Succeed(this, 'AllForcesAudited'));

    return plan.next(eachForce).next(verdict);
  }
}
