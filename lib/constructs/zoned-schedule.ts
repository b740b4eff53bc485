import { Duration, TimeZone } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type { Construct } from 'constructs';

/** What every scheduled target is sent: the handlers tell a schedule from a person by it. */
export const SCHEDULE_INPUT = scheduler.ScheduleTargetInput.fromObject({ trigger: 'schedule' });

/** A late start is worse than none: a run more than two hours behind its slot is dropped, not queued. */
export const SCHEDULE_MAX_EVENT_AGE = Duration.hours(2);

export interface ZonedScheduleProps {
  description: string;
  /** Scheduler expression, e.g. `cron(0 6 ? * MON *)`. */
  expression: string;
  /** IANA time zone the expression is read in, so 06:00 stays 06:00 local across clock changes. */
  timeZone: string;
  target: scheduler.IScheduleTarget;
}

/** An EventBridge Scheduler schedule read in a named time zone. */
export function zonedSchedule(scope: Construct, id: string, props: ZonedScheduleProps): scheduler.Schedule {
  return new scheduler.Schedule(scope, id, {
    description: props.description,
    schedule: scheduler.ScheduleExpression.expression(props.expression, TimeZone.of(props.timeZone)),
    target: props.target,
  });
}
