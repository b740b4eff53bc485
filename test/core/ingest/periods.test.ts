// Financial quarters, months and record dates as the input formats write them.
import { describe, expect, it } from 'vitest';
import {
  financialQuarterToMonths,
  parseFinancialQuarter,
  parseFinancialYear,
  parseMonth,
  parseRecordDate,
} from '#core/ingest/periods.ts';

describe('financialQuarterToMonths', () => {
  it.each([
    [1, '2019-04', '2019-06'],
    [2, '2019-07', '2019-09'],
    [3, '2019-10', '2019-12'],
    [4, '2020-01', '2020-03'],
  ])('2019/20 q%i runs %s..%s', (q, start, end) => {
    expect(financialQuarterToMonths('2019/20', q)).toEqual({ start, end });
  });

  it('crosses the century: 1999/00 q4 is January–March 2000', () => {
    expect(financialQuarterToMonths('1999/00', 4)).toEqual({ start: '2000-01', end: '2000-03' });
  });

  it('accepts the quarter as text, "Q3" included', () => {
    expect(financialQuarterToMonths('2023/24', 'Q3')).toEqual({ start: '2023-10', end: '2023-12' });
  });

  it('throws a RangeError naming the bad part', () => {
    expect(() => financialQuarterToMonths('2019/21', 1)).toThrow(/financial year "2019\/21"/);
    expect(() => financialQuarterToMonths('2019/20', 5)).toThrow(/financial quarter 5/);
  });
});

describe('parseFinancialYear', () => {
  it.each([
    ['2019/20', 2019],
    [' 2019/20 ', 2019],
    ['2019-20', 2019],
    ['2019/2020', 2019],
    ['2002/03', 2002],
  ])('%j → %i', (text, year) => {
    expect(parseFinancialYear(text)).toBe(year);
  });

  it.each(['2019/21', '2019/19', '2019/2021', '2019', '19/20', '2019/20x', '', '0019/20'])(
    '%j is rejected',
    (t) => {
      expect(parseFinancialYear(t)).toBeNull();
    },
  );
});

describe('parseFinancialQuarter', () => {
  it('accepts 1–4 and Q1–Q4 only', () => {
    expect(['1', '4', 'q2', ' Q3 '].map(parseFinancialQuarter)).toEqual([1, 4, 2, 3]);
    expect(['0', '5', '1.0', '', 'Q'].map(parseFinancialQuarter)).toEqual([null, null, null, null, null]);
  });
});

describe('parseMonth', () => {
  it('accepts strict YYYY-MM', () => {
    expect(parseMonth('2019-07')).toBe('2019-07');
    expect(parseMonth(' 2019-12 ')).toBe('2019-12');
  });

  it.each(['2019-13', '2019-00', '2019-7', '07/2019', '2019-07-01', '201907', '', '0219-07'])(
    '%j is rejected',
    (t) => {
      expect(parseMonth(t)).toBeNull();
    },
  );
});

describe('parseRecordDate', () => {
  it('reads plain dates', () => {
    expect(parseRecordDate('2023-01-31')).toEqual({ date: '2023-01-31', month: '2023-01' });
    expect(parseRecordDate('2024-02-29')?.month).toBe('2024-02');
  });

  it('rejects impossible dates and other layouts', () => {
    for (const t of [
      '2023-02-29',
      '2023-04-31',
      '2023-13-01',
      '31/01/2023',
      '2023-1-5',
      '',
      '2023-01-01T25:00',
    ]) {
      expect(parseRecordDate(t), t).toBeNull();
    }
  });

  it('takes a timestamp without offset as UK local time, as written', () => {
    expect(parseRecordDate('2023-06-30T23:30:00')?.month).toBe('2023-06');
    expect(parseRecordDate('2023-06-30 23:30')?.month).toBe('2023-06');
  });

  it('converts UTC and offset timestamps to the UK date (GMT in winter, BST in summer)', () => {
    // 23:30Z on 30 June is 00:30 BST on 1 July.
    expect(parseRecordDate('2023-06-30T23:30:00Z')).toEqual({ date: '2023-07-01', month: '2023-07' });
    expect(parseRecordDate('2023-06-30T23:30:00.123+01:00')?.date).toBe('2023-06-30');
    // In January the UK is on GMT: 23:30Z on 31 January stays in January.
    expect(parseRecordDate('2023-01-31T23:30:00Z')?.date).toBe('2023-01-31');
    // 22:30 in New York on 31 January is 03:30 on 1 February in the UK.
    expect(parseRecordDate('2023-01-31T22:30:00-05:00')?.date).toBe('2023-02-01');
  });

  it('switches to BST at 01:00 UTC on the last Sunday of March, and back in October', () => {
    // 2023: BST from 26 March 01:00Z to 29 October 01:00Z.
    expect(parseRecordDate('2023-03-31T23:30:00Z')?.date).toBe('2023-04-01');
    expect(parseRecordDate('2023-10-31T23:30:00Z')?.date).toBe('2023-10-31');
    expect(parseRecordDate('2023-03-25T23:30:00Z')?.date).toBe('2023-03-25'); // still GMT
    expect(parseRecordDate('2023-03-26T23:30:00Z')?.date).toBe('2023-03-27'); // BST began that morning
    expect(parseRecordDate('2023-10-28T23:30:00Z')?.date).toBe('2023-10-29'); // still BST
    expect(parseRecordDate('2023-10-29T23:30:00Z')?.date).toBe('2023-10-29'); // GMT again
  });
});
