/**
 * dq.unknown_offence_code — a row whose offence code is not in the versioned offence-code reference
 * table, as noted by ingest. Its crimes cannot be placed in an offence group, so group totals and
 * group-level checks do not see them. Severity by the crimes involved (≥ 100 high, ≥ 20 medium,
 * > 0 low, none info).
 */

import type { FindingDraft } from '../../model/findings.ts';
import type { IngestNote } from '../../model/ingest.ts';
import type { AuditInput, Check } from '../check.ts';
import { fmt, linesLabel } from '../wording.ts';
import { severityByCrimes } from './common.ts';
import { periodText } from './duplicate-key.ts';

type UnknownCodeNote = Extract<IngestNote, { kind: 'unknown_offence_code' }>;

export const unknownOffenceCodeCheck: Check = {
  id: 'dq.unknown_offence_code',
  signature: 'data_quality',
  ruleVersion: '1.0.0',
  description:
    'An offence code that is not in the offence-code reference table, so its crimes have no offence group.',
  run(input: AuditInput): FindingDraft[] {
    return input.notes.filter((n): n is UnknownCodeNote => n.kind === 'unknown_offence_code').map(fromNote);
  },
};

function fromNote(n: UnknownCodeNote): FindingDraft {
  return {
    signature: 'data_quality',
    check_id: unknownOffenceCodeCheck.id,
    rule_version: unknownOffenceCodeCheck.ruleVersion,
    severity: severityByCrimes(n.recorded),
    force_code: n.force_code,
    period_start: n.period_start,
    period_end: n.period_end,
    offence_group: null,
    offence_subgroup: null,
    offence_code: n.offence_code,
    related_offence_code: null,
    observed: n.recorded,
    expected: null,
    unit: 'crimes',
    effect_size: null,
    p_value: null,
    near_target: false,
    summary:
      `Offence code ${JSON.stringify(n.offence_code)} for ${n.force_code} in ${periodText(n)} (${n.file}, ${linesLabel(n.lines)}) ` +
      `is not in the offence-code reference table, so its ${fmt(n.recorded)} recorded crimes have no offence group; please confirm the code.`,
    evidence: {
      method: 'Ingest looked the code up in the versioned offence-code reference table and did not find it.',
      recorded: n.recorded,
      lines: n.lines.map((line) => ({ file: n.file, line })),
      inputs: [n.input_sha256],
      discriminator: `${n.input_sha256}|${n.file}`,
    },
  };
}
