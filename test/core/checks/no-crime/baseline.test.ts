// The no-crime check chooses baselines on precomputed break masks for speed; it must choose exactly
// the months the shared rule (detection/baselines.ts baselineWindow) chooses, which its evidence cites.
import { describe, expect, it } from 'vitest';
import { breakMask, breaksForSeries, chooseBaseline } from '#core/checks/no-crime/baseline-choice.ts';
import { DEFAULT_NO_CRIME_CONFIG } from '#core/checks/no-crime/config.ts';
import { baselineWindow } from '#core/detection/baselines.ts';
import { KNOWN_BREAKS } from '#core/detection/known-breaks.ts';
import { monthIndex, monthRange } from '#core/series/months.ts';
import { createRng } from '#core/stats/random.ts';

describe('chooseBaseline', () => {
  const months = monthRange('2011-04', '2024-03');
  const origin = monthIndex(months[0]!);
  const cases: Array<[string, string | null]> = [
    ['kent', null],
    ['kent', 'Theft offences'],
    ['kent', 'Violence against the person'],
    ['kent', 'Fraud offences'],
    ['greater-manchester', 'Robbery'],
    ['greater-manchester', null],
  ];

  it.each(cases)('chooses what baselineWindow chooses (%s, %s)', (force, group) => {
    const rng = createRng(monthIndex('2024-03') + (group?.length ?? 0) + force.length);
    // Some months unreported, as a force's gaps would be.
    const usable = months.map(() => rng() > 0.08);
    const series = new Map<string, number>();
    months.forEach((m, t) => {
      if (usable[t]) series.set(m, t);
    });
    const breaks = breaksForSeries(KNOWN_BREAKS, group);
    const mask = breakMask(breaks, force, group, origin, months.length);
    const configs = [
      DEFAULT_NO_CRIME_CONFIG,
      { baselineMonths: 24, baselineGapMonths: 0, baselineLookbackMonths: 26 },
      { baselineMonths: 18, baselineGapMonths: 2, baselineLookbackMonths: 60 },
    ];
    for (const c of configs) {
      for (let t = 0; t < months.length; t += 1) {
        const ws = months[t]!;
        const ours = chooseBaseline(monthIndex(ws), origin, mask, (i) => usable[i]!, c).map((i) => months[i]);
        const shared = baselineWindow(series, {
          force_code: force,
          offence_group: group,
          grain: 'month',
          before: ws,
          length: c.baselineMonths,
          gap: c.baselineGapMonths,
          maxLookback: c.baselineLookbackMonths,
          breaks,
        }).periods;
        expect(ours, `${force} ${group} before ${ws}`).toEqual(shared);
      }
    }
  });

  it('keeps only permanent breaks of every group for the all-offences series', () => {
    const ids = breaksForSeries(KNOWN_BREAKS, null).map((b) => b.id);
    expect(ids).toContain('covid-19-2020');
    expect(ids).toContain('hmic-crime-data-integrity-2014');
    expect(ids).not.toContain('burglary-recoding-2017');
    expect(breaksForSeries(KNOWN_BREAKS, 'Theft offences')).toBe(KNOWN_BREAKS);
  });
});
