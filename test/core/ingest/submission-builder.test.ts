// The streaming submission builder on its own, aggregate formats: rows in, cells and notes out.
import { describe, expect, it } from 'vitest';
import { accepted, build, CTX, HO, HO_GROUP, MONTHLY, rejected, SHA } from './builder-fixture.ts';

describe('monthly aggregate', () => {
  it('makes one month cell per row, mapped through the reference table, with provenance', () => {
    const r = accepted(build([MONTHLY, ['Greater Manchester', '2019-07', '8n', '1234', '31']]));
    expect(r.format).toBe('monthly_aggregate');
    expect(r.rows).toEqual([
      {
        force_code: 'greater-manchester',
        period_start: '2019-07',
        period_end: '2019-07',
        grain: 'month',
        level: 'code',
        offence_code: '8N',
        offence_group: 'Violence against the person',
        offence_subgroup: 'Violence with injury',
        recorded: 1234,
        cancelled: 31,
        source_format: 'monthly_aggregate',
        source_file: 'returns.csv',
        source_line: 2,
        input_sha256: SHA,
        submitted_at: CTX.submitted_at,
        // No read time given: it defaults to the upload time.
        processed_at: CTX.submitted_at,
        run_id: 'run-1',
      },
    ]);
    expect(r.notes).toEqual([]);
    expect(r.rowsRead).toBe(1);
    expect(r.offenceReferenceVersion).toBe('2024-25.1');
    expect(r.transitions).toBeUndefined();
  });

  it('sets cancelled to null when the column is absent', () => {
    const r = accepted(
      build([
        ['force_code', 'month', 'offence_code', 'recorded'],
        ['kent', '2019-07', '46', '5'],
      ]),
    );
    expect(r.rows[0]!.cancelled).toBeNull();
  });

  it('keeps negative and fractional counts as given (data-quality checks flag them)', () => {
    const r = accepted(
      build([MONTHLY, ['kent', '2019-07', '46', '-3', '0.5'], ['kent', '2019-08', '46', '1,204.5', '']]),
    );
    expect(r.rows.map((x) => [x.recorded, x.cancelled])).toEqual([
      [-3, 0.5],
      [1204.5, null],
    ]);
  });

  it('keeps an unknown offence code under group "Unknown" and notes it', () => {
    const r = accepted(build([MONTHLY, ['kent', '2019-07', 'local9', '7', '1']]));
    expect(r.rows[0]).toMatchObject({
      offence_code: 'LOCAL9',
      offence_group: 'Unknown',
      offence_subgroup: null,
    });
    expect(r.notes).toEqual([
      {
        kind: 'unknown_offence_code',
        force_code: 'kent',
        offence_code: 'LOCAL9',
        period_start: '2019-07',
        period_end: '2019-07',
        file: 'returns.csv',
        lines: [2],
        recorded: 7,
        input_sha256: SHA,
      },
    ]);
  });

  it('sums a repeated cell key into one cell and notes the lines and values', () => {
    const r = accepted(
      build([
        MONTHLY,
        ['kent', '2019-07', '8N', '10', '1'],
        ['essex', '2019-07', '8N', '3', '0'],
        ['Kent', '2019-07', '8n', '5', '2'],
        ['E23000032', '2019-07', ' 8N', '1', '0'],
      ]),
    );
    expect(r.rows).toHaveLength(2);
    expect(r.rows[0]).toMatchObject({ force_code: 'kent', recorded: 16, cancelled: 3, source_line: 2 });
    expect(r.notes).toEqual([
      {
        kind: 'duplicate_key',
        force_code: 'kent',
        period_start: '2019-07',
        period_end: '2019-07',
        offence_group: 'Violence against the person',
        offence_code: '8N',
        file: 'returns.csv',
        lines: [2, 4, 5],
        values: [10, 5, 1],
        input_sha256: SHA,
      },
    ]);
  });

  it('makes a summed cancelled count unknown when one part is unknown', () => {
    const r = accepted(
      build([MONTHLY, ['kent', '2019-07', '8N', '10', '1'], ['kent', '2019-07', '8N', '5', 'N/a']]),
    );
    expect(r.rows[0]).toMatchObject({ recorded: 15, cancelled: null });
  });
});

