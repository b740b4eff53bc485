// The record-level row read without zod must be the schema's row whenever it gives one, and give up
// (leaving the schema to word the error) on every cell the schema would refuse.
import { describe, expect, it } from 'vitest';
import { detectFormat } from '#core/ingest/formats.ts';
import { RecordRowReader } from '#core/ingest/record-row-reader.ts';
import { RecordLevelRowSchema } from '#core/ingest/schemas.ts';

const HEADER = [
  'crime_id',
  'force_code',
  'recorded_date',
  'offence_code',
  'original_offence_code',
  'status',
  'status_date',
  'cancellation_code',
];

function reader(header: readonly string[] = HEADER): RecordRowReader {
  const detected = detectFormat(header);
  if (!detected.ok) throw new Error(detected.message);
  return new RecordRowReader(detected.columns);
}

const GOOD = ['GMP-1', 'greater-manchester', '2023-01-05', '8N', '', 'recorded', '', ''];

/** Each cell replaced, one at a time, by values the schema accepts or refuses. */
const VARIANTS: Record<number, string[]> = {
  0: ['', '  ', ' GMP-2 ', 'x'],
  1: ['', ' kent ', 'Kent'],
  2: [
    '',
    '2023-02-30',
    '2023-13-01',
    '23-01-05',
    '2023-01-05T23:30:00Z',
    ' 2023-06-30T23:30:00+00:00 ',
    'soon',
  ],
  3: ['', ' 8n ', '105a', 'UK  Finance', '4.10'],
  4: ['', ' ', '8n', '5D'],
  5: ['', 'Recorded', ' CANCELLED ', 'transferred', 'closed', 'recorded.'],
  6: ['', '2023-01-09', '2023-01-32', 'later', '2022-12-31T23:59:59-01:00'],
  7: ['', ' C2 ', 'C2'],
};

describe('RecordRowReader', () => {
  it('agrees with RecordLevelRowSchema: the same row, or null where the schema decides', () => {
    const r = reader();
    let read = 0;
    for (const status of ['recorded', 'cancelled', 'transferred']) {
      for (const [column, values] of Object.entries(VARIANTS)) {
        for (const value of values) {
          const cells = [...GOOD];
          cells[5] = status;
          if (status === 'cancelled' && Number(column) !== 6) cells[6] = '2023-01-09';
          cells[Number(column)] = value;
          const raw = Object.fromEntries(HEADER.map((h, i) => [h, cells[i]]));
          const schema = RecordLevelRowSchema.safeParse(raw);
          const fast = r.read(cells);
          if (fast === null) {
            // Only a refused row, or one the reader is unsure of, is left to the schema.
            continue;
          }
          read += 1;
          expect(schema.success, JSON.stringify(cells)).toBe(true);
          expect(fast, JSON.stringify(cells)).toEqual(schema.data);
        }
      }
    }
    expect(read).toBeGreaterThan(60);
  });

  it('refuses what the schema refuses: empty ids, bad dates, unknown statuses, a cancellation without its date', () => {
    const r = reader();
    const refused = [
      ['', ...GOOD.slice(1)],
      [GOOD[0]!, GOOD[1]!, '2023-02-30', ...GOOD.slice(3)],
      [...GOOD.slice(0, 5), 'closed', '', ''],
      [...GOOD.slice(0, 5), 'cancelled', '', 'C2'],
      [...GOOD.slice(0, 6), 'tomorrow', ''],
    ];
    for (const cells of refused) {
      expect(r.read(cells)).toBeNull();
      const raw = Object.fromEntries(HEADER.map((h, i) => [h, cells[i]]));
      expect(RecordLevelRowSchema.safeParse(raw).success).toBe(false);
    }
  });

  it('reads a row from the text of its line as from its cells, and leaves a line of another width to the schema', () => {
    const r = reader();
    const cancelled = [...GOOD.slice(0, 5), ' Cancelled', '2023-01-09 ', 'C2'];
    for (const cells of [GOOD, cancelled]) {
      const line = `x\n${cells.join(',')}\r\n`;
      expect(r.readText(line, 2, line.length - 2)).toEqual(r.read(cells));
    }
    expect(r.read(cancelled)).toMatchObject({ status: 'cancelled', cancellation_code: 'C2' });
    const text = GOOD.join(',');
    expect(r.readText(`${text},`, 0, text.length + 1)).toBeNull();
    expect(r.readText(text, 0, text.lastIndexOf(','))).toBeNull();
    // A cell holding a comma (it was quoted) makes one cell too many: the schema reads that row.
    expect(r.read(['GMP-1, part 2', ...GOOD.slice(1)])).toBeNull();
  });

  it('reads YYYY-MM-DD dates at the edges of the calendar as the schema does', () => {
    const r = reader();
    for (const date of ['1899-12-31', '2100-01-01', '2023-00-10', '2023-13-01', '2023-04-31', '2023-02-29']) {
      expect(r.read([GOOD[0]!, GOOD[1]!, date, ...GOOD.slice(3)]), date).toBeNull();
      expect(r.read([...GOOD.slice(0, 6), date, '']), date).toBeNull();
    }
    for (const date of ['1900-01-01', '2099-12-31', '2024-02-29', '2023-01-31']) {
      const row = r.read([...GOOD.slice(0, 2), date, ...GOOD.slice(3, 6), date, '']);
      expect(row?.recorded_date, date).toEqual({ date, month: date.slice(0, 7) });
      expect(row?.status_date).toBe(row?.recorded_date);
    }
  });

  it('reads an extract without the optional columns, in any column order', () => {
    const r = reader(['status', 'offence_code', 'recorded_date', 'force_code', 'crime_id']);
    expect(r.read(['Recorded', '8n', '2023-01-05', 'Kent', 'K-1'])).toEqual({
      crime_id: 'K-1',
      force_code: 'Kent',
      recorded_date: { date: '2023-01-05', month: '2023-01' },
      offence_code: '8N',
      original_offence_code: null,
      status: 'recorded',
      status_date: null,
      cancellation_code: null,
    });
  });
});
