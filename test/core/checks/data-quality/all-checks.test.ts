/**
 * The data-quality checks together: on the real Home Office offence-group subset (the Devon &
 * Cornwall gap is the only finding; the end of police-recorded fraud is recognised as national), and
 * on an input with one problem of every kind (every finding fits the table and reads neutrally).
 */

import { describe, expect, it } from 'vitest';
import { DATA_QUALITY_CHECKS } from '#core/checks/data-quality/index.ts';
import { CheckRegistry } from '#core/engine/registry.ts';
import { runChecks } from '#core/engine/run-checks.ts';
import { FindingSchema } from '#core/model/findings.ts';
import type { IngestNote } from '#core/model/ingest.ts';
import { input, loadPrcSubset, row, SHA_A, SHA_B, series } from '#test-support/check-inputs.ts';

const CTX = { run_id: 'run-real', now: new Date('2024-06-01T00:00:00Z') };
// The data-quality checks alone: the statistical signatures have their own suites.
const dataQualityRegistry = () => new CheckRegistry().registerAll(DATA_QUALITY_CHECKS);

describe('data-quality checks on real Home Office data', () => {
  const rows = loadPrcSubset();

  it('finds the Devon & Cornwall gap as one finding and nothing else', () => {
    const res = runChecks(dataQualityRegistry(), input(rows), CTX);
    expect(res.errors).toEqual([]);
    expect(
      res.findings.map((f) => [f.check_id, f.force_code, f.period_start, f.period_end, f.severity]),
    ).toEqual([['dq.missing_period', 'devon-and-cornwall', '2022-10', '2023-09', 'high']]);
    expect(res.findings[0]!.summary).toContain('2022/23 Q3 to 2023/24 Q2 (4 quarters)');
  });

  it('flags the end of fraud for a force audited alone, which the national context otherwise explains', () => {
    const gm = rows.filter((r) => r.force_code === 'greater-manchester');
    const alone = runChecks(dataQualityRegistry(), input(gm), CTX).findings.filter(
      (f) => f.check_id === 'dq.missing_offence',
    );
    expect(alone.length).toBeGreaterThan(0);
    expect(alone.every((f) => f.offence_group === 'Fraud offences')).toBe(true);
    const withPeers = runChecks(dataQualityRegistry(), input(rows, { forces: ['greater-manchester'] }), CTX);
    expect(withPeers.findings).toEqual([]);
  });
});

describe('data-quality findings read neutrally and fit the findings table', () => {
  const notes: IngestNote[] = [
    {
      kind: 'duplicate_key',
      force_code: 'kent',
      period_start: '2019-02',
      period_end: '2019-02',
      offence_group: 'Violence against the person',
      offence_code: '8N',
      file: 'kent.csv',
      lines: [3, 4],
      values: [7, 7],
      input_sha256: SHA_A,
    },
    {
      kind: 'unknown_offence_code',
      force_code: 'kent',
      offence_code: '0Q',
      period_start: '2019-02',
      period_end: '2019-02',
      file: 'kent.csv',
      lines: [9],
      recorded: 3,
      input_sha256: SHA_A,
    },
    {
      kind: 'duplicate_crime_id',
      force_code: 'kent',
      period_start: '2019-03',
      period_end: '2019-03',
      file: 'kent-extract.csv',
      crimes: 1,
      rows_dropped: 1,
      conflicting_rows: 1,
      duplicates: [{ crime_id: 'K-1', kept_line: 5, line: 6, identical: false }],
      input_sha256: SHA_A,
    },
    {
      kind: 'status_date_before_recorded',
      force_code: 'kent',
      period_start: '2019-03',
      period_end: '2019-03',
      file: 'kent-extract.csv',
      records: 2,
      examples: [
        {
          crime_id: 'K-2',
          line: 7,
          status: 'cancelled',
          recorded_date: '2019-03-09',
          status_date: '2019-03-01',
        },
        {
          crime_id: 'K-3',
          line: 8,
          status: 'transferred',
          recorded_date: '2019-03-09',
          status_date: '2019-02-27',
        },
      ],
      input_sha256: SHA_A,
    },
  ];
  const current = [
    ...series('2019-01', [...Array(12).fill(60), 0, 0, 0, 60, 60, null, 60]),
    ...series('2019-01', [...Array(14).fill(30), null, 30, 30, null, 30], { offence_code: '9A' }),
    row({ period_start: '2020-02', offence_code: '5D', recorded: -2 }),
    row({
      period_start: '2020-02',
      offence_code: '3A',
      offence_group: 'Sexual offences',
      recorded: 4,
      cancelled: 40,
    }),
    row({
      period_start: '2019-04',
      grain: 'quarter',
      level: 'group',
      offence_group: 'Robbery',
      recorded: 12,
    }),
    row({
      period_start: '2019-04',
      grain: 'quarter',
      offence_code: '34A',
      offence_group: 'Robbery',
      recorded: 10,
    }),
  ];
  const history = [
    ...current,
    ...series('2019-01', [80], { input_sha256: SHA_B, submitted_at: new Date('2023-01-01T00:00:00Z') }),
  ];

  it('produces one finding of each kind, each valid, neutral and ending with what to do', () => {
    const res = runChecks(dataQualityRegistry(), input(current, { history, notes }), CTX);
    expect(res.errors).toEqual([]);
    expect([...new Set(res.findings.map((f) => f.check_id))].sort()).toEqual(
      DATA_QUALITY_CHECKS.map((c) => c.id).sort(),
    );
    for (const f of res.findings) {
      expect(FindingSchema.safeParse(f).success).toBe(true);
      expect(f.signature).toBe('data_quality');
      expect(f.p_value).toBeNull();
      expect(f.q_value).toBeNull();
      expect(f.near_target).toBe(false);
      expect(f.summary).toMatch(/(please confirm[^;]*|requires explanation)\.$/);
      expect(f.summary).not.toMatch(/manipulat|fiddl|cheat|fraudulent|deliberate|mislead|suspicious|\bhid/i);
      expect(f.summary.split(/\.\s/).length).toBe(1);
      const evidence = JSON.parse(f.evidence) as { method?: unknown };
      expect(typeof evidence.method).toBe('string');
    }
  });
});
