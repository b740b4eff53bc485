import { describe, expect, it } from 'vitest';
import { isMonth, monthFromIndex, monthIndex } from '#core/series/months.ts';

describe('monthIndex', () => {
  it('is year·12 + month − 1 for every month of a few years, and monthFromIndex inverts it', () => {
    for (const year of [0, 999, 2019, 2024, 9999]) {
      for (let m = 1; m <= 12; m++) {
        const month = `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
        expect(monthIndex(month)).toBe(year * 12 + m - 1);
        expect(monthFromIndex(monthIndex(month))).toBe(month);
      }
    }
  });

  it('throws on anything that is not YYYY-MM, as isMonth says', () => {
    const bad = [
      '2024-00',
      '2024-13',
      '2024-1',
      '24-01',
      '2024/01',
      '2024-01 ',
      ' 2024-01',
      'a024-01',
      '2024-0a',
      '２０２４-01',
      '',
    ];
    for (const s of bad) {
      expect(isMonth(s)).toBe(false);
      expect(() => monthIndex(s)).toThrow(RangeError);
    }
  });
});
