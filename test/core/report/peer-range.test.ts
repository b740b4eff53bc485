import { describe, expect, it } from 'vitest';
import { peerBand, peersOf } from '#core/report/peer-range.ts';

const periods = ['2021-01', '2021-02', '2021-03'];
const series = (values: (number | null)[]) => values.map((value, i) => ({ period: periods[i]!, value }));

describe('peerBand', () => {
  it('scales each peer to the force’s baseline level, then takes the lowest and highest each period', () => {
    // Force averages 100 over the first two periods; peer A averages 50 (×2), peer B 200 (×0.5).
    const band = peerBand(
      { unit: 'crimes' },
      periods,
      [100, 100, 60],
      [series([50, 50, 40]), series([200, 200, 220])],
      ['2021-01', '2021-02'],
    );
    expect(band).toEqual({ low: [100, 100, 80], high: [100, 100, 110], peers: 2 });
  });

  it('compares rates as they are, and leaves a period with fewer than two peers without a band', () => {
    const band = peerBand(
      { unit: 'rate' },
      periods,
      [0.02, 0.02, 0.05],
      [series([0.01, 0.02, null]), series([0.03, 0.01, 0.02])],
      [],
    );
    expect(band).toEqual({ low: [0.01, 0.01, null], high: [0.03, 0.02, null], peers: 2 });
  });

  it('draws no band with fewer than two usable peers', () => {
    expect(peerBand({ unit: 'crimes' }, periods, [1, 1, 1], [series([1, 1, 1])], periods)).toBeNull();
    expect(
      peerBand({ unit: 'crimes' }, periods, [1, 1, 1], [series([0, 0, 0]), series([0, 0, 0])], periods),
    ).toBeNull();
  });

  it('reads the peer slugs from the evidence', () => {
    expect(peersOf({ peers: ['kent', 3, 'surrey'] })).toEqual(['kent', 'surrey']);
    expect(peersOf({ peers: 'kent' })).toEqual([]);
    expect(peersOf(null)).toEqual([]);
  });
});
