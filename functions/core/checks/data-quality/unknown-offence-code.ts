/**
 * dq.unknown_offence_code — rows whose offence code is not in the versioned offence-code reference
 * table, as noted by ingest (one note per month). Their crimes cannot be placed in an offence group, so
 * group totals and group-level checks do not see them. One finding per force, file and code, spanning
 * the first to the last month the code appears in, with each month in the evidence: the code is the
 * file's, so one correction fixes every month (rule 1.1.0; 1.0.0 raised one finding a month).
 * Severity by the crimes involved at the default seriousness weight (the code has no group), on the
 * family's materiality ladder (config.ts).
 */

import type { IngestNoteOf } from '#core/model/ingest.ts';
import type { Check, CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import { fmt, linesLabel } from '../wording.ts';
import { ANY_OFFENCE, byForceFileAnd, notesOf, periodText, severityAtStake } from './common.ts';
import { type DataQualityConfig, DEFAULT_DATA_QUALITY_CONFIG, type Materiality } from './config.ts';

type UnknownCodeNote = IngestNoteOf<'unknown_offence_code'>;

export function createUnknownOffenceCodeCheck(
  config: DataQualityConfig = DEFAULT_DATA_QUALITY_CONFIG,
): Check {
  return {
    id: 'dq.unknown_offence_code',
    signature: 'data_quality',
    ruleVersion: '1.1.0',
    description:
      'An offence code that is not in the offence-code reference table, so its crimes have no offence group.',
    run: (input) =>
      byForceFileAnd(notesOf(input, 'unknown_offence_code'), (n) => n.offence_code).map((group) =>
        fromNotes(group, config.materiality),
      ),
  };
}

export const unknownOffenceCodeCheck: Check = createUnknownOffenceCodeCheck();

function fromNotes(notes: UnknownCodeNote[], materiality: Materiality): CheckDraft {
  const first = notes[0]!;
  const last = notes[notes.length - 1]!;
  const recorded = notes.reduce((a, n) => a + n.recorded, 0);
  const period = { period_start: first.period_start, period_end: last.period_end };
  const lines = notes.flatMap((n) => n.lines);
  return draft({
    severity: severityAtStake(recorded, ANY_OFFENCE, materiality),
    force_code: first.force_code,
    ...period,
    offence_code: first.offence_code,
    observed: recorded,
    summary:
      `Offence code ${JSON.stringify(first.offence_code)} for ${first.force_code} in ${periodText(period)} (${first.file}, ${linesLabel(lines)}) ` +
      `is not in the offence-code reference table, so its ${fmt(recorded)} recorded crimes have no offence group; please confirm the code.`,
    inputs: [first.input_sha256],
    discriminator: `${first.input_sha256}|${first.file}`,
    evidence: {
      method:
        'Ingest looked the code up in the versioned offence-code reference table and did not find it; the months of one file and code form one finding.',
      parameters: { grouped_by: ['force', 'file', 'offence_code'] },
      recorded,
      months: notes.map((n) => ({ period: n.period_start, recorded: n.recorded, lines: [...n.lines] })),
      lines: lines.map((line) => ({ file: first.file, line })),
    },
  });
}
