import { describe, expect, it } from 'vitest';
import type { CrimeTarget } from '#core/detection/targets.ts';
import { findingShortfall } from '#core/report/league-shortfall.ts';
import { buildLeagueTable, type LeagueFindingInput } from '#core/report/league-table.ts';
import { renderLeagueTableSection } from '#core/report/league-table-html.ts';
import type { LeagueReturnRow } from '#core/report/league-totals.ts';
import { monthRange } from '#core/series/months.ts';

/** Robbery, three months of baseline (2019-04..06) and three assessed (2020-04..06). */
const TARGET: CrimeTarget = {
  id: 'robbery-test',
  description: 'Test target: robbery',
  offence_groups: ['Robbery'],
  offence_codes: [],
  baseline: { start: '2019-04', end: '2019-06' },
  assessment: { start: '2020-04', end: '2020-06' },
  reduction: 0.2,
  window_months: 0,
};
const BASE = monthRange('2019-04', '2019-06');
const ASSESSED = monthRange('2020-04', '2020-06');

function month(force: string, m: string, code: string, recorded: number): LeagueReturnRow {
  const group = code === '8N' ? 'Violence against the person' : 'Robbery';
  return {
    force_code: force,
    period_start: m,
    period_end: m,
    grain: 'month',
    level: 'code',
    offence_code: code,
    offence_group: group,
    recorded,
  };
}

/** A force's 34B rows: `base` a month in the baseline, `assessed` a month in the assessment window. */
function robbery(
  force: string,
  base: number,
  assessed: number,
  skip: readonly string[] = [],
): LeagueReturnRow[] {
  return [
    ...BASE.map((m) => month(force, m, '34B', base)),
    ...ASSESSED.filter((m) => !skip.includes(m)).map((m) => month(force, m, '34B', assessed)),
    // Violence is not the target's: it must change nothing.
    ...[...BASE, ...ASSESSED].map((m) => month(force, m, '8N', 500)),
  ];
}

function finding(
  over: Partial<LeagueFindingInput> & { finding_id: string; force_code: string },
): LeagueFindingInput {
  return {
    signature: 'sudden_drop',
    check_id: 'sudden_drop.level_shift',
    severity: 'high',
    status: 'open',
    period_start: '2020-04',
    period_end: '2020-06',
    offence_group: 'Robbery',
    offence_subgroup: null,
    offence_code: '34B',
    related_offence_code: null,
    evidence: '{}',
    ...over,
  };
}

const series = (points: ReadonlyArray<[string, number, number]>) =>
  points.map(([period, value, expected]) => ({ period, value, expected }));

const RETURNS: LeagueReturnRow[] = [
  ...robbery('kent', 100, 80),
  ...robbery('essex', 100, 90),
  ...robbery('surrey', 100, 100),
  ...robbery('dorset', 100, 110),
  ...robbery('cumbria', 100, 50, ['2020-05']),
  ...robbery('gwent', 0, 5),
  ...robbery('btp', 100, 60),
  ...[...BASE, ...ASSESSED].map((m) => month('lancashire', m, '8N', 400)),
];

const FINDINGS: LeagueFindingInput[] = [
  // Kent: a drop of 101 − 80 = 21 a month in each assessed month: 63 crimes.
  finding({
    finding_id: 'f_kent_drop',
    force_code: 'kent',
    evidence: JSON.stringify({ series: series(ASSESSED.map((m) => [m, 80, 101])) }),
  }),
  // The same months at group level, 10 a month: overlaps the code-level drop, so not added twice.
  finding({
    finding_id: 'f_kent_group',
    force_code: 'kent',
    severity: 'medium',
    offence_code: null,
    evidence: JSON.stringify({ series: series(ASSESSED.map((m) => [m, 80, 90])) }),
  }),
  // Accepted: not open, so not beside the row and adds nothing.
  finding({
    finding_id: 'f_kent_accepted',
    force_code: 'kent',
    status: 'accepted',
    evidence: JSON.stringify({ series: series(ASSESSED.map((m) => [m, 0, 1000])) }),
  }),
  // About violence: not the target's offences.
  finding({
    finding_id: 'f_kent_violence',
    force_code: 'kent',
    offence_group: 'Violence against the person',
    offence_code: '8N',
  }),
  // Essex: robbery recorded as theft from the person (outside the target), 95 − 90 = 5 in 2020-05
  // and in 2020-06 (10); its 2020-07 lies outside the assessment window.
  finding({
    finding_id: 'f_essex_reclass',
    force_code: 'essex',
    signature: 'reclassification',
    check_id: 'reclassification.mix_shift',
    severity: 'medium',
    status: 'disputed',
    period_start: '2020-05',
    period_end: '2020-07',
    related_offence_code: '39',
    evidence: JSON.stringify({
      family: { serious_codes: ['34B'], lesser_codes: ['39'] },
      series: series([
        ['2020-05', 90, 95],
        ['2020-06', 90, 95],
        ['2020-07', 90, 100],
      ]),
    }),
  }),
  // Surrey: business robbery recorded as personal robbery, both the target's: the total is unchanged.
  finding({
    finding_id: 'f_surrey_reclass',
    force_code: 'surrey',
    signature: 'reclassification',
    check_id: 'reclassification.mix_shift',
    offence_code: '34A',
    related_offence_code: '34B',
    evidence: JSON.stringify({
      family: { serious_codes: ['34A'], lesser_codes: ['34B'] },
      series: series(ASSESSED.map((m) => [m, 10, 30])),
    }),
  }),
  // Dorset: a data-quality problem in the baseline; it is listed, but its evidence sizes nothing.
  finding({
    finding_id: 'f_dorset_dup',
    force_code: 'dorset',
    signature: 'data_quality',
    check_id: 'dq.duplicate_key',
    severity: 'low',
    period_start: '2019-05',
    period_end: '2019-05',
  }),
];

