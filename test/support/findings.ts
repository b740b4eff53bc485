/** A finding for the tests: valid against the findings schema unless an override makes it invalid. */
import type { Finding } from '#core/model/findings.ts';

let counter = 0;

/** Each call without a `finding_id` gets the next id (f-0001, f-0002, …), so sets of findings are distinct. */
export function finding(overrides: Partial<Finding> = {}): Finding {
  counter++;
  return {
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
    // Milliseconds, so the storage tests see that Parquet and DuckDB keep them.
    created_at: new Date('2024-01-02T03:04:05.678Z'),
    ...overrides,
  };
}
