import { beforeAll, describe, expect, it } from 'vitest';
import { annotationMask } from '#core/checks/sudden-drop/baseline-mask.ts';
import { LEVEL_SHIFT_CHECK_ID } from '#core/checks/sudden-drop/level-shift.ts';
import type { Panel, SeriesSpec } from '#core/checks/sudden-drop/panel.ts';
import { YEAR_END_DIP_CHECK_ID } from '#core/checks/sudden-drop/year-end-dip.ts';
import { knownBreaksOf, withBuiltIns } from '#core/detection/built-in-annotations.ts';
import type { Finding } from '#core/model/findings.ts';
import type { ReturnRow } from '#core/model/returns.ts';
import { expectedPeriods } from '#core/series/periods.ts';
import { auditorAnnotation as annotation } from '#test-support/annotations.ts';
import { cleanReturns } from './clean-returns.ts';
import { audit, loadExampleReturns, parseEvidence } from './helpers.ts';

const VAP = 'Violence against the person';
const THEFT = 'Theft offences';

describe('the months a sudden-drop comparison leaves out of a force', () => {
  const spec = (groups: string[], id = `group:${groups[0]}`): SeriesSpec => ({
    id,
    level: 'group',
    offence_group: groups.length === 1 ? groups[0]! : null,
    offence_subgroup: null,
    offence_code: null,
    groups,
  });
  const panel: Panel = {
    grain: 'month',
    periods: expectedPeriods('2020-01', '2020-12', 'month'),
    forces: ['kent', 'essex'],
    specs: [],
    values: new Map(),
  };
  const breaks = knownBreaksOf([annotation('kent', THEFT, '2020-03', '2020-05')]);
  const masked = (m: Uint8Array | null) => (m ? [...m] : null);

  it("masks the force's own annotated months in the group it names", () => {
    expect(masked(annotationMask(panel, spec([THEFT]), 'kent', breaks))).toEqual([
      0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0,
    ]);
  });

  it("masks nothing for another force, another group, or the force total (one group's break)", () => {
    expect(annotationMask(panel, spec([THEFT]), 'essex', breaks)).toBeNull();
    expect(annotationMask(panel, spec([VAP]), 'kent', breaks)).toBeNull();
    expect(annotationMask(panel, spec([THEFT, VAP], 'total'), 'kent', breaks)).toBeNull();
  });

  it('masks every month from its start for an annotation still in force, and every series for one of all offences', () => {
    const open = knownBreaksOf([annotation('kent', null, '2020-10', null)]);
    const expected = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1];
    expect(masked(annotationMask(panel, spec([THEFT, VAP], 'total'), 'kent', open))).toEqual(expected);
    expect(masked(annotationMask(panel, spec([VAP]), 'kent', open))).toEqual(expected);
  });
});

describe('sudden_drop.level_shift with an annotated break', () => {
  let rows: ReturnRow[];
  let plain: Finding;
  const northantsViolence = (fs: Finding[]) =>
    fs.filter(
      (f) =>
        f.check_id === LEVEL_SHIFT_CHECK_ID &&
        f.force_code === 'northamptonshire' &&
        f.offence_group === VAP &&
        f.offence_code === null,
    );
  beforeAll(async () => {
    rows = await loadExampleReturns();
    // The demo's Northamptonshire violence falls by a quarter from 2022-04 (examples/README).
    plain = northantsViolence(audit(rows))[0]!;
  });

  it('still reports the explained change itself, citing the annotation, one band lower', () => {
    expect(plain.severity).toBe('high');
    const a = annotation('northamptonshire', VAP, '2022-04', null);
    const [f] = northantsViolence(audit(rows, undefined, undefined, withBuiltIns([a])));
    expect(f!.finding_id).toBe(plain.finding_id);
    expect(f!.severity).toBe('medium');
    expect(parseEvidence(f!).annotations).toEqual([a.annotation_id]);
  });

  it('leaves earlier explained months out of the baseline, and says so', () => {
    const earlier = withBuiltIns([annotation('northamptonshire', VAP, '2021-09', '2021-12')]);
    const [f] = northantsViolence(audit(rows, undefined, undefined, earlier));
    type Base = { usable_periods: number; explained_periods?: string[]; description: string };
    const before = (parseEvidence(plain) as { baseline: Base }).baseline;
    const after = (parseEvidence(f!) as { baseline: Base }).baseline;
    expect(before.explained_periods).toBeUndefined();
    expect(after.explained_periods).toEqual(['2021-09', '2021-10', '2021-11', '2021-12']);
    expect(after.usable_periods).toBe(before.usable_periods - 4);
    expect(after.description).toMatch(/4 periods the force's annotated break explains left out/);
    expect(f!.period_start).toBe(plain.period_start);
  });
});

describe('sudden_drop.year_end_dip with an annotated break', () => {
  const q4 = ['2023-01', '2023-02', '2023-03'];
  let dipped: ReturnRow[];
  const dips = (fs: Finding[]) =>
    fs.filter(
      (f) =>
        f.check_id === YEAR_END_DIP_CHECK_ID &&
        f.force_code === 'derbyshire' &&
        f.offence_group === VAP &&
        f.severity !== 'info',
    );
  beforeAll(() => {
    const g = cleanReturns({ seed: 51, start: '2014-04', months: 120, maxCodes: 70 });
    dipped = g.rows.map((r) =>
      r.force_code === 'derbyshire' && r.offence_group === VAP && q4.includes(r.period_start)
        ? { ...r, recorded: Math.round(r.recorded! * 0.7) }
        : r,
    );
  });

  it('tests a year whose last quarter the force explained, and cites it', () => {
    const [plain] = dips(audit(dipped));
    expect(plain).toBeDefined();
    const a = annotation('derbyshire', VAP, '2023-01', '2023-03');
    const [f] = dips(audit(dipped, undefined, undefined, withBuiltIns([a])));
    expect(f!.finding_id).toBe(plain!.finding_id);
    expect(parseEvidence(f!).annotations).toEqual([a.annotation_id]);
  });

  it('does not test a year whose own run-rate months (April to December) the force explained', () => {
    const explained = withBuiltIns([annotation('derbyshire', VAP, '2022-06', '2022-08')]);
    expect(dips(audit(dipped, undefined, undefined, explained))).toHaveLength(0);
  });
});
