import { describe, expect, it } from 'vitest';
import { notesOf, periodText, severityByCrimes } from '#core/checks/data-quality/common.ts';
import { DEFAULT_DATA_QUALITY_CONFIG } from '#core/checks/data-quality/config.ts';
import { capitalise } from '#core/checks/wording.ts';
import type { IngestNote } from '#core/model/ingest.ts';

describe('severityByCrimes', () => {
  it('follows the default ladder: ≥ 100 high, ≥ 20 medium, > 0 low, else info, by magnitude', () => {
    const ladder = DEFAULT_DATA_QUALITY_CONFIG.materiality;
    expect([0, 1, 19, 20, 99, 100, -100, -19].map((c) => severityByCrimes(c, ladder))).toEqual([
      'info',
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
      'low',
    ]);
  });

  it('takes its steps from the ladder it is given', () => {
    const ladder = { severity_high_crimes: 10, severity_medium_crimes: 5 };
    expect([4, 5, 10].map((c) => severityByCrimes(c, ladder))).toEqual(['low', 'medium', 'high']);
  });
});

describe('periodText and capitalise', () => {
  it('names one period once and a span by its ends', () => {
    expect(periodText({ period_start: '2023-01', period_end: '2023-01' })).toBe('2023-01');
    expect(periodText({ period_start: '2023-01', period_end: '2023-03' })).toBe('2023-01 to 2023-03');
    expect(capitalise('offence code 8N')).toBe('Offence code 8N');
  });
});

describe('notesOf', () => {
  it('keeps the notes of one kind, in order', () => {
    const base = {
      force_code: 'kent',
      period_start: '2023-01',
      period_end: '2023-01',
      file: 'f.csv',
      input_sha256: 'a',
    };
    const notes: IngestNote[] = [
      { ...base, kind: 'unknown_offence_code', offence_code: 'Z1', lines: [2], recorded: 1 },
      { ...base, kind: 'status_date_before_recorded', records: 1, examples: [] },
      { ...base, kind: 'unknown_offence_code', offence_code: 'Z2', lines: [3], recorded: 2 },
    ];
    expect(notesOf({ notes }, 'unknown_offence_code').map((n) => n.offence_code)).toEqual(['Z1', 'Z2']);
    expect(notesOf({ notes }, 'duplicate_key')).toEqual([]);
  });
});