describe('buildLeagueTable: a hand-computed example', () => {
  const table = buildLeagueTable({ returns: RETURNS, findings: FINDINGS, targets: [TARGET] }, TARGET);
  const row = (force: string) => table.rows.find((r) => r.force_code === force)!;

  it('ranks the complete territorial forces by change against the national change', () => {
    // Ranked: kent 300 → 240 (−20%), essex 300 → 270 (−10%), surrey 300 → 300 (0%), dorset 300 → 330 (+10%).
    // National: 1,200 → 1,140 = −5%. Against it: kent −15, essex −5, surrey +5, dorset +15 points.
    expect(table.not_assessable).toBeNull();
    expect(table.national).toMatchObject({ baseline: 1200, assessment: 1140 });
    expect(table.national!.change).toBeCloseTo(-0.05, 12);
    expect(table.rows.slice(0, 4).map((r) => [r.force_code, r.rank, r.baseline, r.assessment])).toEqual([
      ['kent', 1, 300, 240],
      ['essex', 2, 300, 270],
      ['surrey', 3, 300, 300],
      ['dorset', 4, 300, 330],
    ]);
    expect(row('kent').change).toBeCloseTo(-0.2, 12);
    expect(row('kent').vs_national).toBeCloseTo(-15, 9);
    expect(row('dorset').vs_national).toBeCloseTo(15, 9);
  });

  it('adds back what the open findings measure in the assessment window, once per month and offence', () => {
    const kent = row('kent');
    expect(kent.flags.map((f) => [f.finding_id, f.added])).toEqual([
      ['f_kent_drop', 63],
      ['f_kent_group', 0],
    ]);
    expect(kent.flags[1]!.note).toContain('months already counted by f_kent_drop');
    expect(kent.by_severity).toEqual({ high: 1, medium: 1, low: 0, info: 0 });
    expect(kent.added_back).toBe(63);
    // Essex: 2020-05 and 2020-06 only, (95 − 90) × 2 = 10; 2020-07 is after the window.
    expect(row('essex').flags.map((f) => [f.finding_id, f.status, f.added])).toEqual([
      ['f_essex_reclass', 'disputed', 10],
    ]);
    expect(row('surrey').flags[0]).toMatchObject({ finding_id: 'f_surrey_reclass', added: 0 });
    expect(row('surrey').flags[0]!.note).toContain("also the target's offences");
    expect(row('dorset').flags[0]).toMatchObject({ finding_id: 'f_dorset_dup', added: 0 });
  });

  it('re-ranks with the shortfall recorded: a force whose place rested on it drops', () => {
    // Adjusted: kent 240 + 63 = 303 (+1%), essex 270 + 10 = 280 (−6.667%), surrey 0%, dorset +10%.
    // National: (1,140 + 73) / 1,200 − 1 = +1.0833%. Against it: kent −0.0833, essex −7.75,
    // surrey −1.0833, dorset +8.9167: essex 1, surrey 2, kent 3, dorset 4.
    expect(table.national!.added_back).toBe(73);
    expect(table.national!.adjusted_change).toBeCloseTo(13 / 1200, 12);
    expect(row('kent').adjusted_change).toBeCloseTo(0.01, 12);
    expect(row('kent').adjusted_vs_national).toBeCloseTo(100 * (0.01 - 13 / 1200), 9);
    expect(row('essex').adjusted_vs_national).toBeCloseTo(100 * (280 / 300 - 1 - 13 / 1200), 9);
    expect(table.rows.slice(0, 4).map((r) => [r.force_code, r.rank, r.adjusted_rank])).toEqual([
      ['kent', 1, 3],
      ['essex', 2, 1],
      ['surrey', 3, 2],
      ['dorset', 4, 4],
    ]);
  });

  it('lists, unranked and with the reason, incomplete windows, no target offences, a zero baseline and BTP', () => {
    const unranked = Object.fromEntries(
      table.rows.filter((r) => r.rank === null).map((r) => [r.force_code, r.unranked]),
    );
    expect(unranked).toEqual({
      btp: 'not a territorial force: outside the national figure',
      cumbria: 'assessment window incomplete (May 2020 missing)',
      gwent: 'no crimes in the baseline: a change cannot be measured',
      lancashire: "no returns of the target's offences",
    });
    expect(row('cumbria').change).toBeNull();
    expect(row('cumbria').adjusted_rank).toBeNull();
    expect(table.rows.slice(4).every((r) => r.rank === null)).toBe(true);
  });
});

