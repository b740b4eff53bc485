import { describe, expect, it } from 'vitest';
import { applyCoarsestLevel } from '#core/checks/sudden-drop/coarsest.ts';
import { DEFAULT_SUDDEN_DROP_CONFIG } from '#core/checks/sudden-drop/config.ts';
import { coverageOf } from '#core/checks/sudden-drop/level-shift-coverage.ts';
import { shift } from './shifts.ts';

const RULE = DEFAULT_SUDDEN_DROP_CONFIG.levelShift.coarsestLevel;
const tested = () => true;

describe('the coverage outcome of a shift, decided before its draft is rendered', () => {
  it('leaves a shift nothing covers reported, reporting nothing else', () => {
    const code = shift('code');
    applyCoarsestLevel([code], RULE, 1, tested);
    expect(coverageOf(code)).toEqual({
      relation: 'reported',
      by: null,
      reportedBy: null,
      explains: [],
      includes: [],
    });
  });

  it('follows a code → group → total chain: each covered drop names its parent and the finding at the top', () => {
    const total = shift('total', { pValue: 1e-10 });
    const group = shift('group', { pValue: 1e-8 });
    const code = shift('code', { change: 61, pValue: 1e-6 });
    applyCoarsestLevel([total, group, code], RULE, 1, tested);
    expect(coverageOf(code)).toMatchObject({ relation: 'covered', by: group, reportedBy: total });
    const g = coverageOf(group);
    expect(g).toMatchObject({ relation: 'covered', by: total, reportedBy: total });
    expect(g.includes).toEqual([{ shift: code, via: null }]);
    const t = coverageOf(total);
    expect(t.relation).toBe('reported');
    expect(t.includes).toEqual([
      { shift: group, via: null },
      { shift: code, via: group },
    ]);
  });

  it('marks a coarser drop explained by the finer, more significant one that makes up its shortfall', () => {
    const total = shift('total', { pValue: 1e-4, shortfall: 1_000 });
    const group = shift('group', { pValue: 1e-9, shortfall: 900, logRateRatio: Math.log(0.7) });
    applyCoarsestLevel([total, group], RULE, 1, tested);
    expect(coverageOf(total)).toMatchObject({ relation: 'explained', by: group, reportedBy: group });
    expect(coverageOf(group)).toMatchObject({ relation: 'reported', explains: [total], includes: [] });
  });
});
