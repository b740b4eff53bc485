import { describe, expect, it } from 'vitest';
import { glrPoisson } from '#core/stats/glr-poisson.ts';
import { expectRelClose, goldenR } from './golden.ts';

const D1 = goldenR().D1;

describe('glrPoisson (fixture D1 glrpois_dec)', () => {
  // oracle_r.R: glrnb(sts(x_deseason), control = list(range = 25:48, c.ARL = 5,
  //   mu0 = rep(mean(x_deseason[1:24]), 24), alpha = 0, dir = "dec", ret = "value")).
  const x = D1.changepoint.x_deseason.slice(24);
  const mu0 = x.map(() => D1.glrpois_dec.mu0);
  const r = glrPoisson(x, mu0, 5, 'decrease');

  it('upperbound(g) values match surveillance::glrnb (1e-9 relative)', () => {
    expectRelClose(r.statistic, D1.glrpois_dec.glr, 1e-9);
  });

  it('alarms(g) match, first alarm at t = 37 (range index 13)', () => {
    expect(r.alarm.map(Number)).toEqual(D1.glrpois_dec.alarm);
    expect(r.alarm.indexOf(true) + 25).toBe(37);
  });

  it('an increase chart ignores the drop, and a rise triggers it', () => {
    expect(glrPoisson(x, mu0, 5, 'increase').alarm.some(Boolean)).toBe(false);
    const rise = glrPoisson([100, 100, 140, 150], [100, 100, 100, 100], 5, 'increase');
    // Window {3}: 140 ln 1.4 − 40 = 7.106 ≥ 5 → alarm, restart; {4}: 150 ln 1.5 − 50 = 10.82.
    expect(rise.statistic[2]).toBeCloseTo(140 * Math.log(1.4) - 40, 12);
    expect(rise.alarm).toEqual([false, false, true, true]);
  });
});
