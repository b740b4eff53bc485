import { describe, expect, it } from 'vitest';
import { openLocalStore } from '#adapters/local/store.ts';
import { currentRevision } from '#core/revisions.ts';
import { RETURNS_CURRENT_SQL } from '#store/returns-current.ts';
import { engineStore } from '#test-support/engine-store.ts';

const fx = engineStore();
const open = () => fx.open();
const submit = fx.submit;

describe('returns_current', () => {
  it('picks the latest revision per force × period × grain × level and keeps superseded rows in returns', async () => {
    const first = await submit(
      'v1.csv',
      [
        { period_start: '2019-07', period_end: '2019-07', offence_code: '8N', recorded: 100 },
        { period_start: '2019-07', period_end: '2019-07', offence_code: '105A', recorded: 50 },
        { period_start: '2019-08', period_end: '2019-08', offence_code: '8N', recorded: 110 },
      ],
      '2024-01-01T00:00:00Z',
    );
    // The correction re-submits July only and drops 105A: July's cells all come from v2 now.
    const second = await submit(
      'v2.csv',
      [{ period_start: '2019-07', period_end: '2019-07', offence_code: '8N', recorded: 90 }],
      '2024-02-01T00:00:00Z',
    );
    // Another force, and a quarterly cell for the same force and period: separate keys.
    await submit(
      'kent.csv',
      [{ force_code: 'kent', period_start: '2019-07', recorded: 7 }],
      '2023-01-01T00:00:00Z',
    );
    await submit(
      'q.csv',
      [
        {
          grain: 'quarter',
          period_start: '2019-07',
          period_end: '2019-09',
          level: 'group',
          offence_code: null,
          recorded: 300,
        },
      ],
      '2023-06-01T00:00:00Z',
    );

    const e = await open();
    expect(await e.query('SELECT count(*) AS n FROM returns')).toEqual([{ n: 6 }]);
    const current = await e.query(
      'SELECT force_code, period_start, grain, offence_code, recorded, input_sha256 FROM returns_current ORDER BY force_code, period_start, grain, offence_code',
    );
    expect(current).toEqual([
      {
        force_code: 'greater-manchester',
        period_start: '2019-07',
        grain: 'month',
        offence_code: '8N',
        recorded: 90,
        input_sha256: second,
      },
      {
        force_code: 'greater-manchester',
        period_start: '2019-07',
        grain: 'quarter',
        offence_code: null,
        recorded: 300,
        input_sha256: expect.any(String),
      },
      {
        force_code: 'greater-manchester',
        period_start: '2019-08',
        grain: 'month',
        offence_code: '8N',
        recorded: 110,
        input_sha256: first,
      },
      {
        force_code: 'kent',
        period_start: '2019-07',
        grain: 'month',
        offence_code: '8N',
        recorded: 7,
        input_sha256: expect.any(String),
      },
    ]);
    expect(await e.query(`SELECT count(*) AS n FROM returns WHERE input_sha256 = '${first}'`)).toEqual([
      { n: 3 },
    ]);
  });

  it('breaks a submitted_at tie by the greater input_sha256', async () => {
    const a = await submit('a.csv', [{ recorded: 1 }], '2024-01-01T00:00:00Z', 'content a');
    const b = await submit('b.csv', [{ recorded: 2 }], '2024-01-01T00:00:00Z', 'content b');
    const winner = a > b ? a : b;
    const e = await open();
    expect(await e.query('SELECT input_sha256 FROM returns_current')).toEqual([{ input_sha256: winner }]);
  });

  it('orders by upload time over processing time, and by processing time within one upload time, as core does', async () => {
    // Uploaded first, processed last (a late redelivery): not current.
    const late = await submit(
      'late.csv',
      [{ recorded: 1 }],
      '2024-04-03T10:00:00Z',
      'late',
      '2024-04-03T10:09:00Z',
    );
    const correction = await submit(
      'fix.csv',
      [{ recorded: 2 }],
      '2024-04-03T10:05:00Z',
      'fix',
      '2024-04-03T10:06:00Z',
    );
    // Same upload time as the correction, read after it: this one wins, whatever the hashes.
    const sameTime = await submit(
      'same.csv',
      [{ recorded: 3 }],
      '2024-04-03T10:05:00Z',
      'same',
      '2024-04-03T10:07:00Z',
    );
    const e = await open();
    expect(await e.query('SELECT input_sha256 FROM returns_current')).toEqual([{ input_sha256: sameTime }]);
    const store = openLocalStore(fx.root);
    const current = currentRevision((await store.returns.loadAll()).rows);
    expect(current.map((r) => r.input_sha256)).toEqual([sameTime]);
    expect([late, correction]).not.toContain(sameTime);
  });

  it('is written in SQL that Athena (Trino) accepts too', () => {
    expect(RETURNS_CURRENT_SQL).not.toMatch(/\bQUALIFY\b|\bEXCLUDE\b|::|\bFROM\s+read_parquet/i);
    expect(RETURNS_CURRENT_SQL).toMatch(/DENSE_RANK\(\) OVER/);
    expect(RETURNS_CURRENT_SQL).toMatch(/FROM returns r/);
  });
});
