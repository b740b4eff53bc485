import { describe, expect, it } from 'vitest';
import { ANY_OFFENCE, notesOf, periodText, severityAtStake } from '#core/checks/data-quality/common.ts';
import { DEFAULT_DATA_QUALITY_CONFIG } from '#core/checks/data-quality/config.ts';
import { capitalise } from '#core/checks/wording.ts';
import type { IngestNote } from '#core/model/ingest.ts';

describe('severityAtStake', () => {
  const ladder = DEFAULT_DATA_QUALITY_CONFIG.materiality;
  const theft = { offence_group: 'Theft offences', offence_code: '46' };
  it('weighs crimes by seriousness on the default ladder: ≥ 1,000 weighted high, ≥ 200 medium, > 0 low', () => {
    // Shoplifting weighs 2: 100 crimes are 200 weighted, 500 are 1,000.
    expect([0, 1, 99, 100, 499, 500, -500].map((c) => severityAtStake(c, theft, ladder))).toEqual([
      'info',
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
    ]);
  });

  it('makes a few rapes matter as much as many thefts', () => {
    const rape = { offence_group: 'Sexual offences', offence_code: '19C' };
    expect(severityAtStake(20, rape, ladder)).toBe('medium');
    expect(severityAtStake(20, theft, ladder)).toBe('low');
    expect(severityAtStake(100, rape, ladder)).toBe('high');
  });

  it('sizes a −7 arson as 14 weighted crimes (low) and an unknown code at the default weight', () => {
    expect(
      severityAtStake(-7, { offence_group: 'Criminal damage and arson', offence_code: '56B' }, ladder),
    ).toBe('low');
    expect(severityAtStake(118, ANY_OFFENCE, ladder)).toBe('medium');
  });

  it('takes its steps from the ladder it is given', () => {
    const l = { severity_high_weighted_crimes: 20, severity_medium_weighted_crimes: 10 };
    expect([4, 5, 10].map((c) => severityAtStake(c, theft, l))).toEqual(['low', 'medium', 'high']);
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
