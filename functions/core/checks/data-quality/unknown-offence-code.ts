/**
 * dq.unknown_offence_code — a row whose offence code is not in the versioned offence-code reference
 * table, as noted by ingest. Its crimes cannot be placed in an offence group, so group totals and
 * group-level checks do not see them. Severity by the crimes involved (≥ 100 high, ≥ 20 medium,
 * > 0 low, none info).
 */

import type { IngestNoteOf } from '#core/model/ingest.ts';
import type { Check, CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import { fmt, linesLabel } from '../wording.ts';
import { notesOf, periodText, severityByCrimes } from './common.ts';
import { type DataQualityConfig, DEFAULT_DATA_QUALITY_CONFIG, type Materiality } from './config.ts';

type UnknownCodeNote = IngestNoteOf<'unknown_offence_code'>;

export function createUnknownOffenceCodeCheck(
  config: DataQualityConfig = DEFAULT_DATA_QUALITY_CONFIG,
): Check {
  return {
    id: 'dq.unknown_offence_code',
    signature: 'data_quality',
    ruleVersion: '1.0.0',
    description:
      'An offence code that is not in the offence-code reference table, so its crimes have no offence group.',
    run: (input) => notesOf(input, 'unknown_offence_code').map((n) => fromNote(n, config.materiality)),
  };
}

export const unknownOffenceCodeCheck: Check = createUnknownOffenceCodeCheck();

function fromNote(n: UnknownCodeNote, materiality: Materiality): CheckDraft {
  return draft({
    severity: severityByCrimes(n.recorded, materiality),
    force_code: n.force_code,
    period_start: n.period_start,
    period_end: n.period_end,
    offence_code: n.offence_code,
    observed: n.recorded,
    summary:
      `Offence code ${JSON.stringify(n.offence_code)} for ${n.force_code} in ${periodText(n)} (${n.file}, ${linesLabel(n.lines)}) ` +
      `is not in the offence-code reference table, so its ${fmt(n.recorded)} recorded crimes have no offence group; please confirm the code.`,
    inputs: [n.input_sha256],
    discriminator: `${n.input_sha256}|${n.file}`,
    evidence: {
      method: 'Ingest looked the code up in the versioned offence-code reference table and did not find it.',
      recorded: n.recorded,
      lines: n.lines.map((line) => ({ file: n.file, line })),
    },
  });
}
