import { describe, expect, it } from 'vitest';
import { DEFAULT_SUDDEN_DROP_CONFIG } from '#core/checks/sudden-drop/config.ts';
import type { ShiftCoverage } from '#core/checks/sudden-drop/level-shift-coverage.ts';
import {
  coverageFacts,
  type SummaryFacts,
  shiftSummary,
} from '#core/checks/sudden-drop/level-shift-summary.ts';
import type { Panel } from '#core/checks/sudden-drop/panel.ts';
import { expectedPeriods } from '#core/series/periods.ts';
import { shift } from './shifts.ts';

// Period positions 0..71 are 2017-01..2022-12, so the builder's change at 60 is 2022-01.
const panel = { grain: 'month', periods: expectedPeriods('2017-01', '2022-12', 'month') } as unknown as Panel;
const scope = { cfg: DEFAULT_SUDDEN_DROP_CONFIG, panel };
const group = shift('group');
const facts: SummaryFacts = {
  drop: 0.2,
  observed: 8_000,
  expected: 10_000.4,
  periodStart: '2022-01',
  postLast: '2022-12',
  leftOut: 0,
  segmentLast: null,
  segmentToDataEnd: false,
  migration: [],
  targets: [],
  material: true,
};
const reported: ShiftCoverage = {
  relation: 'reported',
  by: null,
  reportedBy: null,
  explains: [],
  includes: [],
};

describe('the level-shift summary', () => {
  it('asks for an explanation of a material drop it reports, and names the figures and months', () => {
    expect(shiftSummary(scope, group.spec, 'kent', facts)).toBe(
      'Recorded "Violence against the person" in Kent fell 20% relative to its peer forces from 2022-01 ' +
        '(8,000 recorded against 10,000 expected from its own trend against its peers, 2022-01 to 2022-12); ' +
        'this sudden drop requires explanation.',
    );
    expect(shiftSummary(scope, group.spec, 'kent', { ...facts, material: false })).toMatch(
      /; this is below the material threshold and is not reported\.$/,
    );
  });

  it('names the finding that reports a covered drop, and the finer drop that explains a coarser one', () => {
    const total = shift('total', { change: 61 });
    const covered = shiftSummary(scope, group.spec, 'kent', { ...facts, coveredBy: total });
    expect(covered).toContain(
      '; it is part of the fall in total recorded crime (excluding fraud offences) from 2022-02, which is reported as one finding',
    );
    const code = shift('code', { shortfall: 1_800 });
    const explained = shiftSummary(scope, group.spec, 'kent', { ...facts, explainedBy: code });
    expect(explained).toContain('; most of it (1,800 of 2,000 crimes) is the fall in offence code 8N');
  });

  it('lists the finer drops a finding reports and the coarser ones it explains', () => {
    const codes = [shift('code', {}, '8N'), shift('code', { logRateRatio: Math.log(0.75) }, '105A')];
    const text = shiftSummary(scope, group.spec, 'kent', {
      ...facts,
      includes: codes,
      explains: [shift('total')],
    });
    expect(text).toContain('The fall includes offence code 8N');
    expect(text).toContain('down 20%; and offence code 105A');
    expect(text).toContain(
      'down 25% over the same months; each was tested and is listed in the evidence (covers).',
    );
    expect(text).toContain(
      ' Over the same months total recorded crime (excluding fraud offences) fell 20% (100 crimes short)',
    );
  });

  it('takes the coverage clauses in a fixed order: finer drops reported first, then coarser ones explained, then who reports it', () => {
    const [a, b, c] = [shift('code'), shift('total'), shift('group')];
    const includes = [{ shift: a, via: null }];
    expect(
      coverageFacts({ ...reported, relation: 'covered', by: c, reportedBy: b, includes, explains: [b] }),
    ).toEqual({
      coveredBy: b,
      includes: [a],
      explains: [b],
    });
    expect(coverageFacts({ ...reported, explains: [b] })).toEqual({ explains: [b] });
    expect(coverageFacts({ ...reported, relation: 'explained', by: a, reportedBy: a })).toEqual({
      explainedBy: a,
    });
    expect(coverageFacts({ ...reported, relation: 'covered', by: c, reportedBy: b })).toEqual({
      coveredBy: b,
    });
    expect(coverageFacts(reported)).toEqual({});
  });
});
