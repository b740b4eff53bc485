/**
 * dq.invalid_count — a current cell whose recorded or cancelled count is not a whole number of crimes
 * of zero or more (negative, fractional, not finite). Ingest keeps such values as given so that they
 * are reported here rather than lost; every statistical check leaves them out (see `isUsableCount`).
 * Always high severity: the figure cannot be right as it stands. One finding per cell and field.
 */
import type { ReturnRow } from '#core/model/returns.ts';
import { periodLabel } from '#core/series/periods.ts';
import { isUsableCount } from '#core/series/usable-count.ts';
import type { AuditInput, Check, CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import { offenceLabel } from '../wording.ts';

export { hasUsableCounts, isUsableCount } from '#core/series/usable-count.ts';

export const invalidCountCheck: Check = {
  id: 'dq.invalid_count',
  signature: 'data_quality',
  ruleVersion: '1.0.0',
  description:
    'A recorded or cancelled count that is negative, fractional or not a number; it is left out of the statistical checks.',
  run(input: AuditInput): CheckDraft[] {
    const audited = new Set(input.forces);
    const out: CheckDraft[] = [];
    for (const row of input.current) {
      if (!audited.has(row.force_code)) continue;
      if (!isUsableCount(row.recorded)) out.push(finding(row, 'recorded', row.recorded));
      if (row.cancelled !== null && !isUsableCount(row.cancelled))
        out.push(finding(row, 'cancelled', row.cancelled));
    }
    return out;
  },
};

function why(value: number): string {
  if (!Number.isFinite(value)) return 'not a number';
  if (value < 0) return 'negative';
  return 'not a whole number';
}

function finding(row: ReturnRow, field: 'recorded' | 'cancelled', value: number): CheckDraft {
  const finite = Number.isFinite(value);
  return draft({
    severity: 'high',
    force_code: row.force_code,
    period_start: row.period_start,
    period_end: row.period_end,
    offence_group: row.offence_group,
    offence_subgroup: row.level === 'code' ? row.offence_subgroup : null,
    offence_code: row.level === 'code' ? row.offence_code : null,
    observed: finite ? value : null,
    summary:
      `The ${field} count for ${offenceLabel(row.level === 'code' ? row : { offence_code: null, offence_group: row.offence_group })} ` +
      `for ${row.force_code} in ${periodLabel(row.period_start, row.grain)} is ${String(value)} (${row.source_file}, line ${row.source_line}), ` +
      `which is ${why(value)}; it has been left out of the statistical checks, please confirm the figure.`,
    inputs: [row.input_sha256],
    discriminator: field,
    evidence: {
      method: 'A count of crimes must be a finite whole number of zero or more.',
      field,
      value: String(value),
      problem: why(value),
      lines: [{ file: row.source_file, line: row.source_line }],
    },
  });
}
