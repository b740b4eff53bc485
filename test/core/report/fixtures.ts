/** Findings for the report tests: valid against the findings schema, varied by force and severity. */
import { type Finding, FindingSchema } from '../../../functions/core/model/findings.ts';

let counter = 0;

export function finding(overrides: Partial<Finding> = {}): Finding {
  counter++;
  return FindingSchema.parse({
    finding_id: `f-${String(counter).padStart(4, '0')}`,
    run_id: 'run-1',
    signature: 'sudden_drop',
    check_id: 'drop.level_shift',
    rule_version: '1.0.0',
    severity: 'medium',
    force_code: 'kent',
    period_start: '2022-04',
    period_end: '2022-09',
    offence_group: 'Violence against the person',
    offence_subgroup: 'Violence with injury',
    offence_code: '8N',
    related_offence_code: null,
    observed: 1500,
    expected: 2000,
    unit: 'crimes',
    effect_size: -0.2877,
    p_value: 0.00012,
    q_value: 0.0031,
    near_target: false,
    summary: 'Recorded assault with injury fell by a quarter from April 2022; this requires explanation.',
    evidence: JSON.stringify({ method: 'level shift', parameters: { window: 6 } }),
    input_sha256: 'a'.repeat(64),
    created_at: new Date('2024-05-01T00:00:00Z'),
    ...overrides,
  });
}

export function monthlySeries(start: number, values: number[], expected?: number[]) {
  return values.map((value, i) => {
    const index = 2021 * 12 + 3 + start + i;
    const period = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    return { period, value, expected: expected?.[i] ?? null };
  });
}
