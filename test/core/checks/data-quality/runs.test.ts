import { describe, expect, it } from 'vitest';
import { runsWhere, seriesRuns } from '#core/checks/data-quality/runs.ts';
import { indexStreams } from '#core/series/streams.ts';
import { series } from '#test-support/check-inputs.ts';

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

describe('seriesRuns', () => {
  it('finds runs in every series of the audited forces only', () => {
    const rows = [
      ...series('2019-01', [5, 0, 0, 5]),
      ...series('2019-01', [0, 5, 5, 0], { offence_code: '9A' }),
      ...series('2019-01', [0, 0, 0, 0], { force_code: 'essex' }),
    ];
    const runs = seriesRuns(
      { forces: ['kent'] },
      { streams: indexStreams(rows) },
      (s, p) => s.rows.get(p)?.recorded === 0,
    );
    expect(runs.map((r) => [r.stream.force_code, r.series.offence_code, r.t0, r.t1])).toEqual([
      ['kent', '8N', 1, 2],
      ['kent', '9A', 0, 0],
      ['kent', '9A', 3, 3],
    ]);
  });
});
