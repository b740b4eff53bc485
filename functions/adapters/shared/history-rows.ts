/** A run's findings for one force as `findings_history` rows: that run's run_id, schema-checked. */
import type { Finding } from '#core/model/findings.ts';
import { FINDINGS_HISTORY_TABLE } from '../parquet/tables.ts';
import { validateRows } from './validate-rows.ts';

export function historyRows(force: string, runId: string, findings: readonly Finding[]): Finding[] {
  const rows = validateRows(
    FINDINGS_HISTORY_TABLE,
    findings.map((f) => ({ ...f, run_id: runId })),
    `findings history of ${runId} for ${force}`,
  );
  const stray = rows.find((f) => f.force_code !== force);
  if (stray)
    throw new Error(`findings for ${force} include one for ${stray.force_code} (${stray.finding_id})`);
  return rows;
}
