import { describe, expect, it } from 'vitest';
import { runsWhere } from '../../../../functions/core/checks/data-quality/runs.ts';

describe('runsWhere', () => {
  const periods = ['a', 'b', 'c', 'd', 'e', 'f'];

  it('gives every maximal run of consecutive periods that hold, as first and last indexes', () => {
    const holds = new Set(['b', 'c', 'e']);
    expect(runsWhere(periods, (p) => holds.has(p))).toEqual([
      [1, 2],
      [4, 4],
    ]);
  });

  it('includes runs at either end and gives none when nothing holds', () => {
    expect(runsWhere(periods, (p) => p !== 'c')).toEqual([
      [0, 1],
      [3, 5],
    ]);
    expect(runsWhere(periods, () => true)).toEqual([[0, 5]]);
    expect(runsWhere(periods, () => false)).toEqual([]);
    expect(runsWhere([], () => true)).toEqual([]);
  });
});
