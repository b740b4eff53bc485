import { describe, expect, it } from 'vitest';
import {
  aboutLabelOffences,
  type DemoLabel,
  formatDemoPrecision,
  matchFinding,
  readDemoLabels,
  scoreDemo,
} from '#bench/detection/demo-precision.ts';
import { finding } from '#test-support/findings.ts';

const label = (over: Partial<DemoLabel> = {}): DemoLabel => ({
  id: 'reclassification:kent',
  force_code: 'kent',
  months: ['2022-10', '2022-11', '2022-12'],
  offence_codes: ['8N'],
  related_offence_code: '105A',
  expected_signature: 'reclassification',
  ...over,
});

const reclass = (over = {}) =>
  finding({
    signature: 'reclassification',
    check_id: 'reclassification.mix_shift',
    period_start: '2022-10',
    period_end: '2023-03',
    offence_code: '8N',
    related_offence_code: '105A',
    ...over,
  });

describe('matchFinding', () => {
  it('hits on the same force, an overlapping period and the expected signature', () => {
    expect(matchFinding(reclass(), label())).toBe('hit');
    expect(matchFinding(reclass({ force_code: 'essex' }), label())).toBeNull();
  });

  it('counts a period up to three months after the label, not four, and none before it', () => {
    expect(matchFinding(reclass({ period_start: '2023-03', period_end: '2023-06' }), label())).toBe('hit');
    expect(matchFinding(reclass({ period_start: '2023-04', period_end: '2023-06' }), label())).toBeNull();
    expect(matchFinding(reclass({ period_start: '2022-01', period_end: '2022-09' }), label())).toBeNull();
    expect(matchFinding(reclass({ period_start: '2022-01', period_end: '2022-10' }), label())).toBe('hit');
    // Months in any order in the label: its span is what counts.
    const unordered = label({ months: ['2022-12', '2022-10', '2022-11'] });
    expect(matchFinding(reclass({ period_start: '2023-03', period_end: '2023-03' }), unordered)).toBe('hit');
  });

  it('counts another signature only when it is about the label’s offences', () => {
    const drop = (over = {}) =>
      finding({ signature: 'sudden_drop', period_start: '2022-11', period_end: '2023-02', ...over });
    expect(matchFinding(drop({ offence_code: '8N', related_offence_code: null }), label())).toBe(
      'other_signature',
    );
    expect(matchFinding(drop({ offence_code: '105A', related_offence_code: null }), label())).toBe(
      'other_signature',
    );
    expect(matchFinding(drop({ offence_code: '46', offence_subgroup: 'Shoplifting' }), label())).toBeNull();
  });
});

describe('aboutLabelOffences', () => {
  const base = {
    offence_code: null,
    related_offence_code: null,
    offence_subgroup: null,
    offence_group: null,
  };
  it('reads a finding with no code by its subgroup, then its group, through the offence reference', () => {
    const l = label({ offence_codes: ['46'], related_offence_code: null });
    expect(aboutLabelOffences(finding({ ...base, offence_subgroup: 'Shoplifting' }), l)).toBe(true);
    expect(aboutLabelOffences(finding({ ...base, offence_subgroup: 'Residential burglary' }), l)).toBe(false);
    expect(aboutLabelOffences(finding({ ...base, offence_group: 'Theft offences' }), l)).toBe(true);
    expect(aboutLabelOffences(finding({ ...base, offence_group: 'Drug offences' }), l)).toBe(false);
    expect(aboutLabelOffences(finding(base), l)).toBe(true);
  });

  it('takes a label with no codes as covering every offence', () => {
    const all = label({ offence_codes: [], related_offence_code: null });
    expect(aboutLabelOffences(finding({ offence_code: '49' }), all)).toBe(true);
  });

  it('matches an unknown code by the code itself', () => {
    const l = label({ offence_codes: ['8Z'], related_offence_code: null });
    expect(aboutLabelOffences(finding({ offence_code: '8Z', offence_group: 'Unknown' }), l)).toBe(true);
    expect(aboutLabelOffences(finding({ ...base, offence_group: 'Unknown' }), l)).toBe(false);
  });
});