describe('buildLeagueTable: sources and coverage', () => {
  it('counts each month once, monthly before quarterly, and spreads a quarter over its months', () => {
    const quarter = (start: string, end: string, recorded: number): LeagueReturnRow => ({
      force_code: 'durham',
      period_start: start,
      period_end: end,
      grain: 'quarter',
      level: 'group',
      offence_code: null,
      offence_group: 'Robbery',
      recorded,
    });
    const returns = [
      quarter('2019-04', '2019-06', 300),
      quarter('2020-04', '2020-06', 270),
      // A monthly return for 2020-04 replaces that month's third of the quarter (90) with 60.
      month('durham', '2020-04', '34B', 60),
    ];
    const t = buildLeagueTable({ returns, findings: [], targets: [TARGET] }, TARGET);
    expect(t.rows[0]).toMatchObject({ force_code: 'durham', baseline: 300, assessment: 240, rank: 1 });
  });

  it('says the target cannot be assessed when the data stops before its assessment window ends', () => {
    const early = robbery('kent', 100, 80).filter((r) => r.period_start < '2020-06');
    const t = buildLeagueTable({ returns: early, findings: [], targets: [TARGET] }, TARGET);
    expect(t.not_assessable).toBe(
      'the data runs from 2019-04 to 2020-05, short of the assessment window 2020-04 to 2020-06',
    );
    expect(t.rows).toEqual([]);
    expect(renderLeagueTableSection([t]).html).toContain(
      'This target cannot be assessed from this data: the data runs from 2019-04 to 2020-05',
    );
  });
});

