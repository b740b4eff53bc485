import { describe, expect, it } from 'vitest';
import { reclassificationCoverage } from '#core/checks/reclassification/index.ts';
import type { ReturnRow } from '#core/model/returns.ts';

const row = (force: string, code: string | null, over: Partial<ReturnRow> = {}): ReturnRow => ({
  force_code: force,
  period_start: '2023-04',
  period_end: '2023-04',
  grain: 'month',
  level: code === null ? 'group' : 'code',
  offence_code: code,
  offence_group: 'Violence against the person',
  offence_subgroup: null,
  recorded: 10,
  cancelled: 0,
  source_format: 'monthly_aggregate',
  source_file: 'f.csv',
  source_line: 2,
  input_sha256: 'a'.repeat(64),
  submitted_at: new Date('2024-01-01T00:00:00Z'),
  run_id: 'r',
  ...over,
});

describe('reclassificationCoverage', () => {
  it('says per audited force whether downgrades were seen in an extract, in aggregates only, or not at all', () => {
    const current = [
      row('kent', '8N'),
      row('kent', '105A'),
      row('surrey', '8N'),
      row('surrey', '105A', { source_format: 'record_level' }),
      row('essex', null),
      row('cheshire', '8N'), // one side of the family only
      row('hertfordshire', '8N'),
      row('hertfordshire', '105A'),
    ];
    const transitions = [
      {
        force_code: 'hertfordshire',
        month: '2023-04',
        from_offence_code: '8N',
        to_offence_code: '105A',
        count: 3,
      },
    ];
    const out = reclassificationCoverage({
      current,
      forces: ['kent', 'surrey', 'essex', 'cheshire', 'hertfordshire', 'kent'],
      transitions,
    });
    expect(out.map((c) => [c.force_code, c.status])).toEqual([
      ['cheshire', 'not_checked'],
      ['essex', 'not_checked'],
      ['hertfordshire', 'record_level'],
      ['kent', 'aggregate'],
      ['surrey', 'record_level'],
    ]);
    expect(out.find((c) => c.force_code === 'kent')!.families).toEqual(['violence-injury']);
    expect(out.find((c) => c.force_code === 'kent')!.message).toMatch(/one time in three/);
  });
});
