import { describe, expect, it } from 'vitest';
import { monthsBetween, monthText, periodRangeText, proseText } from '#core/report/period-text.ts';

describe('period notation', () => {
  it('writes months and ranges as calendar months, naming a financial year only when it is exactly one', () => {
    expect(monthText('2006-07')).toBe('Jul 2006');
    expect(periodRangeText('2006-07', '2007-06')).toBe('Jul 2006 – Jun 2007');
    expect(periodRangeText('2006-04', '2007-03')).toBe('Apr 2006 – Mar 2007 (financial year 2006/07)');
    expect(periodRangeText('2006-04', '2008-03')).toBe('Apr 2006 – Mar 2008');
    expect(periodRangeText('2020-11', '2020-11')).toBe('Nov 2020');
  });

  it('lists the months of a range, across a year end', () => {
    expect(monthsBetween('2020-11', '2021-02')).toEqual(['2020-11', '2020-12', '2021-01', '2021-02']);
    expect(monthsBetween('2020-11', 'x')).toEqual([]);
  });
});

describe('proseText', () => {
  it('names forces instead of slugs, but leaves file names and identifiers alone', () => {
    expect(proseText('devon-and-cornwall has no returns (devon-and-cornwall.csv, line 4)')).toBe(
      'Devon and Cornwall has no returns (devon-and-cornwall.csv, line 4)',
    );
    expect(proseText('uploads/kent/x.csv')).toBe('uploads/kent/x.csv');
  });

  it('puts months, month ranges and financial quarters in calendar months', () => {
    expect(proseText('in 2022-11 to 2023-02 against 2022-10')).toBe(
      'in Nov 2022 – Feb 2023 against Oct 2022',
    );
    expect(proseText('from 2006/07 Q4 (2006/07 Q4 to 2007/08 Q3)')).toBe(
      'from Jan – Mar 2007 (Jan 2007 – Dec 2007)',
    );
    expect(proseText('the last quarter of 2003/04')).toBe('the last quarter of financial year 2003/04');
    expect(proseText('2022/23 Q1 to 2022/23 Q4')).toBe('Apr 2022 – Mar 2023 (financial year 2022/23)');
  });
});
