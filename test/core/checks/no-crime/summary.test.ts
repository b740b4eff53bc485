// The summary of a tested window is written once its fate is known: a reported finding's full
// sentence (with the CUSUM onset when dated), or the plain label of a window below the gate.
import { describe, expect, it } from 'vitest';
import { windowSummary } from '#core/checks/no-crime/summary.ts';
import { ratePercent } from '#core/checks/wording.ts';
import { assessed, kinds } from './assessed.ts';

const { reported, screened } = kinds(assessed());

describe('windowSummary', () => {
  const t = reported.test;
  const facts = { rate: t.result.plugIn.y / t.result.plugIn.n, first: '2019-04', last: '2019-06' };

  it('words a reported window with its counts, baseline and onset', () => {
    expect(windowSummary(t, { ...facts, reported: true, onset: '2019-04' })).toMatch(
      /^staffordshire cancelled \d+\.\d% \([\d,]+ of [\d,]+\) of the crimes it recorded in 2019-04 to 2019-06 against \d\.\d% expected from its previous \d+ months of returns; a CUSUM chart dates the rise from 2019-04; the rise requires explanation\.$/,
    );
  });

  it('leaves out the onset the CUSUM could not date', () => {
    const s = windowSummary(t, { ...facts, reported: true, onset: null });
    expect(s).not.toContain('CUSUM');
    expect(s.endsWith('months of returns; the rise requires explanation.')).toBe(true);
  });

  it('labels a window below the reporting gate plainly, by its series key', () => {
    const s = screened.test;
    const months = s.force.months;
    const first = months[s.windowIdx[0]!]!;
    const last = months[s.windowIdx[s.windowIdx.length - 1]!]!;
    const label = windowSummary(s, { reported: false, rate: 0.0312, first, last, onset: null });
    const series = s.series.key === '*' ? 'all offences' : s.series.key;
    expect(label).toBe(
      `${s.force.force_code} cancelled 3.1% of ${series} from ${first} to ${last} against ` +
        `${ratePercent(s.fit.mu)} expected; below the reporting gate.`,
    );
  });
});
