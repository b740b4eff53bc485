import { describe, expect, it } from 'vitest';
import type { ReturnRow } from '#core/model/returns.ts';
import { currentRevision } from '#core/revisions.ts';
import { returnRow } from '../support/rows.ts';

const sha = (c: string) => c.repeat(64);

/** One row of Kent's January 2020 return, first submitted as sha('a'). */
const row = (over: Partial<ReturnRow>): ReturnRow =>
  returnRow({
    force_code: 'kent',
    period_start: '2020-01',
    period_end: '2020-01',
    input_sha256: sha('a'),
    ...over,
  });

describe('currentRevision', () => {
  it('keeps the latest submission per force and period, whole', () => {
    const first = [
      row({ offence_code: '8N', recorded: 10 }),
      row({ offence_code: '105A', recorded: 5 }),
      row({ period_start: '2020-02', period_end: '2020-02', recorded: 7 }),
    ];
    const correction = [
      row({
        offence_code: '8N',
        recorded: 9,
        input_sha256: sha('b'),
        submitted_at: new Date('2024-02-01T00:00:00Z'),
      }),
    ];
    const current = currentRevision([...first, ...correction]);
    // January now comes only from the correction (105A dropped with it); February is untouched.
    expect(current.map((r) => [r.period_start, r.offence_code, r.recorded])).toEqual([
      ['2020-02', '8N', 7],
      ['2020-01', '8N', 9],
    ]);
  });

  it('breaks a tie in time by content hash, deterministically', () => {
    const t = new Date('2024-01-01T00:00:00Z');
    const a = row({ input_sha256: sha('a'), submitted_at: t, recorded: 1 });
    const b = row({ input_sha256: sha('b'), submitted_at: t, recorded: 2 });
    expect(currentRevision([a, b])).toEqual([b]);
    expect(currentRevision([b, a])).toEqual([b]);
  });

  it('orders by upload time, not by when the auditor processed the file', () => {
    // The 10:00 upload is processed last (a late redelivery); its 10:05 correction stays current.
    const original = row({
      input_sha256: sha('a'),
      recorded: 12027,
      submitted_at: new Date('2024-04-03T10:00:00Z'),
      processed_at: new Date('2024-04-03T10:09:00Z'),
    });
    const correction = row({
      input_sha256: sha('b'),
      recorded: 8406,
      submitted_at: new Date('2024-04-03T10:05:00Z'),
      processed_at: new Date('2024-04-03T10:06:00Z'),
    });
    expect(currentRevision([correction, original])).toEqual([correction]);
    expect(currentRevision([original, correction])).toEqual([correction]);
  });

  it('takes equal upload times in processing order before the hash; rows without a processing time use the upload time', () => {
    const t = new Date('2024-01-01T00:00:00Z');
    const later = row({
      input_sha256: sha('a'),
      submitted_at: t,
      processed_at: new Date('2024-01-01T00:00:02Z'),
    });
    const earlier = row({
      input_sha256: sha('b'),
      submitted_at: t,
      processed_at: new Date('2024-01-01T00:00:01Z'),
    });
    expect(currentRevision([later, earlier])).toEqual([later]);
    const legacy = row({ input_sha256: sha('c'), submitted_at: t, processed_at: null });
    expect(currentRevision([legacy, earlier])).toEqual([earlier]);
  });

  it('treats different forces, grains and levels as separate keys', () => {
    const rows = [
      row({}),
      row({ force_code: 'essex', input_sha256: sha('c') }),
      row({ grain: 'quarter', period_end: '2020-03', input_sha256: sha('d') }),
      row({ level: 'group', offence_code: null, input_sha256: sha('e') }),
    ];
    expect(currentRevision(rows)).toHaveLength(4);
  });
});
