/**
 * The weekly digest: EventBridge Scheduler invokes the findings-digest function on a cron in a named
 * time zone, and the function sends each force one notice of the findings that await its answer.
 * The schedule's role may invoke exactly this function (the Scheduler target creates it so), and
 * the function reads findings and events only (lib/iam/handler-access.ts digestStatements).
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { acknowledge, REASONS, wildcardResourceFinding } from '../nag/suppressions.ts';
import { AuditFunction } from './audit-function.ts';
import { SCHEDULE_INPUT, SCHEDULE_MAX_EVENT_AGE, zonedSchedule } from './zoned-schedule.ts';

export interface WeeklyDigestProps {
  entry: string;
  environment: Record<string, string>;
  /** IANA time zone the schedule is read in. */
  timeZone: string;
  /** Scheduler expression, e.g. `cron(0 8 ? * MON *)`. */
  schedule: string;
}

export class WeeklyDigest extends Construct {
  readonly fn: AuditFunction;
  readonly schedule: scheduler.Schedule;
  /** What the schedule acts as: it may invoke the digest function and nothing else. */
  readonly scheduleRole: iam.Role;

  constructor(scope: Construct, id: string, props: WeeklyDigestProps) {
    super(scope, id);
    this.fn = new AuditFunction(this, 'Digest', {
      entry: props.entry,
      description: 'Sends each force the weekly list of findings that await its answer',
      serviceName: 'findings-digest',
      timeout: Duration.minutes(2),
      memorySize: 1024,
      environment: props.environment,
    });
    // Its own role rather than the target's shared default, so it holds this one grant only.
    this.scheduleRole = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Lets EventBridge Scheduler invoke the weekly digest function',
    });
    this.schedule = zonedSchedule(this, 'Schedule', {
      description: 'Sends the weekly digest of findings awaiting each force',
      expression: props.schedule,
      timeZone: props.timeZone,
      target: new targets.LambdaInvoke(this.fn.fn, {
        role: this.scheduleRole,
        input: SCHEDULE_INPUT,
        retryAttempts: 2,
        maxEventAge: SCHEDULE_MAX_EVENT_AGE,
      }),
    });
    acknowledge(
      this.scheduleRole,
      wildcardResourceFinding(this.scheduleRole, `${this.fn.fn.functionArn}:*`),
      REASONS.lambdaVersions,
    );
  }
}