describe('Home Office tables', () => {
  it('maps a financial quarter to its months and keeps the table’s own group and subgroup', () => {
    const r = accepted(
      build([
        HO,
        [
          '2019/20',
          '4',
          'Avon & Somerset',
          'Assault with injury',
          'Violence against the person',
          'Violence with injury',
          '8N',
          '1500',
        ],
        ['2013/14', '1', 'kent', 'Retired code', 'theft offences', 'Other theft offences', '49Z', '3'],
      ]),
    );
    expect(r.rows[0]).toMatchObject({
      force_code: 'avon-and-somerset',
      period_start: '2020-01',
      period_end: '2020-03',
      grain: 'quarter',
      level: 'code',
      offence_code: '8N',
      recorded: 1500,
      cancelled: null,
    });
    // A code the 2024/25 reference lacks is not "unknown" when the table itself gives its group.
    expect(r.rows[1]).toMatchObject({
      offence_code: '49Z',
      offence_group: 'Theft offences',
      offence_subgroup: 'Other theft offences',
    });
    expect(r.notes).toEqual([]);
  });

  it('fills a blank group from the reference table, and notes a code known to neither', () => {
    const r = accepted(
      build([
        HO,
        ['2019/20', '1', 'Kent', '', '', '', '46', '10'],
        ['2019/20', '1', 'Kent', '', '', '', 'Q99', '2'],
      ]),
    );
    expect(r.rows[0]).toMatchObject({ offence_group: 'Theft offences', offence_subgroup: 'Shoplifting' });
    expect(r.rows[1]).toMatchObject({ offence_group: 'Unknown', offence_subgroup: null });
    expect(r.notes.map((n) => n.kind)).toEqual(['unknown_offence_code']);
  });

  it('skips N/a and empty counts (not zero), tallying them', () => {
    const r = accepted(
      build([
        HO_GROUP,
        ['2019/20', '1', 'Kent', 'Robbery', '10'],
        ['2019/20', '2', 'Kent', 'Robbery', 'N/a'],
        ['2019/20', '3', 'Kent', 'Robbery', ''],
        ['2019/20', '4', 'Kent', 'Robbery', 'n/A'],
      ]),
    );
    expect(r.rows).toHaveLength(1);
    expect(r.notAvailable).toBe(3);
    expect(r.skipped).toEqual([
      expect.objectContaining({
        reason: 'not_available',
        field: 'Number of Offences',
        value: 'N/a',
        count: 1,
        lines: [3],
      }),
      expect.objectContaining({ reason: 'not_available', value: '(empty)', count: 1, lines: [4] }),
      expect.objectContaining({ reason: 'not_available', value: 'n/A', count: 1, lines: [5] }),
    ]);
  });

  it('makes group-level cells with no offence code and the canonical group spelling', () => {
    const r = accepted(build([HO_GROUP, ['2002/03', '2', 'London, City of', 'theft  OFFENCES', '1747']]));
    expect(r.format).toBe('home_office_pfa_group');
    expect(r.rows[0]).toMatchObject({
      force_code: 'city-of-london',
      period_start: '2002-07',
      period_end: '2002-09',
      level: 'group',
      offence_code: null,
      offence_group: 'Theft offences',
      offence_subgroup: null,
    });
  });

  it('skips rows of non-force bodies with a note, and audits the forces in the same file', () => {
    const r = accepted(
      build([
        HO,
        [
          '2024/25',
          '1',
          'British Transport Police',
          'Murder',
          'Violence against the person',
          'Homicide',
          '1',
          '1',
        ],
        ['2024/25', '1', 'Action Fraud', 'Fraud', 'Fraud offences', 'Fraud: Action Fraud', 'AF', '90000'],
        ['2024/25', '1', 'CIFAS', 'Fraud', 'Fraud offences', 'Fraud: CIFAS', 'CIFAS', '80000'],
        ['2024/25', '2', 'Action Fraud', 'Fraud', 'Fraud offences', 'Fraud: Action Fraud', 'AF', '91000'],
      ]),
    );
    expect(r.rows.map((x) => x.force_code)).toEqual(['btp']);
    expect(r.skipped).toEqual([
      expect.objectContaining({
        reason: 'non_force_body',
        field: 'Force Name',
        value: 'Action Fraud',
        count: 2,
        lines: [3, 5],
      }),
      expect.objectContaining({ reason: 'non_force_body', value: 'CIFAS', count: 1, lines: [4] }),
    ]);
    expect(r.skipped[0]!.message).toMatch(/not a police force/);
  });

  it('rejects a file where every row was skipped, saying why', () => {
    const r = rejected(
      build([
        HO_GROUP,
        ['2019/20', '1', 'UK Finance', 'Fraud offences', '5'],
        ['2019/20', '1', 'Kent', 'Robbery', 'N/a'],
      ]),
    );
    expect(r.report.issues).toEqual([
      expect.objectContaining({
        line: 0,
        field: 'file',
        message: expect.stringMatching(
          /no usable rows: all 2 data rows were skipped — 1 non force body \(UK Finance\), 1 not available \(N\/a\)/,
        ),
      }),
    ]);
  });
});