describe('scoreDemo', () => {
  const labels = [
    label(),
    label({
      id: 'unknown_offence_code:suffolk',
      force_code: 'suffolk',
      months: ['2021-05', '2021-06', '2021-07'],
      offence_codes: ['8Z'],
      related_offence_code: null,
      expected_signature: 'data_quality',
    }),
    label({
      id: 'no_crime_spike:dorset',
      force_code: 'dorset',
      months: ['2022-01'],
      offence_codes: [],
      related_offence_code: null,
      expected_signature: 'no_crime_spike',
    }),
  ];
  const dq = (month: string) =>
    finding({
      signature: 'data_quality',
      check_id: 'dq.unknown_offence_code',
      force_code: 'suffolk',
      period_start: month,
      period_end: month,
      offence_code: '8Z',
      severity: 'high',
    });
  const findings = [
    reclass(),
    finding({
      signature: 'sudden_drop',
      check_id: 'sudden_drop.level_shift',
      period_start: '2022-11',
      period_end: '2023-02',
    }),
    dq('2021-05'),
    dq('2021-06'),
    dq('2021-07'),
    finding({
      force_code: 'essex',
      check_id: 'sudden_drop.level_shift',
      period_start: '2019-12',
      period_end: '2022-03',
      offence_code: '28E',
      severity: 'high',
      effect_size: -0.107,
    }),
    // Info findings are neither hits nor false flags.
    finding({ force_code: 'durham', severity: 'info' }),
    finding({ signature: 'no_crime_spike', force_code: 'dorset', severity: 'info', period_start: '2022-01' }),
  ];

  it('counts hits and other-signature reports per label, and the findings on no planted problem', () => {
    const r = scoreDemo(findings, labels);
    expect(r.findings).toBe(8);
    expect(r.findingsAboveInfo).toBe(6);
    expect(r.labels.map((l) => [l.id, l.hits, l.otherSignature, l.reportedOnce])).toEqual([
      ['reclassification:kent', 1, 1, false],
      ['unknown_offence_code:suffolk', 3, 0, false],
      ['no_crime_spike:dorset', 0, 0, false],
    ]);
    expect(r.labels[0]!.checks).toEqual(['reclassification.mix_shift', 'sudden_drop.level_shift']);
    expect(r.unplanted).toEqual([
      {
        force: 'essex',
        check: 'sudden_drop.level_shift',
        signature: 'sudden_drop',
        period: '2019-12..2022-03',
        offence: '28E',
        severity: 'high',
        effect: -0.107,
      },
    ]);
    expect(r.onPlanted).toBe(5);
    expect(r.share).toBeCloseTo(5 / 6, 12);
    expect(r.targets).toEqual({ everyLabelOnce: false, share: false });
  });

  it('meets both targets when each label has exactly one finding under its signature', () => {
    const once = [
      reclass(),
      dq('2021-06'),
      finding({
        ...reclass(),
        force_code: 'dorset',
        signature: 'no_crime_spike',
        period_start: '2022-01',
        period_end: '2022-03',
      }),
    ];
    const r = scoreDemo(once, labels);
    expect(r.labels.every((l) => l.reportedOnce)).toBe(true);
    expect(r.share).toBe(1);
    expect(r.targets).toEqual({ everyLabelOnce: true, share: true });
    expect(formatDemoPrecision(r)).toContain('every planted problem reported exactly once: MET (3 of 3)');
  });

  it('prints the list of findings on no planted problem and which targets are not met', () => {
    const text = formatDemoPrecision(scoreDemo(findings, labels));
    expect(text).toContain('findings above info on no planted problem: 1');
    expect(text).toMatch(/essex\s+sudden_drop\.level_shift\s+2019-12\.\.2022-03\s+28E\s+high\s+-0\.107/);
    expect(text).toContain('share of findings above info on a planted problem ≥ 0.9: NOT MET');
  });
});

describe('readDemoLabels', () => {
  it('reads the planted problems of the bundled demo, each with a force, months and a signature', async () => {
    const labels = await readDemoLabels();
    expect(labels.length).toBeGreaterThan(0);
    for (const l of labels) {
      expect(l.force_code).not.toBe('');
      expect(l.months.length).toBeGreaterThan(0);
      expect(['data_quality', 'sudden_drop', 'reclassification', 'no_crime_spike']).toContain(
        l.expected_signature,
      );
    }
  });
});
