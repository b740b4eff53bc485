import { makeAnnotation } from '#core/detection/annotations.ts';
import type { Annotation } from '#core/model/annotations.ts';

const RECORDED_AT = new Date('2024-06-01T00:00:00Z');

/**
 * An auditor's annotation of a force's break (a new recording system) over a group, or over all
 * offences when `group` is null; `end` null leaves it open.
 */
export function auditorAnnotation(
  force: string,
  group: string | null,
  start: string,
  end: string | null,
  at: Date = RECORDED_AT,
): Annotation {
  return makeAnnotation(
    {
      force_code: force,
      period_start: start,
      period_end: end,
      offence_group: group,
      offence_code: null,
      reason: 'new crime recording system',
    },
    'auditor@example',
    at,
  );
}
