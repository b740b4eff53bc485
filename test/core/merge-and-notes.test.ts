import { describe, expect, it } from 'vitest';
import { mergeFindings } from '#core/merge-findings.ts';
import type { Finding } from '#core/model/findings.ts';
import type { IngestNote } from '#core/model/ingest.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { currentNotes, currentTransitions } from '#core/notes.ts';
import { finding } from '../support/findings.ts';
import { returnRow } from '../support/rows.ts';

const sha = (c: string) => c.repeat(64);

const stamped = (id: string, run: string, at: string, observed = 1): Finding =>
  finding({ finding_id: id, run_id: run, created_at: new Date(at), observed });

describe('mergeFindings', () => {
  it('keeps the first run and time of a finding seen again, adds new ones and reports resolved ones', () => {
    const stored = [
      stamped('f1', 'run1', '2024-01-01T00:00:00Z'),
      stamped('f2', 'run1', '2024-01-01T00:00:00Z'),
    ];
    const raised = [
      stamped('f1', 'run2', '2024-02-01T00:00:00Z', 5),
      stamped('f3', 'run2', '2024-02-01T00:00:00Z'),
    ];
    const m = mergeFindings(stored, raised);
    expect(m.findings.map((f) => [f.finding_id, f.run_id, f.observed])).toEqual([
      ['f1', 'run1', 5],
      ['f3', 'run2', 1],
    ]);
    expect(m.findings[0]?.created_at).toEqual(new Date('2024-01-01T00:00:00Z'));
    expect(m.added.map((f) => f.finding_id)).toEqual(['f3']);
    expect(m.resolved.map((f) => f.finding_id)).toEqual(['f2']);
  });

  it('is the identity when the same findings are raised again', () => {
    const stored = [stamped('f1', 'run1', '2024-01-01T00:00:00Z')];
    const again = mergeFindings(stored, [stamped('f1', 'run2', '2024-03-01T00:00:00Z')]);
    expect(again.findings).toEqual(stored);
    expect(again.added).toEqual([]);
  });
});

const row = (period: string, input: string, format: ReturnRow['source_format'] = 'monthly_aggregate') =>
  returnRow({
    force_code: 'kent',
    period_start: period,
    period_end: period,
    input_sha256: input,
    source_format: format,
  });

describe('currentNotes and currentTransitions', () => {
  it('drops notes of submissions that no longer hold the period', () => {
    const note = (input: string): IngestNote => ({
      kind: 'unknown_offence_code',
      force_code: 'kent',
      offence_code: '8Z',
      period_start: '2020-01',
      period_end: '2020-01',
      file: 'f.csv',
      lines: [3],
      recorded: 4,
      input_sha256: input,
    });
    const current = [row('2020-01', sha('b'))];
    expect(currentNotes([note(sha('a')), note(sha('b'))], current)).toEqual([note(sha('b'))]);
  });

  it('keeps the transitions of current record-level submissions only, without their hash', () => {
    const t = {
      force_code: 'kent',
      month: '2020-01',
      from_offence_code: '8N',
      to_offence_code: '105A',
      count: 3,
    };
    const current = [row('2020-01', sha('c'), 'record_level')];
    expect(
      currentTransitions(
        [
          { ...t, input_sha256: sha('c') },
          { ...t, count: 9, input_sha256: sha('d') },
        ],
        current,
      ),
    ).toEqual([t]);
  });
});
