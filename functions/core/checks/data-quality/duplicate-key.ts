/**
 * dq.duplicate_key — the same cell (force, period, offence) appeared more than once in one file.
 * Ingest keeps every line and adds the values together, and records the fact as a note. Severity:
 * medium when the values are identical (possibly the same row twice, so the total may double-count),
 * low when they differ (plausibly parts of one cell, e.g. split by sub-area, so the sum is likely
 * right). The summary says what was done with the values.
 */

import type { IngestNoteOf } from '#core/model/ingest.ts';
import type { AuditInput, Check, CheckDraft } from '../check.ts';
import { draft } from '../draft.ts';
import { capitalise, fmt, linesLabel, offenceLabel } from '../wording.ts';
import { notesOf, periodText } from './common.ts';

type DuplicateNote = IngestNoteOf<'duplicate_key'>;

export const duplicateKeyCheck: Check = {
  id: 'dq.duplicate_key',
  signature: 'data_quality',
  ruleVersion: '1.0.0',
  description:
    'The same force, period and offence appears on more than one line of a file; the values were added together.',
  run(input: AuditInput): CheckDraft[] {
    const subgroups = subgroupIndex(input);
    return notesOf(input, 'duplicate_key').map((n) => fromNote(n, subgroups));
  },
};

/** offence code → subgroup, from the current rows (a note does not carry it). */
export function subgroupIndex(input: AuditInput): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const r of input.current) {
    if (r.offence_code !== null && !out.has(r.offence_code)) out.set(r.offence_code, r.offence_subgroup);
  }
  return out;
}

function fromNote(n: DuplicateNote, subgroups: Map<string, string | null>): CheckDraft {
  const total = n.values.reduce((a, b) => a + b, 0);
  const identical = n.values.length > 1 && n.values.every((v) => v === n.values[0]);
  const what = offenceLabel({ offence_code: n.offence_code, offence_group: n.offence_group });
  const where = `${n.file} (${linesLabel(n.lines)})`;
  const summary = identical
    ? `${what} for ${n.force_code} in ${periodText(n)} appears ${n.values.length} times with the same value (${fmt(n.values[0]!)}) in ${where}; the values were added together to give ${fmt(total)}, which double-counts if a row was repeated, so please confirm.`
    : `${what} for ${n.force_code} in ${periodText(n)} appears ${n.values.length} times with different values (${n.values.map(fmt).join(', ')}) in ${where}; the values were added together to give ${fmt(total)}, please confirm that is right.`;
  return draft({
    severity: identical ? 'medium' : 'low',
    force_code: n.force_code,
    period_start: n.period_start,
    period_end: n.period_end,
    offence_group: n.offence_group,
    offence_subgroup: n.offence_code === null ? null : (subgroups.get(n.offence_code) ?? null),
    offence_code: n.offence_code,
    observed: total,
    // If the repeat is an accidental copy, the cell should have held one of the values.
    expected: identical ? n.values[0]! : null,
    summary: capitalise(summary),
    inputs: [n.input_sha256],
    discriminator: `${n.input_sha256}|${n.file}`,
    evidence: {
      method:
        'Ingest found more than one line with the same force, period and offence in one file and summed them.',
      parameters: { identical_values: identical },
      values: [...n.values],
      summed_to: total,
      lines: n.lines.map((line) => ({ file: n.file, line })),
    },
  });
}