describe('renderLeagueTableSection', () => {
  const table = buildLeagueTable({ returns: RETURNS, findings: FINDINGS, targets: [TARGET] }, TARGET);
  const section = renderLeagueTableSection([table]);

  it('is a section with a captioned table, header cells with scope, and sortable numbers', () => {
    expect(section.id).toBe('league-tables');
    // The page wraps it in its own <section> and heading.
    expect(section.html).toMatch(/^<div class="league">/);
    expect(section.html).not.toMatch(/<section|<h2/);
    expect(section.html).toContain(
      '<caption>Test target: robbery: forces ranked by change against the national trend</caption>',
    );
    expect(section.html).toContain('<th scope="row">Kent</th>');
    expect(section.html).toContain('<th scope="col" class="num">Rank if recorded</th>');
    expect(section.html).toContain('<td class="num" data-sort-value="-15">−15.0</td>');
    expect(section.html).not.toContain('<script');
  });

  it('marks, in words, a rank that rests on flagged data, and links each finding', () => {
    const kent = /<tr class="league-flagged">.*?<\/tr>/s.exec(section.html)?.[0] ?? '';
    expect(kent).toContain('<th scope="row">Kent</th>');
    expect(kent).toContain('▼ 2 (rests on flagged data)');
    expect(kent).toContain('<a href="#finding-f_kent_drop"><code>f_kent_drop</code></a>');
    expect(section.html).toContain('1 force(s) lose places when their flagged shortfall is added back');
  });

  it('escapes what comes from the data', () => {
    const hostile = { ...TARGET, description: '<img src=x onerror=alert(1)>' };
    const html = renderLeagueTableSection([
      buildLeagueTable({ returns: RETURNS, findings: [], targets: [hostile] }, hostile),
    ]).html;
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('findingShortfall: what each kind of evidence adds', () => {
  const months = new Set(ASSESSED);
  const total = (r: ReturnType<typeof findingShortfall>) => [...r.months.values()].reduce((a, b) => a + b, 0);

  it('a no-crime spike on the target: cancellations beyond the expected, in the window', () => {
    const f = finding({
      finding_id: 'f_nc',
      force_code: 'kent',
      signature: 'no_crime_spike',
      check_id: 'no_crime.spike',
      period_start: '2020-03',
      period_end: '2020-04',
      evidence: JSON.stringify({
        window_months: [
          { period: '2020-03', cancelled: 50, expected_cancelled: 10 },
          { period: '2020-04', cancelled: 30, expected_cancelled: 12.5 },
        ],
      }),
    });
    // 2020-03 is before the assessment window: only 30 − 12.5 = 17.5.
    expect(total(findingShortfall(f, TARGET, months))).toBe(17.5);
  });

  it("a no-crime spike on all offences: its components' excess in the target's groups, only if wholly in the window", () => {
    const evidence = (start: string) => ({
      window_months: [start, '2020-05'].map((period) => ({ period, cancelled: 100, expected_cancelled: 50 })),
      components: [
        { offence_group: 'Robbery', offence_code: null, excess: 40 },
        { offence_group: 'Violence against the person', offence_code: null, excess: 60 },
      ],
    });
    const all = (start: string) =>
      finding({
        finding_id: 'f_all',
        force_code: 'kent',
        signature: 'no_crime_spike',
        check_id: 'no_crime.spike',
        offence_group: null,
        offence_code: null,
        period_start: start,
        period_end: '2020-05',
        evidence: JSON.stringify(evidence(start)),
      });
    expect(total(findingShortfall(all('2020-04'), TARGET, months))).toBe(40);
    const partly = findingShortfall(all('2020-03'), TARGET, months);
    expect(partly.months.size).toBe(0);
    expect(partly.note).toContain('covers months outside the assessment window');
  });

  it('a drop: its tested months and the lower level after them, in the window; nothing for a wider scope', () => {
    const drop = (over: Partial<LeagueFindingInput>) =>
      finding({
        finding_id: 'f_drop',
        force_code: 'kent',
        period_start: '2020-03',
        period_end: '2020-04',
        evidence: JSON.stringify({
          lower_level: { start: '2020-03', end: '2020-05' },
          series: series(monthRange('2020-02', '2020-06').map((m) => [m, 90, 100])),
        }),
        ...over,
      });
    // 2020-04 (tested) and 2020-05 (lower level) are in the window: 2 × 10; 2020-03 is before it,
    // 2020-06 after the lower level ended.
    const r = findingShortfall(drop({}), TARGET, months);
    expect([...r.months.keys()]).toEqual(['2020-04', '2020-05']);
    expect(total(r)).toBe(20);
    expect(r.note).toContain('1 after its tested window');
    const wide = findingShortfall(drop({ offence_group: null, offence_code: null }), TARGET, months);
    expect(wide.months.size).toBe(0);
    expect(wide.note).toContain("wider than the target's offences");
  });

  it('a run of zeros: the trailing mean for each zero month; a record-level downgrade: the excess downgrades', () => {
    const zeros = finding({
      finding_id: 'f_zero',
      force_code: 'kent',
      signature: 'data_quality',
      check_id: 'dq.zero_run',
      period_start: '2020-05',
      period_end: '2020-06',
      evidence: JSON.stringify({
        trailing_mean: 33,
        series: [
          { period: '2020-05', value: 0 },
          { period: '2020-06', value: 0 },
        ],
      }),
    });
    expect(total(findingShortfall(zeros, TARGET, months))).toBe(66);
    const downgrades = finding({
      finding_id: 'f_down',
      force_code: 'kent',
      signature: 'reclassification',
      check_id: 'reclassification.record_level',
      related_offence_code: '39',
      evidence: JSON.stringify({ series: series([['2020-04', 12, 2]]) }),
    });
    expect(total(findingShortfall(downgrades, TARGET, months))).toBe(10);
  });

  it('a drop explained by another finding of the force adds nothing of its own', () => {
    const explained = finding({
      finding_id: 'f_explained',
      force_code: 'kent',
      severity: 'info',
      evidence: JSON.stringify({
        explained_by: { finding_id: 'f_surrey_like', check_id: 'reclassification.mix_shift' },
        series: series(ASSESSED.map((m) => [m, 80, 101])),
      }),
    });
    const within = finding({
      finding_id: 'f_surrey_like',
      force_code: 'kent',
      signature: 'reclassification',
      check_id: 'reclassification.mix_shift',
      related_offence_code: '34A',
      evidence: JSON.stringify({
        family: { lesser_codes: ['34A'] },
        series: series(ASSESSED.map((m) => [m, 80, 101])),
      }),
    });
    const t = buildLeagueTable(
      { returns: RETURNS, findings: [explained, within], targets: [TARGET] },
      TARGET,
    );
    const kent = t.rows.find((r) => r.force_code === 'kent')!;
    expect(kent.added_back).toBe(0);
    expect(kent.flags.find((f) => f.finding_id === 'f_explained')!.note).toContain(
      'explained by f_surrey_like',
    );
  });
});
